// The correlation harness of brief §5.4: Pearson r, Spearman ρ (average ranks for ties) and Kendall
// τ_b, each with a 95% percentile-bootstrap CI over B seeded resamples of the points (resamples with
// zero variance are skipped and counted). Fewer than 3 points or zero variance gives NaN.
import type { Rng } from 'core-tensor';
import { kendallTauB as labKendallTauB } from 'lab';
import { sampleCorrelation, sampleRankCorrelation } from 'simple-statistics';

function hasVariance(values: readonly number[]): boolean {
  return values.some((value) => value !== values[0]);
}

function usable(x: readonly number[], y: readonly number[]): boolean {
  if (x.length !== y.length)
    throw new Error(`correlation needs equal lengths, got ${x.length} and ${y.length}`);
  return x.length >= 3 && hasVariance(x) && hasVariance(y) && [...x, ...y].every(Number.isFinite);
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  return usable(x, y) ? sampleCorrelation([...x], [...y]) : Number.NaN;
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  return usable(x, y) ? sampleRankCorrelation([...x], [...y]) : Number.NaN;
}

/** Kendall's τ_b (lab's, with the tie correction); NaN where the harness finds the points unusable. */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  return usable(x, y) ? labKendallTauB(x, y) : Number.NaN;
}

export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export interface Correlation {
  n: number;
  pearson: Estimate;
  spearman: Estimate;
  kendall: Estimate;
  /** Bootstrap resamples skipped because a side had zero variance. */
  skipped: number;
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

/** All three statistics with 95% percentile-bootstrap CIs over `resamples` draws of the points. */
export function correlate(
  x: readonly number[],
  y: readonly number[],
  resamples: number,
  rng: Rng,
): Correlation {
  const stats = [pearson, spearman, kendallTauB] as const;
  const values = stats.map((stat) => stat(x, y));
  const draws: number[][] = [[], [], []];
  let skipped = 0;
  if (Number.isFinite(values[0]!)) {
    for (let b = 0; b < resamples; b++) {
      const rows = Array.from({ length: x.length }, () => rng.int(x.length));
      const bx = rows.map((i) => x[i]!);
      const by = rows.map((i) => y[i]!);
      if (!hasVariance(bx) || !hasVariance(by)) {
        skipped += 1;
        continue;
      }
      stats.forEach((stat, s) => {
        draws[s]!.push(stat(bx, by));
      });
    }
  }
  const estimates = values.map((value, s) => {
    const sorted = draws[s]!.filter(Number.isFinite).sort((a, b) => a - b);
    return { value, low: percentile(sorted, 0.025), high: percentile(sorted, 0.975) };
  });
  return { n: x.length, pearson: estimates[0]!, spearman: estimates[1]!, kendall: estimates[2]!, skipped };
}
