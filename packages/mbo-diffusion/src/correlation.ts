// The correlation harness of brief §5.4: Pearson r, Spearman ρ (average ranks for ties) and Kendall
// τ_b, each with a 95% percentile CI from lab's bootstrap over B seeded resamples of the points
// (resamples with zero variance are skipped and counted). Fewer than 3 points or zero variance gives NaN.
import { bootstrap, kendallTauB as labKendallTauB } from 'lab';
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
  /** Bootstrap resamples skipped because a side had zero variance (all when the points have none). */
  skipped: number;
}

/** The bootstrap of a correlation: lab's stream `seed`, `resamples` draws of the points. */
export interface Resampling {
  seed: string;
  resamples: number;
}

/**
 * All three statistics with 95% percentile CIs from lab's bootstrap over the points (one call per
 * statistic, same seed and points, so the same resamples); without `resampling`, no CIs.
 */
export function correlate(
  x: readonly number[],
  y: readonly number[],
  resampling: Resampling | null,
): Correlation {
  if (x.length !== y.length)
    throw new Error(`correlation needs equal lengths, got ${x.length} and ${y.length}`);
  const points = x.map((xi, i) => ({ x: xi, y: y[i]! }));
  const withCi = (statistic: (x: readonly number[], y: readonly number[]) => number) => {
    const value = statistic(x, y);
    if (resampling === null) return { estimate: { value, low: Number.NaN, high: Number.NaN }, skipped: 0 };
    const onSample = (sample: readonly { x: number; y: number }[]) =>
      statistic(
        sample.map((p) => p.x),
        sample.map((p) => p.y),
      );
    const { ci, skipped } = bootstrap(points, onSample, { ...resampling, level: 0.95 });
    return { estimate: { value, low: ci[0], high: ci[1] }, skipped };
  };
  const r = withCi(pearson);
  return {
    n: x.length,
    pearson: r.estimate,
    spearman: withCi(spearman).estimate,
    kendall: withCi(kendallTauB).estimate,
    skipped: r.skipped, // the same resamples for all three
  };
}
