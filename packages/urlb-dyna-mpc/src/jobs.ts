// Pool jobs (one process per core, brief §10): a whole PT run, a whole FT run, the smoke checks of
// every walker/quadruped task, and a short pixel run through the ray caster.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from 'core-tensor';
import { z } from 'zod';
import { Condition, IntrinsicMethod, StudyConfig } from './config.js';
import { makeEnv } from './env/environment.js';
import { Domain, domainOf, TaskName } from './env/task.js';
import { finetune } from './loops/finetune.js';
import { pretrain } from './loops/pretrain.js';
import { writePng } from './render/png.js';

const log = (message: string) => console.log(message);

export const PretrainJobArgs = z.object({
  config: z.unknown(),
  domain: z.enum(Domain),
  method: IntrinsicMethod,
  seed: z.number().int(),
  snapshotRoot: z.string(),
  checkpointDir: z.string().optional(), // in-job checkpoints (resume inside the job)
});

export const PretrainJobResult = z.object({
  domain: z.string(),
  method: z.string(),
  seed: z.number(),
  updates: z.number(),
  frames: z.number(),
  finalKl: z.number().nullable(),
  finiteLosses: z.boolean(),
  snapshots: z.array(z.number()),
  wallSeconds: z.number(),
  secondsPerUpdate: z.number(),
  resumedFromFrame: z.number().nullable(),
  losses: z.array(
    z.object({ frame: z.number(), modelLoss: z.number(), klMean: z.number(), imaginedReward: z.number() }),
  ),
});
export type PretrainJobResult = z.infer<typeof PretrainJobResult>;

export async function pretrainJob(raw: unknown): Promise<PretrainJobResult> {
  const args = PretrainJobArgs.parse(raw);
  const config = StudyConfig.parse(args.config);
  const checkpoint = args.checkpointDir
    ? { dir: args.checkpointDir, every: config.checkpointEvery }
    : undefined;
  const result = await pretrain(
    config,
    args.domain,
    args.method,
    args.seed,
    args.snapshotRoot,
    log,
    checkpoint,
  );
  return { ...result, finalKl: Number.isFinite(result.finalKl) ? result.finalKl : null };
}

export const FinetuneJobArgs = z.object({
  config: z.unknown(),
  task: z.enum(TaskName),
  condition: Condition,
  seed: z.number().int(),
  snapshot: z.string().nullable(),
  checkpointDir: z.string().optional(),
});

export const FinetuneJobResult = z.object({
  task: z.string(),
  condition: z.string(),
  seed: z.number(),
  snapshotFrames: z.number().nullable(),
  finalScore: z.number(),
  finalReturn: z.number(),
  initialScore: z.number().nullable(),
  evaluations: z.array(z.object({ frame: z.number(), score: z.number(), meanReturn: z.number() })),
  trainEpisodes: z.array(z.object({ frame: z.number(), score: z.number() })),
  rewardR2: z.number().nullable(),
  openLoopError: z.number().nullable(), // world-model open-loop MSE per dimension (null: not measured)
  copyLastError: z.number().nullable(), // the copy-last-state baseline's MSE on the same chunks
  finiteLosses: z.boolean(),
  updates: z.number(),
  plannedActions: z.number(),
  plannerSeconds: z.number(),
  latentStepsPerAction: z.number(),
  secondsPerUpdate: z.number(),
  wallSeconds: z.number(),
  resumedFromFrame: z.number().nullable(),
});
export type FinetuneJobResult = z.infer<typeof FinetuneJobResult>;

export async function finetuneJob(raw: unknown): Promise<FinetuneJobResult> {
  const args = FinetuneJobArgs.parse(raw);
  const config = StudyConfig.parse(args.config);
  const checkpoint = args.checkpointDir
    ? { dir: args.checkpointDir, every: config.checkpointEvery }
    : undefined;
  const { openLoop, ...result } = await finetune(
    config,
    args.task,
    args.condition,
    args.seed,
    args.snapshot,
    log,
    checkpoint,
  );
  const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);
  return {
    ...result,
    snapshotFrames: args.condition.snapshotFrames,
    rewardR2: finiteOrNull(result.rewardR2),
    openLoopError: finiteOrNull(openLoop.model),
    copyLastError: finiteOrNull(openLoop.copyLast),
  };
}

export const TaskCheckResult = z.object({
  task: z.string(),
  steps: z.number(),
  meanReward: z.number(),
  observationSize: z.number(),
});

/** Smoke: random steps and a reward on a task (every walker/quadruped task, brief §8.2). */
export async function taskCheckJob(raw: unknown): Promise<z.infer<typeof TaskCheckResult>> {
  const args = z
    .object({
      task: z.enum(TaskName),
      steps: z.number().int(),
      seed: z.number().int(),
      mjcfDir: z.string().optional(),
    })
    .parse(raw);
  const env = await makeEnv(args.task, { seed: args.seed, mjcfDir: args.mjcfDir });
  const rng = new Rng(args.seed).split('task-check');
  let step = env.reset();
  let total = 0;
  for (let i = 0; i < args.steps; i++) {
    step = env.step(Array.from({ length: env.actionSize }, () => rng.uniform(-1, 1)));
    total += step.reward;
  }
  const result = {
    task: args.task,
    steps: args.steps,
    meanReward: total / args.steps,
    observationSize: env.observationShape[0]!,
  };
  env.dispose();
  return result;
}

export const FramesResult = z.object({ files: z.array(z.string()), millisecondsPerFrame: z.number() });

/** Renders a few 64×64 frames per domain (reset and after random steps) to PNG files. */
export async function framesJob(raw: unknown): Promise<z.infer<typeof FramesResult>> {
  const args = z
    .object({
      tasks: z.array(z.enum(TaskName)),
      dir: z.string(),
      seed: z.number().int(),
      steps: z.number().int(),
      mjcfDir: z.string().optional(),
    })
    .parse(raw);
  mkdirSync(args.dir, { recursive: true });
  const files: string[] = [];
  let renderMs = 0;
  let frames = 0;
  for (const task of args.tasks) {
    const env = await makeEnv(task, { seed: args.seed, mjcfDir: args.mjcfDir });
    const rng = new Rng(args.seed).split(`frames-${task}`);
    env.reset();
    for (const [label, steps] of [
      ['reset', 0],
      ['later', args.steps],
    ] as const) {
      for (let i = 0; i < steps; i++)
        env.step(Array.from({ length: env.actionSize }, () => rng.uniform(-1, 1)));
      const t0 = performance.now();
      const image = env.render(64);
      renderMs += performance.now() - t0;
      frames += 1;
      const name = `${task}-${label}.png`;
      writePng(join(args.dir, name), image, 64, 64);
      files.push(name);
    }
    domainOf(task);
    env.dispose();
  }
  return { files, millisecondsPerFrame: renderMs / frames };
}
