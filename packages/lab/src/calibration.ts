// Calibration of a claim's decision: does the rule, at the study's n, say "reproduced" rarely when
// there is no effect and mostly when there is one? A study gives two simulators of its unit-level
// data (no effect; an effect of twice the smallest that counts) and, optionally, one whose gate
// fails; each is run many times through the claim's own measure and lab's rule.
import { Rng } from 'core-tensor';
import { type EffectClaim, evaluateClaims, type UnitTables, type Verdict } from './claims.js';

/** What a simulator returns: the summary and unit tables a run of the study would have produced. */
export interface SimulatedRun<Summary, Units extends UnitTables> {
  summary: Summary;
  units: Units;
}

export type Simulator<Summary, Units extends UnitTables> = (rng: Rng) => SimulatedRun<Summary, Units>;

export interface CalibrationOptions<Summary, Units extends UnitTables> {
  claim: EffectClaim<Summary, Units>;
  /** Unit-level data at the study's n with no effect (effect 0 in the claim's quantity). */
  noEffect: Simulator<Summary, Units>;
  /** The same with an effect of twice the claim's smallest effect that counts. */
  planted: Simulator<Summary, Units>;
  /** Optionally: data on which one of the claim's gates fails. */
  gateFails?: Simulator<Summary, Units>;
  /** Simulated runs per simulator (at least 200 for the bounds below to mean something). */
  runs?: number;
  seed?: string;
}

export type VerdictShares = Record<Verdict, number>;

export interface CalibrationReport {
  claim: string;
  runs: number;
  noEffect: VerdictShares;
  planted: VerdictShares;
  gateFails?: VerdictShares;
}

/** The bounds every claim must meet (issue 12): ≤ 5 % false "reproduced", ≥ 80 % power. */
export const calibrationBounds = { noEffectReproducedAtMost: 0.05, plantedReproducedAtLeast: 0.8 };

function shares<Summary, Units extends UnitTables>(
  claim: EffectClaim<Summary, Units>,
  simulate: Simulator<Summary, Units>,
  runs: number,
  rng: Rng,
): VerdictShares {
  const counts: VerdictShares = { reproduced: 0, 'not reproduced': 0, inconclusive: 0 };
  for (let run = 0; run < runs; run++) {
    const { summary, units } = simulate(rng.split(String(run)));
    const [result] = evaluateClaims([claim], summary, units);
    counts[result!.verdict] += 1;
  }
  // Counts to shares at the end: summing 1/runs would put 10 of 200 a rounding error above 5 %.
  return {
    reproduced: counts.reproduced / runs,
    'not reproduced': counts['not reproduced'] / runs,
    inconclusive: counts.inconclusive / runs,
  };
}

/** Runs each simulator `runs` times through the claim and lab's rule; returns the verdict shares. */
export function calibrateClaim<Summary, Units extends UnitTables>(
  options: CalibrationOptions<Summary, Units>,
): CalibrationReport {
  const runs = options.runs ?? 200;
  const rng = new Rng(`calibration/${options.seed ?? options.claim.id}`);
  const report: CalibrationReport = {
    claim: options.claim.id,
    runs,
    noEffect: shares(options.claim, options.noEffect, runs, rng.split('no-effect')),
    planted: shares(options.claim, options.planted, runs, rng.split('planted')),
  };
  if (options.gateFails !== undefined)
    report.gateFails = shares(options.claim, options.gateFails, runs, rng.split('gate-fails'));
  return report;
}

function percent(share: number): string {
  return `${(100 * share).toFixed(1)} %`;
}

/** What is wrong with a calibration: empty when the claim meets every bound. */
export function calibrationProblems(report: CalibrationReport): string[] {
  const problems: string[] = [];
  const { noEffectReproducedAtMost, plantedReproducedAtLeast } = calibrationBounds;
  if (report.runs < 200) problems.push(`only ${report.runs} simulated runs (need ≥ 200)`);
  if (report.noEffect.reproduced > noEffectReproducedAtMost)
    problems.push(
      `no effect: "reproduced" in ${percent(report.noEffect.reproduced)} of runs (at most ${percent(noEffectReproducedAtMost)})`,
    );
  if (report.planted.reproduced < plantedReproducedAtLeast)
    problems.push(
      `planted effect (2δ): "reproduced" in only ${percent(report.planted.reproduced)} of runs (at least ${percent(plantedReproducedAtLeast)})`,
    );
  if (report.gateFails !== undefined && report.gateFails.inconclusive < 1)
    problems.push(
      `a failed gate gave a verdict in ${percent(1 - report.gateFails.inconclusive)} of runs (must be inconclusive)`,
    );
  return problems;
}

/** Calibrates and throws an error listing every bound the claim misses (for tests). */
export function expectCalibrated<Summary, Units extends UnitTables>(
  options: CalibrationOptions<Summary, Units>,
): CalibrationReport {
  const report = calibrateClaim(options);
  const problems = calibrationProblems(report);
  if (problems.length > 0) {
    throw new Error(`claim '${report.claim}' is not calibrated:\n- ${problems.join('\n- ')}`);
  }
  return report;
}
