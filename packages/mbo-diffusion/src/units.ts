// The unit tables the claims are decided on (lab's contract, issue 16), written with ctx.writeUnits
// and read back from disk, so `recheck` recomputes every verdict from the run folder:
//   points: one row per (model, checkpoint, w), the five metrics, the extras the claims read and
//           the exact test reward (a configuration is (model, w); the claims resample configurations);
//   trials: one row per Design-Bench trial of a final-table rule (K candidates, exact scores).
import type { UnitsOf } from 'lab';
import { z } from 'zod';
import { Variant } from './config.js';
import { TaskId } from './task.js';

/** A number that may be NaN (a metric that was not finite; CSV writes 'NaN' and reads it back). */
const Value = z.union([z.number(), z.nan()]);

export const PointUnit = z.object({
  task: TaskId,
  variant: Variant,
  modelId: z.string(),
  seed: z.number().int(),
  step: z.number().int(),
  last: z.boolean(), // the model's last checkpoint
  w: z.number(),
  cdsm: Value,
  fd: Value,
  dc: Value,
  reward: Value,
  agreement: Value,
  coverage: Value,
  uniqueFrac: Value,
  meanPairDist: Value,
  testMean: Value, // M_test, normalised exact reward of the n_test samples
});
export type PointUnit = z.output<typeof PointUnit>;

export const TrialUnit = z.object({
  task: TaskId,
  variant: Variant,
  rule: z.string(),
  trial: z.number().int(),
  modelSeed: z.number().int(),
  choice: z.string(),
  p100: Value,
  p50: Value,
  mean: Value,
});
export type TrialUnit = z.output<typeof TrialUnit>;

export const unitSchemas = { points: PointUnit, trials: TrialUnit };
export type Units = UnitsOf<typeof unitSchemas>;
