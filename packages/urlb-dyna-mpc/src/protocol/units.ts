// The unit tables every claim and gate is decided on (written with ctx.writeUnits, read back from
// disk by lab, so `pnpm --filter lab run recheck -- <run folder>` recomputes the verdicts).
import type { UnitTables } from 'lab';
import { z } from 'zod';
import { CurvePoint } from './learning-curve.js';

/** A number that may be missing (not measured): NaN, written as an empty CSV cell. */
const MaybeNumber = z.union([z.number(), z.nan()]);

/** One fine-tuning run: what the gates read besides its curve. */
export const RunRow = z.object({
  task: z.string(),
  condition: z.string(),
  seed: z.number().int(),
  pretrainFrames: z.number().int().min(0), // frames of the PT snapshot it started from; 0 = scratch
  rewardR2: MaybeNumber, // reward-head R² on the final evaluation's transitions
  openLoopError: MaybeNumber, // world-model open-loop MSE per observation dimension
  copyLastError: MaybeNumber, // the copy-last-state baseline's MSE on the same chunks
  finiteLosses: z.boolean(),
});
export type RunRow = z.infer<typeof RunRow>;

export const unitSchemas = { curves: CurvePoint, runs: RunRow };

export interface StudyUnits extends UnitTables {
  curves: readonly CurvePoint[];
  runs: readonly RunRow[];
}
