// The one bootstrap of the workspace: resample the units a claim names (seeds, tasks, episodes,
// cells), recompute the statistic on each resample, and read a confidence interval off the
// replicates, by percentile or by BCa (bias-corrected and accelerated, Efron 1987). Units can be
// resampled within strata (e.g. within each seed × tier), so a paired or nested design keeps its
// shape. Seeded by a string, so a claim recomputed from the same units gives the same interval.
import { Rng } from 'core-tensor';
import { errorFunction, probit, quantileSorted } from 'simple-statistics';
import { z } from 'zod';

export const BootstrapMethod = z.enum(['percentile', 'bca']);
export type BootstrapMethod = z.infer<typeof BootstrapMethod>;

export const BootstrapOptions = z.object({
  /** Names the random stream: the same seed and units give the same interval. */
  seed: z.string().min(1),
  resamples: z.number().int().min(10).max(1_000_000).default(2_000),
  /** Two-sided confidence level. */
  level: z.number().gt(0).lt(1).default(0.95),
  method: BootstrapMethod.default('percentile'),
});
export type BootstrapOptions<T> = z.input<typeof BootstrapOptions> & {
  /** Resample within groups of units with the same key (each group keeps its size). */
  strata?: (unit: T) => string;
};

export interface BootstrapResult {
  /** The statistic on the units as observed. */
  estimate: number;
  ci: [number, number];
  method: BootstrapMethod;
  level: number;
  /** Resamples whose statistic was finite (the others are skipped and counted). */
  resamples: number;
  skipped: number;
  n: number;
}

/** Φ, the standard normal CDF. */
function normalCdf(z: number): number {
  return 0.5 * (1 + errorFunction(z / Math.SQRT2));
}

/** Unit indices grouped by stratum key, in first-seen order (one group when there are no strata). */
function groupIndices<T>(units: readonly T[], strata?: (unit: T) => string): number[][] {
  if (strata === undefined) return [units.map((_, i) => i)];
  const groups = new Map<string, number[]>();
  for (const [i, unit] of units.entries()) {
    const key = strata(unit);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  }
  return [...groups.values()];
}

/** One resample: from every stratum, as many units as it holds, drawn with replacement. */
function resample<T>(units: readonly T[], groups: readonly number[][], rng: Rng): T[] {
  const out: T[] = [];
  for (const group of groups)
    for (let k = 0; k < group.length; k++) out.push(units[group[rng.int(group.length)]!]!);
  return out;
}

/**
 * BCa's acceleration a from the jackknife: a = Σ(θ̄ − θ₍ᵢ₎)³ / (6 [Σ(θ̄ − θ₍ᵢ₎)²]^{3/2}).
 * Zero when the jackknife values do not vary (the interval is then bias-corrected only).
 */
function acceleration<T>(units: readonly T[], statistic: (sample: readonly T[]) => number): number {
  const leaveOneOut = units.map((_, i) => statistic(units.filter((__, j) => j !== i)));
  const finite = leaveOneOut.filter(Number.isFinite);
  if (finite.length < 2) return 0;
  const mean = finite.reduce((sum, v) => sum + v, 0) / finite.length;
  let cubes = 0;
  let squares = 0;
  for (const v of finite) {
    cubes += (mean - v) ** 3;
    squares += (mean - v) ** 2;
  }
  return squares === 0 ? 0 : cubes / (6 * squares ** 1.5);
}

/** The BCa quantile levels (Efron 1987, eq. 2.3), from the bias z₀ and the acceleration a. */
function bcaLevels(
  replicates: readonly number[],
  estimate: number,
  a: number,
  level: number,
): [number, number] {
  const below = replicates.filter((v) => v < estimate).length;
  const ties = replicates.filter((v) => v === estimate).length;
  const B = replicates.length;
  // z₀ = Φ⁻¹(share of replicates below the estimate), kept off 0 and 1 so it stays finite.
  const share = Math.min(1 - 0.5 / B, Math.max(0.5 / B, (below + 0.5 * ties) / B));
  const z0 = probit(share);
  const adjusted = (alpha: number) => {
    const z = z0 + probit(alpha);
    return normalCdf(z0 + z / (1 - a * z));
  };
  return [adjusted((1 - level) / 2), adjusted((1 + level) / 2)];
}

/**
 * The statistic on `units`, with a two-sided confidence interval from `resamples` bootstrap
 * resamples of the units. An empty unit list, or a statistic that is not finite on the observed
 * units, gives NaN everywhere (a claim reading it is then inconclusive).
 */
export function bootstrap<T>(
  units: readonly T[],
  statistic: (sample: readonly T[]) => number,
  options: BootstrapOptions<T>,
): BootstrapResult {
  const { seed, resamples, level, method } = BootstrapOptions.parse(options);
  const estimate = units.length === 0 ? Number.NaN : statistic(units);
  const empty = { estimate, method, level, n: units.length };
  if (!Number.isFinite(estimate)) {
    return { ...empty, ci: [Number.NaN, Number.NaN], resamples: 0, skipped: resamples };
  }
  const rng = new Rng(`bootstrap/${seed}`);
  const groups = groupIndices(units, options.strata);
  const replicates: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const value = statistic(resample(units, groups, rng));
    if (Number.isFinite(value)) replicates.push(value);
  }
  replicates.sort((x, y) => x - y);
  const skipped = resamples - replicates.length;
  if (replicates.length === 0) return { ...empty, ci: [Number.NaN, Number.NaN], resamples: 0, skipped };
  const [lowLevel, highLevel] =
    method === 'bca'
      ? bcaLevels(replicates, estimate, acceleration(units, statistic), level)
      : [(1 - level) / 2, (1 + level) / 2];
  return {
    ...empty,
    ci: [quantileSorted(replicates, lowLevel), quantileSorted(replicates, highLevel)],
    resamples: replicates.length,
    skipped,
  };
}

/** The arithmetic mean of `values` (NaN when empty): the statistic most claims bootstrap. */
export function meanOf<T>(sample: readonly T[], value: (unit: T) => number): number {
  if (sample.length === 0) return Number.NaN;
  let sum = 0;
  for (const unit of sample) sum += value(unit);
  return sum / sample.length;
}
