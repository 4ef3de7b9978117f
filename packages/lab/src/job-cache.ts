// ctx.pool with memory: each finished job's result is stored in the run's checkpoint folder
// (checkpoint/jobs/<hash>.json, written atomically as it arrives), so a rerun of a killed run
// returns finished jobs from disk and runs only the rest. A job is identified by its module URL,
// function name and args. The rest run on the local pool (runJobs) or, with --queue, on the queue
// (runQueueJobs); the cache is the same either way.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from './atomic-write.js';
import { JsonValue } from './json-value.js';
import type { Logger } from './logger.js';
import { moduleUrl, type Pool, type PoolJob, PoolJobError, type PoolMapOptions } from './pool.js';

const CachedJob = z.object({ module: z.string(), fn: z.string(), args: JsonValue, result: JsonValue });

/** A stable id for a job: sha256 of its module URL, function name and args. */
export function jobKey(job: PoolJob): string {
  return createHash('sha256')
    .update(JSON.stringify([moduleUrl(job.module), job.fn, job.args]))
    .digest('hex')
    .slice(0, 32);
}

async function readCached<Result>(path: string, result: z.ZodType<Result>): Promise<Result | undefined> {
  if (!existsSync(path)) return undefined;
  try {
    const cached = CachedJob.parse(JSON.parse(await readFile(path, 'utf8')));
    const parsed = result.safeParse(cached.result);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the jobs the cache does not hold, calling onResult with each result as it arrives. */
export type JobRunner = <Result>(
  jobs: readonly PoolJob[],
  result: z.ZodType<Result>,
  options: PoolMapOptions & { onResult: (index: number, value: JsonValue) => Promise<void> },
) => Promise<Result[]>;

/** A pool whose finished jobs are kept in `dir` and not run again; `run` runs the others. */
export function createCachedPool(options: { dir: string; size: number; log: Logger; run: JobRunner }): Pool {
  return {
    size: options.size,
    async map<Result>(
      jobs: readonly PoolJob[],
      result: z.ZodType<Result>,
      mapOptions: PoolMapOptions = {},
    ): Promise<Result[]> {
      const paths = jobs.map((job) => join(options.dir, `${jobKey(job)}.json`));
      const cached: (Result | undefined)[] = await Promise.all(paths.map((path) => readCached(path, result)));
      const pending = jobs.map((_, index) => index).filter((index) => cached[index] === undefined);
      if (pending.length < jobs.length) {
        options.log.info(
          `pool: ${jobs.length - pending.length} of ${jobs.length} jobs restored from the checkpoint`,
        );
      }
      const fresh = await options
        .run(
          pending.map((index) => jobs[index]!),
          result,
          {
            ...mapOptions,
            onResult: async (pendingIndex, value) => {
              const index = pending[pendingIndex]!;
              const job = jobs[index]!;
              await writeJsonAtomic(paths[index]!, {
                module: moduleUrl(job.module),
                fn: job.fn,
                args: job.args,
                result: value,
              });
            },
          },
        )
        .catch((error: unknown) => {
          // Report the job by its index in the caller's list, not in the list of pending jobs.
          if (!(error instanceof PoolJobError)) throw error;
          const renumbered = new PoolJobError(
            pending[error.index]!,
            error.job,
            error.reason,
            error.workerStack,
          );
          renumbered.message = error.message.replace(
            `pool job ${error.index} `,
            `pool job ${renumbered.index} `,
          );
          throw renumbered;
        });
      const output = [...cached];
      for (const [pendingIndex, index] of pending.entries()) output[index] = fresh[pendingIndex];
      return output.map((value, index) => {
        if (value === undefined) throw new Error(`pool: job ${index} has no result`);
        return value;
      });
    },
  };
}
