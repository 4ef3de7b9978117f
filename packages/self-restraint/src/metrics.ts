// Statistics of a bootstrap resample, shared by the claims (src/claims.ts) and the extension checks
// (src/analysis.ts): a variant's metric on a set of tiers, and the mean true utility of a search's
// targets. A resample is a list of paired units (seed position, entity position, tier).
//
// The bootstrap calls these once per resample (thousands of times per claim), so the unit tables are
// laid out once as typed columns and each accessor sums a resample in one pass without allocating.
// The values are those of evaluate.ts's aggregate / tierTable on the picked units (the same sums, up
// to the rounding of a pooled factSum; test/metrics.test.ts checks them against that reference).
import type { MetricName, UnitMetrics } from './evaluate.js';
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

// The summed fields of UnitMetrics, in column order.
const ANSWERS = 0;
const ABSTAINED = 1;
const TRUE = 2;
const FALSE = 3;
const RESPONDING = 4;
const RESPONDING_CLAIMS = 5;
const SCORED = 6;
const FACT = 7;
const FIELDS = 8;

/** One variant of one seed as columns: fields[unit · FIELDS + field], and each unit's tier number. */
interface Columns {
  fields: Float64Array;
  tier: Int32Array;
}

function columnsOf(units: readonly UnitMetrics[], tierNumber: (tier: string) => number): Columns {
  const fields = new Float64Array(units.length * FIELDS);
  const tier = new Int32Array(units.length);
  units.forEach((u, i) => {
    const row = i * FIELDS;
    fields[row + ANSWERS] = u.answers;
    fields[row + ABSTAINED] = u.abstained;
    fields[row + TRUE] = u.trueSum;
    fields[row + FALSE] = u.falseSum;
    fields[row + RESPONDING] = u.responding;
    fields[row + RESPONDING_CLAIMS] = u.respondingClaims;
    fields[row + SCORED] = u.scored;
    fields[row + FACT] = u.factSum;
    tier[i] = tierNumber(u.tier);
  });
  return { fields, tier };
}

/** The fields each metric reads (utility@ρ: true, false, answers); the others stay 0. */
const NEEDED: Partial<Record<MetricName, number[]>> = {
  abstain: [ABSTAINED, ANSWERS],
  trueClaims: [TRUE, ANSWERS],
  falseClaims: [FALSE, ANSWERS],
  claimsPerResponse: [RESPONDING_CLAIMS, RESPONDING],
  factscore: [FACT, SCORED],
  microPrecision: [TRUE, FALSE],
  answers: [ANSWERS],
  responding: [RESPONDING],
};

const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

/** A metric of summed fields (as evaluate.ts's aggregate + metricValue), `lambda` set for utility@ρ. */
function metricOfSums(sums: Float64Array, at: number, name: MetricName, lambda: number): number {
  const answers = sums[at + ANSWERS]!;
  switch (name) {
    case 'abstain':
      return ratio(sums[at + ABSTAINED]!, answers);
    case 'trueClaims':
      return ratio(sums[at + TRUE]!, answers);
    case 'falseClaims':
      return ratio(sums[at + FALSE]!, answers);
    case 'claimsPerResponse':
      return ratio(sums[at + RESPONDING_CLAIMS]!, sums[at + RESPONDING]!);
    case 'factscore':
      return ratio(sums[at + FACT]!, sums[at + SCORED]!);
    case 'microPrecision':
      return ratio(sums[at + TRUE]!, sums[at + TRUE]! + sums[at + FALSE]!);
    case 'answers':
      return answers;
    case 'responding':
      return sums[at + RESPONDING]!;
    default:
      // utility@ρ = T − λ(ρ)·F per answer (brief §6.1)
      return ratio(sums[at + TRUE]!, answers) - lambda * ratio(sums[at + FALSE]!, answers);
  }
}

