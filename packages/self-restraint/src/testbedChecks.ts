// The testbed checks of the acceptance criteria (brief §14 A, B, D5): is the synthetic world in the
// regime the claims need? They are preconditions read beside the claims, never claims themselves.

import type { CheckResult, Summary } from './analysis.js';
import type { TierMetrics } from './evaluate.js';
import type { SeedResult } from './seedJob.js';
import type { ReliabilityBin } from './stats.js';

/**
 * Testbed thresholds of brief §14 A, calibrated once per world and then frozen. Rule: each bound is the
 * calibration run's value rounded to a multiple of 0.05 in the lenient direction (a lower bound down, an
 * upper bound up); counts (A1's false claims) and zero rates (A1's abstention) keep the brief's values.
 * Never calibrated on a reported seed.
 *
 * The world of issue 15 (lead attribute, names in the loss): calibrated on run 20261205-001658-seed0
 * (`default` on calibration seeds 10 and 11, results/self-restraint/threshold-calibration/), measured →
 * frozen: A1 top precision .837 → .80; A2 top probe .986 (worse seed) → .95, bottom/unseen probe .258
 * (worst seed and tier) → .30; A3 top bin .974 → .95, low bin .066 → .10.
 * The previous world's values (run 20261127-044559-seed0): .70 / .90 / .25 / .80 / .10.
 */
export const TESTBED_THRESHOLDS = {
  a1MaxBaseAbstain: 0.05,
  a1MinUnknownFalseClaims: 2,
  a1MinTopPrecision: 0.8,
  a2MinTopProbe: 0.95,
  a2MaxUnknownProbe: 0.3,
  a3MinTopBinAccuracy: 0.95,
  a3MaxLowBinAccuracy: 0.1,
} as const;

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

export interface TestbedInputs {
  results: readonly SeedResult[];
  tables: Record<string, Record<string, TierMetrics>>;
  targetTables: Summary['targetTables'];
  tiers: readonly string[];
  top: string;
  unknown: readonly string[];
  rho: number;
  topBin: ReliabilityBin;
  lowBin: ReliabilityBin;
}

