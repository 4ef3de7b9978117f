// The run summary (summary.json) and the unit tables derived from the fine-tuning results. The
// claims read the unit tables back from disk; the summary keeps everything else a reader wants.
import { z } from 'zod';
import { FinetuneJobResult, PretrainJobResult, TaskCheckResult } from './jobs.js';
import { areaUnderCurve, type CurvePoint } from './protocol/learning-curve.js';
import type { RunRow } from './protocol/units.js';

export const Summary = z.object({
  finetune: z.array(FinetuneJobResult),
  pretrain: z.array(PretrainJobResult),
  expertOverall: z.number().nullable(),
  perCondition: z.array(
    z.object({ condition: z.string(), meanAuc: z.number(), meanFinalScore: z.number(), runs: z.number() }),
  ),
  health: z.object({ finiteLosses: z.boolean(), failures: z.array(z.string()) }),
  timing: z.object({
    pretrainSecondsPerUpdate: z.number(),
    finetuneSecondsPerUpdate: z.number(),
    plannerSecondsPerAction: z.number(),
    latentStepsPerAction: z.number(),
    renderMillisecondsPerFrame: z.number(),
  }),
  taskChecks: z.array(TaskCheckResult),
  frames: z.array(z.string()),
});
export type Summary = z.infer<typeof Summary>;

/** Every evaluation of every FT run, one row each (units/curves.csv). */
export function curveRows(finetune: readonly FinetuneJobResult[]): CurvePoint[] {
  return finetune.flatMap((r) =>
    r.evaluations.map((e) => ({
      task: r.task,
      condition: r.condition,
      seed: r.seed,
      frame: e.frame,
      score: e.score,
    })),
  );
}

/** One row per FT run (units/runs.csv); `pretrainFrames` names the snapshot (0 = scratch). */
export function runRows(
  finetune: readonly FinetuneJobResult[],
  pretrainFramesOf: (run: FinetuneJobResult) => number,
): RunRow[] {
  return finetune.map((r) => ({
    task: r.task,
    condition: r.condition,
    seed: r.seed,
    pretrainFrames: pretrainFramesOf(r),
    rewardR2: r.rewardR2 ?? Number.NaN,
    openLoopError: r.openLoopError ?? Number.NaN,
    copyLastError: r.copyLastError ?? Number.NaN,
    finiteLosses: r.finiteLosses,
  }));
}

const mean = (values: readonly number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;

/** Mean AUC and final score per condition, over tasks and seeds. */
export function perConditionMeans(finetune: readonly FinetuneJobResult[]): Summary['perCondition'] {
  const names = [...new Set(finetune.map((r) => r.condition))];
  return names.map((condition) => {
    const runs = finetune.filter((r) => r.condition === condition);
    return {
      condition,
      meanAuc: mean(runs.map((r) => areaUnderCurve(r.evaluations))),
      meanFinalScore: mean(runs.map((r) => r.finalScore)),
      runs: runs.length,
    };
  });
}

/** Mean seconds per unit of work, 0 when nothing of that kind ran. */
export function timingOf(
  pretrain: readonly PretrainJobResult[],
  finetune: readonly FinetuneJobResult[],
  renderMillisecondsPerFrame: number,
): Summary['timing'] {
  const planned = finetune.filter((r) => r.plannedActions > 0);
  return {
    pretrainSecondsPerUpdate: mean(pretrain.filter((r) => r.updates > 0).map((r) => r.secondsPerUpdate)) || 0,
    finetuneSecondsPerUpdate: mean(finetune.filter((r) => r.updates > 0).map((r) => r.secondsPerUpdate)) || 0,
    plannerSecondsPerAction: planned.length
      ? mean(planned.map((r) => r.plannerSeconds / Math.max(1, r.plannedActions)))
      : 0,
    latentStepsPerAction: planned.length ? mean(planned.map((r) => r.latentStepsPerAction)) : 0,
    renderMillisecondsPerFrame,
  };
}
