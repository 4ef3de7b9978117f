// Builders of unit tables for the protocol and calibration tests: learning curves per
// (task, condition, seed) and healthy run rows (R² 0.9, open-loop error half the baseline).
import type { CurvePoint } from '../src/protocol/learning-curve.js';
import type { RunRow, StudyUnits } from '../src/protocol/units.js';

export const frames = [0, 2500, 5000, 7500, 10_000];

/** A curve with the given scores at `frames` (or at the given frames). */
export function curve(
  condition: string,
  seed: number,
  scores: readonly number[],
  task = 'reach4_top_left',
  at: readonly number[] = frames,
): CurvePoint[] {
  return scores.map((score, i) => ({ task, condition, seed, frame: at[i]!, score }));
}

export function healthyRun(condition: string, seed: number, task = 'reach4_top_left'): RunRow {
  return {
    task,
    condition,
    seed,
    pretrainFrames: condition === 'scratch' ? 0 : 6000,
    rewardR2: 0.9,
    openLoopError: 0.5,
    copyLastError: 1,
    finiteLosses: true,
  };
}

/** Unit tables from curves; one healthy run row per curve. */
export function unitsOf(curves: readonly CurvePoint[], runs?: readonly RunRow[]): StudyUnits {
  const seen = new Map<string, RunRow>();
  for (const p of curves) {
    const key = `${p.task}|${p.condition}|${p.seed}`;
    if (!seen.has(key)) seen.set(key, healthyRun(p.condition, p.seed, p.task));
  }
  return { curves: [...curves], runs: runs ? [...runs] : [...seen.values()] };
}
