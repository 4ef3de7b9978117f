// Every knob of the study in one zod schema (brief §12 config groups). Defaults follow the brief's
// `paper` column where the brief gives one; [ours] marks a size chosen for these machines.
import { z } from 'zod';
import { ResetMode } from './env/env.js';
import { listTasks } from './tasks/registry.js';

const taskIds = () => listTasks().map((t) => t.id);
const TaskId = z.string().refine((id) => taskIds().includes(id), {
  error: (issue) => `unknown task '${String(issue.input)}'; valid: ${taskIds().join(', ')}`,
});

export const ConfigName = z.enum([
  'oracle',
  'style-mix',
  'noisy',
  'oracle-actonly',
  'dart',
  'dagger',
  'bc-budget',
]);
export type ConfigName = z.infer<typeof ConfigName>;

export const WebAgentsConfig = z.object({
  tasks: z
    .object({
      train: z.array(TaskId).default([]), // §3.3; empty = every task not held out
      heldOut: z.array(TaskId).default([]), // §3.3 task-level split; empty = the suite's held-out tasks
    })
    .prefault({}),
  env: z
    .object({
      backend: z.enum(['input', 'locator']).default('input'), // §3.5
      // §3.5: setContent for single-page tasks (goto for multi-page ones); 'goto' everywhere restores
      // the navigation reset. Equivalence: test/reset-equivalence.test.ts
      reset: z.enum(ResetMode).default('setContent'),
      workers: z.number().int().min(1).max(8).default(2), // §3.6 browser worker processes (ctx.pool)
      viewport: z
        .object({ width: z.number().int().min(200), height: z.number().int().min(200) })
        .default({ width: 800, height: 600 }),
      actionTimeoutMs: z.number().int().min(100).default(2000), // §3.6
      episodeTimeoutMs: z.number().int().min(1000).default(30_000), // §3.6
      horizon: z.number().int().min(1).default(15), // §3.2 H (the paper's max_steps)
    })
    .prefault({}),
  experts: z
    .object({
      noisyEpsilon: z.number().min(0).max(1).default(0.3), // §4.2 ε of noisy-ε (and DART)
      limitedEpisodesPerTask: z.number().int().min(0).default(10), // §9 limited expert, data report only
      llmEpisodes: z.number().int().min(0).default(2), // §4.3 used only when WEB_AGENTS_LLM_* is set
    })
    .prefault({}),
  collection: z
    .object({
      keptPerTask: z.number().int().min(1).default(50), // §7.1 kept episodes per train task
      maxAttemptsFactor: z.number().min(1).default(3), // noisy: at most factor × kept episodes tried
    })
    .prefault({}),
  filter: z
    .object({
      successOnly: z.boolean().default(true), // §5.2 keep success = 1
      dropErrors: z.boolean().default(false),
      dropLong: z.boolean().default(false),
      dedupe: z.boolean().default(false),
    })
    .prefault({}),
  base: z
    .object({
      episodesPerTask: z.number().int().min(1).default(8), // §7.1 base data
      epochs: z.number().min(0.1).default(4),
    })
    .prefault({}),
  sft: z
    .object({
      epochs: z.number().min(0.1).default(16), // §9 paper: 16
      checkpoints: z.array(z.number().positive()).default([0.5, 1, 2, 4, 6, 8, 10, 12, 14, 16]), // epochs saved
      onlineCheckpoints: z.array(z.number().positive()).default([0.5, 1, 2, 4, 8]), // evaluated online (correlation set)
      batchSize: z.number().int().min(1).default(64), // §6.4
      learningRate: z.number().positive().default(1e-3), // §6.4
      lambda: z.number().min(0).default(0.5), // §6.3 λ
      thoughtDropout: z.number().min(0).max(1).default(0.5), // §6.3 p_drop
      clipNorm: z.number().positive().default(1), // §6.4
      width: z.number().int().min(8).default(64), // §6.2 H
    })
    .prefault({}),
  configs: z
    .array(ConfigName)
    .default(['oracle', 'style-mix', 'noisy', 'oracle-actonly', 'dart', 'dagger', 'bc-budget']), // §7.1
  eval: z
    .object({
      seedsPerTask: z.number().int().min(1).default(50), // §9 evaluation seeds per train task
      heldOutSeedsPerTask: z.number().int().min(0).default(50),
      // [ours] seeds for points no verdict reads (oracle act, oracle-actonly think/act, dart); 0 = seedsPerTask
      sideSeedsPerTask: z.number().int().min(0).default(0),
      randomSeedsPerTask: z.number().int().min(0).default(10), // random-policy SR per task (criterion 4)
      mode: z.enum(['think', 'act']).default('think'),
    })
    .prefault({}),
  dagger: z
    .object({
      initialEpisodesPerTask: z.number().int().min(1).default(30), // §7.2
      betas: z.array(z.number().min(0).max(1)).default([1, 0.5, 0.25]), // §9 paper: 3 rounds
      episodesPerTaskPerRound: z.number().int().min(1).default(10),
    })
    .prefault({}),
  stats: z.object({ bootstrap: z.number().int().min(10).default(2000) }).prefault({}), // §7.6 B
});
export type WebAgentsConfig = z.infer<typeof WebAgentsConfig>;

export function trainTasks(config: WebAgentsConfig): string[] {
  return config.tasks.train.length > 0
    ? config.tasks.train
    : listTasks()
        .filter((t) => !t.meta.heldOut)
        .map((t) => t.id);
}

export function heldOutTasks(config: WebAgentsConfig): string[] {
  return config.tasks.heldOut.length > 0
    ? config.tasks.heldOut
    : listTasks()
        .filter((t) => t.meta.heldOut)
        .map((t) => t.id);
}

/** Seed ranges of brief §5.4. */
export const seedRanges = {
  sft: 0,
  base: 100_000,
  rollouts: 200_000,
  eval: 1_000_000,
} as const;
