// Statistics of a bootstrap resample, shared by the claims (src/claims.ts) and the extension checks
// (src/analysis.ts): a variant's metric on a set of tiers, and the mean true utility of a search's
// targets. A resample is a list of paired units (seed position, entity position, tier).
import { aggregate, type MetricName, metricValue, tierTable, type UnitMetrics } from './evaluate.js';
import type { TargetUnit } from './seedJob.js';
import type { PairedUnit } from './stats.js';
import type { SeedUnits } from './units.js';
import { lambdaOf } from './utility.js';

export type Sample = readonly PairedUnit[];
type SeedTables = Pick<SeedUnits, 'units' | 'targets'>;

/** Held-out units of a variant under a resample (seeds without the variant contribute nothing). */
export function pickUnits(seeds: readonly SeedTables[], variant: string, sample: Sample): UnitMetrics[] {
  const out: UnitMetrics[] = [];
  for (const { seedIndex, index } of sample) {
    const units = seeds[seedIndex]!.units[variant];
    if (units) out.push(units[index]!);
  }
  return out;
}

export function pickTargets(seeds: readonly SeedTables[], variant: string, sample: Sample): TargetUnit[] {
  const out: TargetUnit[] = [];
  for (const { seedIndex, index } of sample) {
    const units = seeds[seedIndex]!.targets[variant];
    if (units) out.push(units[index]!);
  }
  return out;
}

/** True utility@0.5 of a target: T − λ(0.5)·F (brief §6.1). */
export const targetUtility = (t: TargetUnit) => t.trueClaims - lambdaOf(0.5) * t.falseClaims;

export interface Metrics {
  /** A variant's metric on a tier, a set of tiers, or 'overall' (the mean over the seen tiers). */
  metric: (variant: string, where: string | string[], name: MetricName) => (sample: Sample) => number;
  /** Mean true utility of a search's targets. */
  targetMean: (variant: string) => (sample: Sample) => number;
  /** 1 − F(a)/F(b) on the given tiers: the share of hallucinations removed. */
  reduction: (a: string, b: string, where: string | string[]) => (sample: Sample) => number;
}

export function metricsOf(
  seeds: readonly SeedTables[],
  tiers: readonly string[],
  seenTiers: readonly string[],
  rhos: readonly number[],
): Metrics {
  const metric = (variant: string, where: string | string[], name: MetricName) => (sample: Sample) => {
    const units = pickUnits(seeds, variant, sample);
    if (where === 'overall') return metricValue(tierTable(units, tiers, seenTiers, rhos).overall!, name);
    const set = Array.isArray(where) ? where : [where];
    return metricValue(
      aggregate(
        units.filter((u) => set.includes(u.tier)),
        rhos,
      ),
      name,
    );
  };
  const targetMean = (variant: string) => (sample: Sample) => {
    const list = pickTargets(seeds, variant, sample);
    return list.length ? list.reduce((sum, t) => sum + targetUtility(t), 0) / list.length : Number.NaN;
  };
  const reduction = (a: string, b: string, where: string | string[]) => (s: Sample) =>
    1 - metric(a, where, 'falseClaims')(s) / metric(b, where, 'falseClaims')(s);
  return { metric, targetMean, reduction };
}
