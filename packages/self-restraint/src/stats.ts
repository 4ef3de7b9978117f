// Statistics (brief §6.2) [O]: estimates with lab's bootstrap over units paired across variants and
// stratified by seed and tier, the three-way verdict rule R(δ), and the calibration measures of
// self-evaluation (reliability bins, ECE, AUROC).
import { bootstrap, type Verdict } from 'lab';

/**
 * One held-out entity (or search target) of one seed, the unit of the bootstrap. Variants are paired
 * by position: unit `index` of seed `seedIndex` is the same entity in every variant's unit array.
 */
export interface PairedUnit {
  /** Position of the seed in the run's seed results. */
  seedIndex: number;
  index: number;
  tier: string;
}

/** Every seed's units, in seed order, from the tier of each unit position per seed. */
export function unitsOf(tiersBySeed: readonly (readonly string[])[]): PairedUnit[] {
  return tiersBySeed.flatMap((tiers, seedIndex) => tiers.map((tier, index) => ({ seedIndex, index, tier })));
}

export interface Estimate {
  value: number;
  lo: number;
  hi: number;
  /** The statistic on each seed alone (the seeds that have units, in order). */
  perSeed: number[];
}

/**
 * Point estimate and 95% percentile CI from lab's bootstrap over `draws` resamples of the units within
 * every (seed, tier) stratum (the same units for every variant the statistic reads: a paired design),
 * and the per-seed values.
 */
export function estimateOf(
  units: readonly PairedUnit[],
  statistic: (sample: readonly PairedUnit[]) => number,
  draws: number,
  seed: string,
): Estimate {
  const { estimate, ci } = bootstrap(units, statistic, {
    seed,
    resamples: draws,
    level: 0.95,
    method: 'percentile',
    strata: (unit) => `${unit.seedIndex}/${unit.tier}`,
  });
  const seeds = [...new Set(units.map((unit) => unit.seedIndex))];
  const perSeed = seeds.map((s) => statistic(units.filter((unit) => unit.seedIndex === s)));
  return { value: estimate, lo: ci[0], hi: ci[1], perSeed };
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