export function metricsOf(
  seeds: readonly SeedTables[],
  tiers: readonly string[],
  seenTiers: readonly string[],
  rhos: readonly number[],
): Metrics {
  const tierNumbers = new Map<string, number>();
  const tierNumber = (tier: string) => {
    if (!tierNumbers.has(tier)) tierNumbers.set(tier, tierNumbers.size);
    return tierNumbers.get(tier)!;
  };
  for (const tier of [...tiers, ...seenTiers]) tierNumber(tier);
  const columns = new Map<string, (Columns | undefined)[]>();
  const columnsFor = (variant: string) => {
    let list = columns.get(variant);
    if (!list) {
      list = seeds.map((s) => (s.units[variant] ? columnsOf(s.units[variant]!, tierNumber) : undefined));
      columns.set(variant, list);
    }
    return list;
  };
  const utilityKeys = new Set(rhos.map(String));
  const accessors = new Map<string, (sample: Sample) => number>();

  const build = (variant: string, where: string | string[], name: MetricName) => {
    const perSeed = columnsFor(variant);
    const tierCount = () => tierNumbers.size;
    let lambda = Number.NaN;
    if (name.startsWith('utility@')) {
      const key = name.slice('utility@'.length);
      // a ρ the table was not built for has no utility (metricValue gives NaN)
      if (!utilityKeys.has(key)) return () => Number.NaN;
      lambda = lambdaOf(Number(key));
    }
    const overall = where === 'overall';
    const set = overall ? seenTiers : Array.isArray(where) ? where : [where];
    const wanted = overall ? set.map(tierNumber) : [...new Set(set.map(tierNumber))];
    const needed = Int32Array.from(NEEDED[name] ?? [TRUE, FALSE, ANSWERS]);
    let sums = new Float64Array(0);
    const pooled = new Float64Array(FIELDS);
    return (sample: Sample) => {
      const tierTotal = tierCount();
      if (sums.length !== tierTotal * FIELDS) sums = new Float64Array(tierTotal * FIELDS);
      else sums.fill(0);
      for (let k = 0; k < sample.length; k++) {
        const { seedIndex, index } = sample[k]!;
        const col = perSeed[seedIndex];
        if (!col) continue;
        const row = index * FIELDS;
        const at = col.tier[index]! * FIELDS;
        for (let j = 0; j < needed.length; j++) {
          const f = needed[j]!;
          sums[at + f]! += col.fields[row + f]!;
        }
      }
      if (!overall) {
        // pooled over the tiers of the set, as aggregate() of the filtered units
        pooled.fill(0);
        for (const t of wanted) for (let f = 0; f < FIELDS; f++) pooled[f]! += sums[t * FIELDS + f]!;
        return metricOfSums(pooled, 0, name, lambda);
      }
      // 'overall': the unweighted mean over the seen tiers (sums for answers and responding)
      let total = 0;
      for (const t of wanted) total += metricOfSums(sums, t * FIELDS, name, lambda);
      return name === 'answers' || name === 'responding' ? total : total / wanted.length;
    };
  };

  const metric = (variant: string, where: string | string[], name: MetricName) => {
    const key = `${variant}\u0000${Array.isArray(where) ? where.join('\u0001') : where}\u0000${name}`;
    let accessor = accessors.get(key);
    if (!accessor) {
      accessor = build(variant, where, name);
      accessors.set(key, accessor);
    }
    return accessor;
  };
  const targetValues = new Map<string, (Float64Array | undefined)[]>();
  const targetMean = (variant: string) => {
    let perSeed = targetValues.get(variant);
    if (!perSeed) {
      perSeed = seeds.map((s) => {
        const list = s.targets[variant];
        return list ? Float64Array.from(list, targetUtility) : undefined;
      });
      targetValues.set(variant, perSeed);
    }
    const values = perSeed;
    return (sample: Sample) => {
      let sum = 0;
      let n = 0;
      for (let k = 0; k < sample.length; k++) {
        const { seedIndex, index } = sample[k]!;
        const list = values[seedIndex];
        if (!list) continue;
        sum += list[index]!;
        n += 1;
      }
      return n ? sum / n : Number.NaN;
    };
  };
  const reduction = (a: string, b: string, where: string | string[]) => {
    const fa = metric(a, where, 'falseClaims');
    const fb = metric(b, where, 'falseClaims');
    return (s: Sample) => 1 - fa(s) / fb(s);
  };
  return { metric, targetMean, reduction };
}