export function testbedChecks({
  results,
  tables,
  targetTables,
  tiers,
  top,
  unknown,
  rho,
  topBin,
  lowBin,
}: TestbedInputs): CheckResult[] {
  const checks: CheckResult[] = [];
  const T = TESTBED_THRESHOLDS;
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  const baseT = tables.base!;
  const A1 =
    tiers.every((t) => (baseT[t]?.abstain ?? 1) < T.a1MaxBaseAbstain) &&
    unknown.every((t) => (baseT[t]?.falseClaims ?? 0) >= T.a1MinUnknownFalseClaims) &&
    (baseT[top]?.microPrecision ?? 0) >= T.a1MinTopPrecision;
  checks.push({
    id: 'A1-base-hallucinates',
    statement: `base: abstain < ${pct(T.a1MaxBaseAbstain)} everywhere; ≥ ${T.a1MinUnknownFalseClaims} false claims on bottom/unseen; top precision ≥ ${T.a1MinTopPrecision}`,
    paper: 'testbed',
    measured: tiers
      .map(
        (t) =>
          `${t}: abst ${f2(baseT[t]?.abstain ?? Number.NaN)} F ${f2(baseT[t]?.falseClaims ?? Number.NaN)} prec ${f2(baseT[t]?.microPrecision ?? Number.NaN)}`,
      )
      .join('; '),
    verdict: A1 ? 'reproduced' : 'not reproduced',
  });
  const probeBase = (tier: string) =>
    results.map((r) => r.probe.base?.find((p) => p.tier === tier)?.accuracy ?? Number.NaN);
  const A2 =
    probeBase(top).every((a) => a >= T.a2MinTopProbe) &&
    unknown.every((t) => probeBase(t).every((a) => a <= T.a2MaxUnknownProbe));
  checks.push({
    id: 'A2-graded-knowledge',
    statement: `probe ≥ ${T.a2MinTopProbe} on top, ≤ ${T.a2MaxUnknownProbe} on bottom and unseen`,
    paper: 'testbed',
    measured: tiers.map((t) => `${t} ${probeBase(t).map(f3).join('/')}`).join(', '),
    verdict: A2 ? 'reproduced' : 'not reproduced',
  });
  checks.push({
    id: 'A3-calibrated',
    statement: `p̂ ≥ 0.8 → ≥ ${pct(T.a3MinTopBinAccuracy)} true; p̂ < 0.2 → ≤ ${pct(T.a3MaxLowBinAccuracy)} true`,
    paper: 'testbed',
    measured: `top bin ${f3(topBin.accuracy)} (n ${topBin.count}), bottom bin ${f3(lowBin.accuracy)} (n ${lowBin.count})`,
    verdict:
      topBin.accuracy >= T.a3MinTopBinAccuracy && lowBin.accuracy <= T.a3MaxLowBinAccuracy
        ? 'reproduced'
        : 'not reproduced',
  });
  const tt = targetTables[`research@${rho}`]!;
  const unknownAbstain =
    unknown.reduce((s, t) => s + (tt[t]?.abstain ?? 0) * (tt[t]?.entities ?? 0), 0) /
    Math.max(
      1,
      unknown.reduce((s, t) => s + (tt[t]?.entities ?? 0), 0),
    );
  const baseTopTrue = baseT[top]?.trueClaims ?? Number.NaN;
  const B1 =
    (tt[top]?.abstain ?? 1) === 0 && unknownAbstain >= 0.2 && (tt[top]?.trueClaims ?? 0) >= baseTopTrue + 1;
  checks.push({
    id: 'B1-targets-selective',
    statement:
      'targets abstain 0% on top, ≥ 20% on bottom + unseen, ≥ 1 more true claim than a base sample on top',
    paper: 'testbed',
    measured: `abstain top ${f2(tt[top]?.abstain ?? Number.NaN)}, bottom+unseen ${f2(unknownAbstain)}; top true ${f2(tt[top]?.trueClaims ?? Number.NaN)} vs base ${f2(baseTopTrue)}`,
    verdict: B1 ? 'reproduced' : 'not reproduced',
  });
  const baseSampleUtility = baseT.all?.utility['0.5'] ?? Number.NaN;
  const B2 = (tt.all?.trueUtility ?? Number.NaN) - baseSampleUtility >= 1.5;
  checks.push({
    id: 'B2-targets-better',
    statement: "targets' true utility@0.5 exceeds base samples' by ≥ 1.5",
    paper: 'testbed',
    measured: `targets ${f3(tt.all?.trueUtility ?? Number.NaN)} vs base samples (held-out, all tiers) ${f3(baseSampleUtility)}`,
    verdict: B2 ? 'reproduced' : 'not reproduced',
  });
  const invariants = results.map((r) => r.invariants);
  const D5 = invariants.every(
    (i) => i.targetsPositiveOrAbstain && i.budgetExact && i.oraclePrecisionAboveRho !== false,
  );
  checks.push({
    id: 'D5-invariants',
    statement:
      'every target has Q > 0 or abstains; every search used exactly R × K samples; oracle targets have precision > ρ',
    paper: 'testbed',
    measured: JSON.stringify(invariants),
    verdict: D5 ? 'reproduced' : 'not reproduced',
  });
  if (topBin.accuracy < 0.8) {
    checks.unshift({
      id: 'calibration-gate',
      statement:
        'WARNING: the top p̂ bin is < 0.8 true: the testbed is in a trap and the claims are not interpretable (brief §13.5)',
      paper: 'testbed',
      measured: `top bin ${f3(topBin.accuracy)}`,
      verdict: 'not reproduced',
    });
  }

  return checks;
}
