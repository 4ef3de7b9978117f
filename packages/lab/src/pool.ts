// The process pool: runs independent jobs (seeds, grid points) in one child process per core.
// Parallelism comes from processes because the wasm backend is single-threaded. Each worker is
// forked with tsx (so jobs can live in .ts modules), initialises the tf backend itself, then takes
// jobs one at a time; results come back in input order. On a job error no new jobs start, the
// running ones finish (their results still reach onResult, so nothing computed is lost), and the
// pool rejects with a PoolJobError carrying the job's module, function and args. A job that leaves
// tf tensors behind in its worker fails ('fail': tests and smoke runs) or is logged ('warn'): a
// worker runs many jobs, so a leak per job grows until the process runs out of memory.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BackendRequest } from 'core-tensor';
import { z } from 'zod';
import type { JsonValue } from './json-value.js';
import type { Logger } from './logger.js';
import { exitText, readinessProblem, startPoolProcess } from './pool-process.js';
import type { WorkerMessage } from './pool-protocol.js';

export interface PoolJob {
  /** The module exporting the job function: a path, a file: URL, or `new URL('./jobs.ts', import.meta.url)`. */
  module: string | URL;
  /** Name of the exported function; it takes `args` and returns (a promise of) JSON. */
  fn: string;
  args: JsonValue;
}

/** What the pool does with a job that leaves more tf tensors alive in its worker than it found. */
export type LeakCheck = 'fail' | 'warn' | 'off';

/** The leak check of a run: 'fail' in smoke runs and under vitest, where a leak is a bug to fix now. */
export function defaultLeakCheck(preset?: string): LeakCheck {
  return preset === 'smoke' || process.env.VITEST !== undefined ? 'fail' : 'warn';
}

export interface PoolMapOptions {
  /** Default defaultLeakCheck(): 'fail' under vitest, else 'warn'. */
  leakCheck?: LeakCheck;
}

export interface PoolOptions extends PoolMapOptions {
  /** Worker processes; default os.availableParallelism(). Never more than there are jobs. */
  size?: number;
  /** Backend each worker initialises, normally the one the parent run chose. */
  backend: BackendRequest;
  log?: Logger;
  /** Called with each job's result as it arrives (before the whole batch ends). */
  onResult?: (index: number, value: JsonValue) => Promise<void> | void;
}

/** Runs jobs and returns their results in input order. */
export interface Pool {
  readonly size: number;
  map<Result>(
    jobs: readonly PoolJob[],
    result: z.ZodType<Result>,
    options?: PoolMapOptions,
  ): Promise<Result[]>;
}

export class PoolJobError extends Error {
  constructor(
    readonly index: number,
    readonly job: { module: string; fn: string; args: JsonValue },
    readonly reason: string,
    readonly workerStack?: string,
  ) {
    super(
      `pool job ${index} failed: ${job.fn}(${argsPreview(job.args)}) from ${job.module}: ${reason}` +
        (workerStack === undefined ? '' : `\nworker stack:\n${workerStack}`),
    );
    this.name = 'PoolJobError';
  }
}

/** A job's arguments for an error message: the JSON, cut to 300 characters (an argument can be a whole dataset). */
export function argsPreview(args: JsonValue, limit = 300): string {
  const json = JSON.stringify(args) ?? 'undefined';
  return json.length <= limit ? json : `${json.slice(0, limit)}… (${json.length} characters)`;
}

/** The job's module as a file: URL string (what the worker imports and what identifies the job). */
export function moduleUrl(module: string | URL): string {
  if (module instanceof URL) return module.href;
  return module.startsWith('file:') ? module : pathToFileURL(resolve(module)).href;
}

export function defaultPoolSize(): number {
  return availableParallelism();
}

export type NormalisedJob = { module: string; fn: string; args: JsonValue };
type ResultMessage = Pick<Extract<WorkerMessage, { type: 'result' }>, 'value' | 'tensors'>;

/** The leak of a job as text, or undefined when it left no more tensors than it found. */
function leakText(tensors: ResultMessage['tensors']): string | undefined {
  const leaked = tensors.after - tensors.before;
  if (leaked <= 0) return undefined;
  return `leaked ${leaked} tensors: ${tensors.before} before, ${tensors.after} after`;
}

