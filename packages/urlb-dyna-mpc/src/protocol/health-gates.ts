// The run's health gates (issue 14, point 2): preconditions for any claim to be testable. A claim
// whose gate fails is inconclusive (lab's rule). They replace the old KL-floor check: with free
// nats on the batch mean, a KL settling near 1 is DreamerV2's normal equilibrium on low-entropy
// state inputs, not a sign of a broken model.
import { type GateResult, gate } from 'lab';
import { areaUnderCurve, curvesByRun } from './learning-curve.js';
import { meanWithStudentCi } from './stats.js';
import type { StudyUnits } from './units.js';

/**
 * scratch-learns margin: AUC − frame-0 score of the scratch runs, lower 95 % bound over seeds.
 * 0.05 is the smallest effect C1 and C3 count (brief §9): a scratch agent that cannot gain that
 * much over its own start cannot show a pre-training effect of that size either.
 */
export const scratchLearnsMargin = 0.05;
export const minimumRewardR2 = 0.5; // brief §9 health check
export const openLoopBaselineRatio = 1; // model error below the copy-last-state error

/** Per scratch run, AUC − score at the first evaluation (frame 0). */
export function scratchGains(units: StudyUnits): number[] {
  const gains: number[] = [];
  for (const [key, points] of curvesByRun(units.curves)) {
    if (key.split('|')[1] !== 'scratch') continue;
    const start = points.find((p) => p.frame === 0);
    if (start) gains.push(areaUnderCurve(points) - start.score);
  }
  return gains;
}

const mean = (values: readonly number[]) =>
  values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;

/** Mean reward-head R² of the pt-actor runs (NaN when none measured). */
export function ptActorRewardR2(units: StudyUnits): number {
  return mean(
    units.runs
      .filter((r) => r.condition === 'pt-actor' && Number.isFinite(r.rewardR2))
      .map((r) => r.rewardR2),
  );
}

/** Mean over pt-actor runs of open-loop error ÷ copy-last-state error (< 1: the model predicts). */
export function ptActorOpenLoopRatio(units: StudyUnits): number {
  const ratios = units.runs
    .filter((r) => r.condition === 'pt-actor' && Number.isFinite(r.openLoopError) && r.copyLastError > 0)
    .map((r) => r.openLoopError / r.copyLastError);
  return mean(ratios);
}

/** The gates every claim of this study carries. */
export function healthGates(units: StudyUnits): GateResult[] {
  const learned = meanWithStudentCi(scratchGains(units));
  return [
    gate('finite-losses', units.runs.filter((r) => !r.finiteLosses).length, { atMost: 0 }),
    gate('scratch-learns', learned.ci[0], { atLeast: scratchLearnsMargin }),
    gate('reward-r2', ptActorRewardR2(units), { atLeast: minimumRewardR2 }),
    gate('open-loop', ptActorOpenLoopRatio(units), { below: openLoopBaselineRatio }),
  ];
}

/** One line per gate for the report's health section. */
export function describeHealth(units: StudyUnits): string[] {
  const learned = meanWithStudentCi(scratchGains(units));
  return [
    `scratch-learns: AUC − frame-0 score of scratch, mean ${learned.estimate.toFixed(3)}, 95% t-CI [${learned.ci[0].toFixed(3)}, ${learned.ci[1].toFixed(3)}] over ${learned.n} runs (lower bound must be ≥ ${scratchLearnsMargin})`,
    `reward-r2: pt-actor reward-head R² ${ptActorRewardR2(units).toFixed(3)} (≥ ${minimumRewardR2})`,
    `open-loop: pt-actor open-loop error ÷ copy-last-state error ${ptActorOpenLoopRatio(units).toFixed(3)} (< ${openLoopBaselineRatio})`,
  ];
}
