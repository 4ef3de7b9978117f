// Running a phase of episodes: the job list is split across `workers` browser processes (lab's
// ctx.pool) or run in-process with one worker; every worker appends to its own trace shard, so a
// killed run resumes by episode key. Returns every episode of the phase, read back from the traces.
import { join } from 'node:path';
import type { RunContext } from 'lab';
import type { WebAgentsConfig } from '../config.js';
import { type Episode, readPhase } from '../data/trace.js';
import { type ChunkArgs, type ChunkJob, ChunkResult, runChunk } from '../runner/jobs.js';

export function traceDir(ctx: RunContext): string {
  return join(ctx.runDir, 'traces');
}

export interface PhaseStats {
  phase: string;
  episodes: number;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
  failed: number;
}

export async function runPhase(
  ctx: RunContext,
  config: WebAgentsConfig,
  phase: string,
  jobs: readonly ChunkJob[],
): Promise<{ episodes: Episode[]; stats: PhaseStats }> {
  const dir = traceDir(ctx);
  const workers = Math.max(1, Math.min(config.env.workers, ctx.pool.size, jobs.length));
  const env = {
    backend: config.env.backend,
    reset: config.env.reset,
    axtree: config.observation.axtree,
    horizon: config.env.horizon,
    actionTimeoutMs: config.env.actionTimeoutMs,
    episodeTimeoutMs: config.env.episodeTimeoutMs,
    viewport: config.env.viewport,
  };
  // Interleave jobs so each worker gets a mix of tasks (similar episode lengths).
  const chunks: ChunkJob[][] = Array.from({ length: workers }, () => []);
  jobs.forEach((job, i) => {
    chunks[i % workers]!.push(job);
  });
  const args: ChunkArgs[] = chunks.map((chunk, worker) => ({
    traceDir: dir,
    phase,
    worker,
    seed: ctx.seed,
    env,
    jobs: chunk,
  }));
  const started = performance.now();
  let results: ChunkResult[];
  if (workers === 1) results = [await runChunk(args[0]!)];
  else {
    results = await ctx.pool.map(
      args.map((a) => ({ module: new URL('../runner/jobs.ts', import.meta.url), fn: 'runChunk', args: a })),
      ChunkResult,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  const wanted = new Set(jobs.map((j) => j.key));
  const episodes = readPhase(dir, phase).filter((e) => wanted.has(e.key));
  const steps = results.reduce((a, r) => a + r.steps, 0);
  const ran = results.reduce((a, r) => a + r.ran, 0);
  const stats: PhaseStats = {
    phase,
    episodes: ran,
    steps,
    seconds,
    stepsPerSecond: seconds > 0 ? steps / seconds : 0,
    failed: results.reduce((a, r) => a + r.failed, 0),
  };
  if (ran > 0)
    ctx.log.info(
      `phase ${phase}: ${ran} episodes, ${steps} steps in ${seconds.toFixed(1)} s (${stats.stepsPerSecond.toFixed(1)} steps/s)`,
    );
  return { episodes, stats };
}

/** Episode jobs for a policy over tasks × seeds. */
export function episodeJobs(
  phase: string,
  policy: string,
  spec: ChunkJob['spec'],
  tasks: readonly string[],
  seeds: (task: string) => number[],
  ckpt: string | null = null,
  evalMode: string | null = null,
): ChunkJob[] {
  return tasks.flatMap((task) =>
    seeds(task).map((seed) => ({
      key: `${phase}/${policy}/${ckpt ?? '-'}/${evalMode ?? '-'}/${task}/${seed}`,
      phase,
      task,
      seed,
      policy,
      ckpt,
      evalMode,
      spec,
    })),
  );
}

export function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}