/**
 * Checks a job's result for leaks and against its schema: the job's error, or the value to keep
 * (a leak under 'warn' is logged and the result kept). The queue (queue-pool.ts) checks its
 * results here too, so a job passes or fails the same way wherever it ran.
 */
export function checkResult<Result>(
  index: number,
  job: NormalisedJob,
  message: ResultMessage,
  result: z.ZodType<Result>,
  options: Pick<PoolOptions, 'leakCheck' | 'log'>,
): { error: PoolJobError } | { value: Result } {
  const leak = leakText(message.tensors);
  const leakCheck = options.leakCheck ?? defaultLeakCheck();
  if (leak !== undefined && leakCheck === 'fail')
    return { error: new PoolJobError(index, job, `${leak} (leak check 'fail')`) };
  if (leak !== undefined && leakCheck === 'warn') {
    const name = `${job.fn}(${argsPreview(job.args)}) from ${job.module}`;
    options.log?.warn(`pool job ${index} ${name} ${leak}; result kept (leak check 'warn')`);
  }
  const parsed = result.safeParse(message.value);
  if (!parsed.success) {
    const reason = `result does not match its schema:\n${z.prettifyError(parsed.error)}`;
    return { error: new PoolJobError(index, job, reason) };
  }
  return { value: parsed.data };
}

/** Runs `jobs` in worker processes; results in input order, each validated by `result`. */
export async function runJobs<Result>(
  jobs: readonly PoolJob[],
  result: z.ZodType<Result>,
  options: PoolOptions,
): Promise<Result[]> {
  if (jobs.length === 0) return [];
  const normalised = jobs.map((job) => ({ module: moduleUrl(job.module), fn: job.fn, args: job.args }));
  const size = Math.max(1, Math.min(options.size ?? defaultPoolSize(), jobs.length));
  const results = new Map<number, Result>();
  const failures: PoolJobError[] = [];
  let nextIndex = 0;

  const serve = async (workerNumber: number) => {
    const worker = startPoolProcess(workerNumber, options.backend, options.log);
    try {
      const problem = await readinessProblem(worker, options.backend);
      if (problem !== undefined) {
        const index = nextIndex < normalised.length ? nextIndex++ : 0;
        failures.push(new PoolJobError(index, normalised[index]!, `worker ${workerNumber} ${problem}`));
        return;
      }
      while (nextIndex < normalised.length && failures.length === 0) {
        const index = nextIndex++;
        const job = normalised[index]!;
        worker.send({ type: 'run', index, ...job });
        const event = await worker.next();
        if (event.kind === 'exit') {
          failures.push(
            new PoolJobError(
              index,
              job,
              `worker ${workerNumber} exited (${exitText(event)}) while running it`,
            ),
          );
          return;
        }
        const message = event.message;
        if (message.type === 'error') {
          failures.push(new PoolJobError(index, job, message.message, message.stack));
        } else if (message.type === 'result') {
          const checked = checkResult(index, job, message, result, options);
          if ('error' in checked) {
            failures.push(checked.error);
          } else {
            results.set(index, checked.value);
            await options.onResult?.(index, message.value);
          }
        } else {
          failures.push(
            new PoolJobError(index, job, `worker ${workerNumber} sent '${message.type}' instead of a result`),
          );
        }
      }
    } finally {
      await worker.stop();
    }
  };

  options.log?.info(
    `pool: ${jobs.length} jobs on ${size} worker processes (backend ${options.backend}, leak check ${options.leakCheck ?? defaultLeakCheck()})`,
  );
  await Promise.all(Array.from({ length: size }, (_, worker) => serve(worker + 1)));
  const [firstFailure] = failures.sort((a, b) => a.index - b.index);
  if (firstFailure !== undefined) {
    if (failures.length > 1) firstFailure.message += `\n(${failures.length - 1} more job(s) failed too)`;
    throw firstFailure;
  }
  return normalised.map((_, index) => results.get(index)!);
}

/** The local pool as a job cache's runner (job-cache.ts): `options` fixed, the map's own options added. */
export function localJobRunner(options: Pick<PoolOptions, 'size' | 'backend' | 'log'>) {
  return <Result>(
    jobs: readonly PoolJob[],
    result: z.ZodType<Result>,
    mapOptions: PoolMapOptions & Pick<PoolOptions, 'onResult'>,
  ): Promise<Result[]> => runJobs(jobs, result, { ...mapOptions, ...options });
}
