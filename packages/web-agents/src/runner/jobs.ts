// Pool jobs (run in a worker process by lab's ctx.pool, or in-process with one worker): a chunk of
// episodes with one browser and task server, appended to the worker's trace shard.
import { z } from 'zod';
import { createTaskServer } from '../browser/server.js';
import { phaseFile, readEpisodes } from '../data/trace.js';
import { AxtreeSource } from '../env/browsergym-obs.js';
import { defaultEnvOptions, ResetMode } from '../env/env.js';
import { Backend } from '../env/execute.js';
import type { Student } from '../student/student.js';
import { BrowserHandle, runEpisodes } from './episodes.js';
import { makePolicy, PolicySpec } from './policy-spec.js';

export const ChunkJob = z.object({
  key: z.string(),
  phase: z.string(),
  task: z.string(),
  seed: z.number().int(),
  policy: z.string(),
  ckpt: z.string().nullable(),
  evalMode: z.string().nullable(),
  spec: PolicySpec,
});
export type ChunkJob = z.infer<typeof ChunkJob>;

export const ChunkArgs = z.object({
  traceDir: z.string(),
  phase: z.string(),
  worker: z.number().int().min(0),
  seed: z.number().int(),
  env: z.object({
    backend: z.enum(Backend),
    reset: z.enum(ResetMode),
    axtree: z.enum(AxtreeSource).default('tags'),
    horizon: z.number().int(),
    actionTimeoutMs: z.number().int(),
    episodeTimeoutMs: z.number().int(),
    viewport: z.object({ width: z.number().int(), height: z.number().int() }),
  }),
  jobs: z.array(ChunkJob),
});
export type ChunkArgs = z.infer<typeof ChunkArgs>;

export const ChunkResult = z.object({
  ran: z.number().int(),
  skipped: z.number().int(),
  steps: z.number().int(),
  seconds: z.number(),
  failed: z.number().int(),
});
export type ChunkResult = z.infer<typeof ChunkResult>;

export async function runChunk(raw: unknown): Promise<ChunkResult> {
  const args = ChunkArgs.parse(raw);
  const tracePath = phaseFile(args.traceDir, args.phase, args.worker);
  const done = new Set(readEpisodes(tracePath).map((e) => e.key));
  const todo = args.jobs.filter((j) => !done.has(j.key));
  if (todo.length === 0) return { ran: 0, skipped: args.jobs.length, steps: 0, seconds: 0, failed: 0 };
  const server = await createTaskServer();
  const handle = new BrowserHandle();
  const students = new Map<string, Student>();
  const specs = new Map(todo.map((j) => [j.key, j.spec]));
  const started = performance.now();
  try {
    const episodes = await runEpisodes(
      handle,
      server,
      todo,
      (job) => makePolicy(specs.get(job.key)!, students),
      {
        env: { ...defaultEnvOptions, ...args.env, freshContext: false },
        episodeTimeoutMs: args.env.episodeTimeoutMs,
        seed: args.seed,
        tracePath,
      },
    );
    return {
      ran: episodes.length,
      skipped: args.jobs.length - todo.length,
      steps: episodes.reduce((a, e) => a + e.nSteps, 0),
      seconds: (performance.now() - started) / 1000,
      failed: episodes.filter((e) => e.error !== null).length,
    };
  } finally {
    for (const s of students.values()) s.dispose();
    await handle.close();
    await server.close();
  }
}
