// Statistics (brief §6.2) [O]: a paired bootstrap over units stratified by seed and tier, the three-way
// verdict rule R(δ), and the calibration measures of self-evaluation (reliability bins, ECE, AUROC).
import { Rng } from 'core-tensor';
import type { Verdict } from 'lab';

/** A resampling of unit positions: per seed, the indices into that seed's aligned unit arrays. */
export type Resample = number[][];

export interface Strata {
  /** Per seed, the stratum (tier) of each unit position. */
  tiersBySeed: string[][];
}

/** The identity resample (the point estimate). */
export function identity(strata: Strata): Resample {
  return strata.tiersBySeed.map((tiers) => tiers.map((_, i) => i));
}

/** One bootstrap resample: within every (seed, tier) stratum, as many units drawn with replacement. */
export function resample(strata: Strata, rng: Rng): Resample {
  return strata.tiersBySeed.map((tiers) => {
    const groups = new Map<string, number[]>();
    for (const [i, tier] of tiers.entries()) groups.set(tier, [...(groups.get(tier) ?? []), i]);
    const out: number[] = [];
    for (const members of groups.values())
      for (let k = 0; k < members.length; k++) out.push(members[rng.int(members.length)]!);
    return out;
  });
}

export interface Estimate {
  value: number;
  lo: number;
  hi: number;
  /** The statistic on each seed alone. */
  perSeed: number[];
}

/**
 * Point estimate, 95% percentile CI over `draws` paired resamples (the same unit positions for every
 * variant the statistic reads), and the per-seed values.
 */
export function bootstrap(
  strata: Strata,
  statistic: (sample: Resample) => number,
  draws: number,
  seed: string,
): Estimate {
  const rng = new Rng(`bootstrap/${seed}`);
  const values: number[] = [];
  for (let b = 0; b < draws; b++) {
    const v = statistic(resample(strata, rng));
    if (Number.isFinite(v)) values.push(v);
  }
  values.sort((a, b) => a - b);
  const point = identity(strata);
  const perSeed = point.map((_, s) => statistic(point.map((indices, t) => (t === s ? indices : []))));
  const quantile = (q: number) =>
    values.length === 0
      ? Number.NaN
      : values[Math.min(values.length - 1, Math.max(0, Math.floor(q * values.length)))]!;
  return { value: statistic(point), lo: quantile(0.025), hi: quantile(0.975), perSeed };
}

/**
 * R(δ) (brief §6.2): reproduced if d̂ ≥ δ, lo > 0 and d̂ > 0 in every seed; not reproduced if hi < δ;
 * inconclusive otherwise or when the estimate cannot be computed.
 */
export function verdictOf(estimate: Estimate, delta: number): Verdict {
  const { value, lo, hi, perSeed } = estimate;
  if (![value, lo, hi].every(Number.isFinite)) return 'inconclusive';
  if (value >= delta && lo > 0 && perSeed.every((v) => v > 0)) return 'reproduced';
  if (hi < delta) return 'not reproduced';
  return 'inconclusive';
}

/** Combines sub-verdicts: reproduced if all are, not reproduced if any is, else inconclusive. */
export function allOf(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.length > 0 && verdicts.every((v) => v === 'reproduced')) return 'reproduced';
  if (verdicts.some((v) => v === 'not reproduced')) return 'not reproduced';
  return 'inconclusive';
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  /** Share of true claims in the bin (NaN when empty). */
  accuracy: number;
  meanConfidence: number;
}

/** Reliability table of (p̂, truth) pairs in bins of `width` (brief §8, `selfeval-calibration`). */
export function reliability(points: readonly { p: number; truth: boolean }[], width = 0.2): ReliabilityBin[] {
  const bins = Math.round(1 / width);
  return Array.from({ length: bins }, (_, b) => {
    const lo = b * width;
    const hi = (b + 1) * width;
    const members = points.filter((x) => (b === bins - 1 ? x.p >= lo : x.p >= lo && x.p < hi));
    const count = members.length;
    return {
      lo,
      hi,
      count,
      accuracy: count ? members.filter((x) => x.truth).length / count : Number.NaN,
      meanConfidence: count ? members.reduce((s, x) => s + x.p, 0) / count : Number.NaN,
    };
  });
}

/** Expected calibration error over the bins. */
export function expectedCalibrationError(bins: readonly ReliabilityBin[]): number {
  const total = bins.reduce((s, b) => s + b.count, 0);
  if (total === 0) return Number.NaN;
  return bins.reduce(
    (s, b) => (b.count ? s + (b.count / total) * Math.abs(b.accuracy - b.meanConfidence) : s),
    0,
  );
}

/** Area under the ROC curve of scores for positives vs negatives (ties count one half). */
export function auroc(points: readonly { p: number; truth: boolean }[]): number {
  const sorted = points.slice().sort((a, b) => a.p - b.p);
  let positives = 0;
  let negatives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.p === sorted[i]!.p) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]!.truth) {
        positives++;
        rankSum += averageRank;
      } else negatives++;
    }
    i = j;
  }
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
