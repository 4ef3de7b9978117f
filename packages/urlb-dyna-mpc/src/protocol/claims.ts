// The claims of brief §9 as checks over a summary. The rules are fixed by the brief; they are
// never tuned after seeing results. A claim whose conditions did not run is inconclusive.
import type { Verdict } from 'lab';
import { type FinetuneRecord, isLocomotion, isReach, pairedDeltas } from './scores.js';
import { type PairedStats, pairedStats, spearman } from './stats.js';

export interface ClaimInput {
  finetune: FinetuneRecord[];
  /** C4 points: (PT frames, final score) per (snapshot, seed). */
  scaling: { frames: number; seed: number; score: number }[];
  expertOverall: number | null;
}

export interface ClaimOutcome {
  verdict: Verdict;
  measured: string;
}

const notRun: ClaimOutcome = { verdict: 'inconclusive', measured: 'not run in this preset' };

function describe(stats: PairedStats): string {
  const ci = stats.ci ? `, 95% CI [${stats.ci[0].toFixed(3)}, ${stats.ci[1].toFixed(3)}]` : '';
  return `mean Δ ${stats.meanDelta.toFixed(3)}, share ${stats.share.toFixed(2)}, min Δ ${stats.minDelta.toFixed(3)}, ${stats.pairs} pairs${ci}`;
}

/** "beats" rule of C1 and C3: reproduced if mean ≥ threshold, share ≥ 0.75 and CI > 0; not if mean ≤ 0. */
function beats(stats: PairedStats | null, threshold: number): ClaimOutcome {
  if (!stats) return notRun;
  const ciOk = stats.ci === null || stats.ci[0] > 0;
  if (stats.meanDelta >= threshold && stats.share >= 0.75 && ciOk)
    return { verdict: 'reproduced', measured: describe(stats) };
  if (stats.meanDelta <= 0) return { verdict: 'not reproduced', measured: describe(stats) };
  return { verdict: 'inconclusive', measured: describe(stats) };
}

export function checkC1(input: ClaimInput): ClaimOutcome {
  return beats(pairedStats(pairedDeltas(input.finetune, 'pt-actor', 'scratch')), 0.05);
}

export function checkC2(input: ClaimInput): ClaimOutcome {
  const stats = pairedStats(pairedDeltas(input.finetune, 'pt-mpc', 'pt-actor'));
  if (!stats) return notRun;
  const improvement = stats.meanDelta >= 0.05 && stats.share >= 0.75 ? ' (improvement)' : '';
  if (stats.meanDelta >= 0 && stats.minDelta >= -0.1)
    return { verdict: 'reproduced', measured: describe(stats) + improvement };
  if (stats.meanDelta < -0.03) return { verdict: 'not reproduced', measured: describe(stats) };
  return { verdict: 'inconclusive', measured: describe(stats) };
}

export function checkC3(input: ClaimInput): ClaimOutcome {
  return beats(pairedStats(pairedDeltas(input.finetune, 'pt-actor', 'pt-frozen')), 0.05);
}

export function checkC4(input: ClaimInput): ClaimOutcome {
  const points = input.scaling;
  const frames = [...new Set(points.map((p) => p.frames))].sort((a, b) => a - b);
  if (frames.length < 2) return notRun;
  const rho = spearman(
    points.map((p) => p.frames),
    points.map((p) => p.score),
  );
  const meanAt = (f: number) => {
    const at = points.filter((p) => p.frames === f).map((p) => p.score);
    return at.reduce((a, b) => a + b, 0) / at.length;
  };
  const first = meanAt(frames[0]!);
  const last = meanAt(frames[frames.length - 1]!);
  const measured = `Spearman ρ ${rho.toFixed(3)} over ${points.length} points; mean score ${first.toFixed(3)} at ${frames[0]} → ${last.toFixed(3)} at ${frames[frames.length - 1]} PT frames`;
  if (rho >= 0.3 && last > first) return { verdict: 'reproduced', measured };
  if (rho <= 0) return { verdict: 'not reproduced', measured };
  return { verdict: 'inconclusive', measured };
}

export function checkC5(input: ClaimInput): ClaimOutcome {
  const stats = pairedStats(pairedDeltas(input.finetune, 'random-actor', 'pt-actor', isReach));
  if (!stats) return notRun;
  if (stats.meanDelta >= -0.05) return { verdict: 'reproduced', measured: describe(stats) };
  if (stats.meanDelta < -0.1) return { verdict: 'not reproduced', measured: describe(stats) };
  return { verdict: 'inconclusive', measured: describe(stats) };
}

export function checkC6(input: ClaimInput): ClaimOutcome {
  const stats = pairedStats(pairedDeltas(input.finetune, 'pt-actor', 'random-actor', isLocomotion));
  if (!stats) return notRun;
  if (stats.meanDelta >= 0.05) return { verdict: 'reproduced', measured: describe(stats) };
  if (stats.meanDelta <= 0) return { verdict: 'not reproduced', measured: describe(stats) };
  return { verdict: 'inconclusive', measured: describe(stats) };
}

export function checkC7(input: ClaimInput): ClaimOutcome {
  if (input.expertOverall === null) {
    return {
      verdict: 'inconclusive',
      measured: 'no expert-score table (scores are normalised by the maximum return)',
    };
  }
  const measured = `expert-normalised overall ${input.expertOverall.toFixed(3)}`;
  if (input.expertOverall >= 0.85) return { verdict: 'reproduced', measured };
  if (input.expertOverall < 0.7) return { verdict: 'not reproduced', measured };
  return { verdict: 'inconclusive', measured };
}

export function checkC8(input: ClaimInput): ClaimOutcome {
  const critic = pairedStats(pairedDeltas(input.finetune, 'init-critic', 'pt-actor', isLocomotion));
  const actor = pairedStats(pairedDeltas(input.finetune, 'pt-actor', 'no-init-actor', isLocomotion));
  if (!critic || !actor) return notRun;
  const measured = `critic init: ${describe(critic)}; actor init: ${describe(actor)}`;
  if (critic.meanDelta <= 0.02 && actor.meanDelta >= 0.05) return { verdict: 'reproduced', measured };
  if ((critic.meanDelta >= 0.05 && critic.share >= 0.75) || actor.meanDelta <= 0)
    return { verdict: 'not reproduced', measured };
  return { verdict: 'inconclusive', measured };
}

export function checkC9(input: ClaimInput): ClaimOutcome {
  const stats = pairedStats(pairedDeltas(input.finetune, 'pt-actor', 'decoder-grad'));
  if (!stats) return notRun;
  if (stats.meanDelta >= 0.03) return { verdict: 'reproduced', measured: describe(stats) };
  if (stats.meanDelta <= 0) return { verdict: 'not reproduced', measured: describe(stats) };
  return { verdict: 'inconclusive', measured: describe(stats) };
}
