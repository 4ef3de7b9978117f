// The run's summary.json (brief §5.6): everything the claims read. JSON has no NaN, so undefined
// statistics are null. Timings live under `timing` only, so two runs with the same seed and backend
// give the same summary apart from that key.
import { z } from 'zod';
import { Variant } from './config.js';
import { TaskId } from './task.js';

export const Num = z.number().nullable();
export const toJsonNumber = (value: number): number | null => (Number.isFinite(value) ? value : null);
export const fromJsonNumber = (value: number | null | undefined): number => value ?? Number.NaN;

const Stat = z.object({ mean: Num, sd: Num, n: z.number() });
export const FinalRowJson = z.object({ p100: Stat, p50: Stat, mean: Stat });

export const Summary = z.object({
  tasks: z.array(
    z.object({
      task: TaskId,
      designBenchId: z.string().nullable(),
      isDiscrete: z.boolean(),
      maxQueries: z.number(),
      queries: z.number(),
      queriesBeforeFinal: z.number(),
      testLabelReads: z.number(),
      dBest: Num,
      trainMean: Num,
      validMean: Num,
      randomSearch: FinalRowJson,
      fValidPearson: Num,
      fValidSpearman: Num,
      fValidHoldoutMse: Num,
      trainingOracleHoldoutMse: Num,
    }),
  ),
  correlations: z.array(
    z.object({
      task: TaskId,
      variant: Variant,
      metric: z.string(),
      pooled: z.boolean(),
      n: z.number(),
      pearson: Num,
      pearsonLow: Num,
      pearsonHigh: Num,
      spearman: Num,
      spearmanLow: Num,
      spearmanHigh: Num,
      kendall: Num,
      kendallLow: Num,
      kendallHigh: Num,
      skipped: z.number(),
    }),
  ),
  /** Mean within-w Pearson r (configurations at one w, per-metric checkpoints) beside the pooled ones. */
  withinW: z.array(
    z.object({
      task: TaskId,
      variant: Variant,
      metric: z.string(),
      r: Num,
      low: Num,
      high: Num,
      ws: z.number(),
    }),
  ),
  /** The generator sanity gate per task (issue 16). */
  generator: z.array(
    z.object({
      task: TaskId,
      models: z.number(),
      unconditionalMean: Num,
      trainMean: Num,
      validMean: Num,
      gapShare: Num,
      coverage: Num,
    }),
  ),
  generatorGateShare: z.number(),
  wins: z.object({
    /** Wins counted only where the winner's Pearson CI lies below 0; a pair with none has no winner. */
    pearson: z.record(z.string(), z.number()),
    spearman: z.record(z.string(), z.number()),
    paper: z.record(z.string(), z.number()),
    pairs: z.number(),
  }),
  regret: z.array(z.object({ task: TaskId, variant: Variant, metric: z.string(), regret: Num })),
  final: z.array(
    z.object({
      task: TaskId,
      variant: Variant,
      rule: z.string(),
      row: FinalRowJson,
      choices: z.array(z.string()),
      ties: z.number(),
    }),
  ),
  tradeoff: z.array(
    z.object({
      task: TaskId,
      variant: Variant,
      w: z.number(),
      uniqueFrac: Num,
      meanPairDist: Num,
      coverage: Num,
      fd: Num,
      agreement: Num,
      testMean: Num,
    }),
  ),
  oracleBest: z.array(
    z.object({
      task: TaskId,
      variant: Variant,
      w: z.number(),
      testMean: Num,
      modelId: z.string(),
      step: z.number(),
    }),
  ),
  guidanceGrids: z.array(z.object({ task: TaskId, variant: Variant, grid: z.array(z.number()) })),
  timing: z.object({
    trainStepsPerSecond: Num,
    samplesPerSecond: Num,
    modelJobs: z.number(),
  }),
});
export type Summary = z.infer<typeof Summary>;
