// Scores of brief §7: per-pair differences Δ of final normalised scores between two conditions.
import { z } from 'zod';

export const FinetuneRecord = z.object({
  task: z.string(),
  condition: z.string(),
  seed: z.number(),
  finalScore: z.number(),
  initialScore: z.number().nullable(),
  rewardR2: z.number().nullable(),
  finiteLosses: z.boolean(),
  snapshotFrames: z.number().nullable().default(null),
});
export type FinetuneRecord = z.infer<typeof FinetuneRecord>;

/** Δ = score(a) − score(b) for every (task, seed) that ran both conditions (optionally filtered by task). */
export function pairedDeltas(
  records: readonly FinetuneRecord[],
  a: string,
  b: string,
  taskFilter: (task: string) => boolean = () => true,
): number[] {
  const key = (r: FinetuneRecord) => `${r.task}|${r.seed}`;
  const scoresB = new Map(
    records.filter((r) => r.condition === b && taskFilter(r.task)).map((r) => [key(r), r.finalScore]),
  );
  return records
    .filter((r) => r.condition === a && taskFilter(r.task) && scoresB.has(key(r)))
    .map((r) => r.finalScore - scoresB.get(key(r))!);
}

export const isLocomotion = (task: string) => task.startsWith('walker') || task.startsWith('quadruped');
export const isReach = (task: string) => task.startsWith('reach4');
