// The pool's queue backend, the coordinator's side: `--queue redis://…` sends a run's pool jobs to
// a BullMQ queue, where lab workers on any machine with the same checkout run them
// (queue-worker.ts). Results come back through the queue in input order and are checked exactly
// as the local pool checks them (leak check, result schema); the run writes them as it always does.
//
// What BullMQ gives us, rather than code of our own: one job per id (a job already done or
// running is not added twice, so a rerun of a killed coordinator picks up where the queue is);
// `attempts` with backoff for a job that throws (UnrecoverableError from a worker's refusal skips
// them); the lock and stalled-job check that hands a job of a killed worker to another one; and
// QueueEvents, through which job.waitUntilFinished learns that a job ended.
import { resolve } from 'node:path';
import { type Job, Queue, QueueEvents } from 'bullmq';
import type { BackendRequest } from 'core-tensor';
import type { z } from 'zod';
import { type CheckoutState, readCheckoutState } from './checkout-state.js';
import { InputError } from './input-error.js';
import type { JobRunner } from './job-cache.js';
import type { JsonValue } from './json-value.js';
import type { Logger } from './logger.js';
import {
  checkResult,
  defaultLeakCheck,
  moduleUrl,
  type PoolJob,
  PoolJobError,
  type PoolMapOptions,
} from './pool.js';
import { fromPortable, type PortableRoots } from './portable-paths.js';
import { assertQueueReachable } from './queue-connection.js';
import {
  type QueueJobContext,
  type QueueJobData,
  QueueJobResult,
  queueJobId,
  toQueueJob,
} from './queue-job.js';
import { storeId } from './queue-store.js';
import { parseQueueUrl, type QueueTarget, queueName, redactSecret } from './queue-url.js';
import { labWorkspaceRoot } from './workspace.js';

/** A run's way to the queue, checked before its folder exists. */
export interface QueueBackend {
  target: QueueTarget;
  roots: PortableRoots;
  checkout: CheckoutState;
  /** The queue as the runner of the run's job cache (job-cache.ts). */
  jobRunner(run: { study: string; run: string; backend: BackendRequest; log: Logger }): JobRunner;
}

/**
 * Parses the URL, reads lab's checkout state and checks that Redis answers; an InputError (the
 * run does not start) when one of them fails.
 */
export async function prepareQueue(queue: { url: string; store: string }): Promise<QueueBackend> {
  const target = parseQueueUrl(queue.url);
  const workspace = labWorkspaceRoot();
  let checkout: CheckoutState;
  try {
    checkout = await readCheckoutState(workspace);
  } catch (error) {
    throw new InputError([
      { key: '--queue', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  await assertQueueReachable(target);
  const roots = { workspace, store: resolve(queue.store) };
  const id = await storeId(roots.store);
  return {
    target,
    roots,
    checkout,
    jobRunner: ({ log, ...run }) => {
      const context: QueueJobContext = { ...run, checkout, roots, storeId: id };
      return (jobs, result, mapOptions) =>
        runQueueJobs(jobs, result, { ...mapOptions, target, context, log });
    },
  };
}

export interface QueueRunOptions extends PoolMapOptions {
  target: QueueTarget;
  context: QueueJobContext;
  log: Logger;
  /** Called with each job's result as it arrives (the run's job cache stores it). */
  onResult?: (index: number, value: JsonValue) => Promise<void> | void;
  /** Tries of a job that throws before it fails the run; default 3. */
  attempts?: number;
  /** How often to log how far the jobs are; default 30 s. */
  heartbeatMs?: number;
}

// Finished jobs stay a week: a rerun of the run finds them done, and a failure can be looked at.
const keepFinished = { age: 7 * 24 * 3600 };

type Outcome = { kind: 'done'; raw: unknown } | { kind: 'failed'; error: unknown } | { kind: 'cancelled' };

/** Adds the job, or takes the one with its id already on the queue; a failed one is tried again afresh. */
async function submit(queue: Queue, data: QueueJobData, attempts: number): Promise<Job> {
  const jobId = queueJobId(data);
  const existing = await queue.getJob(jobId);
  if (existing !== undefined) {
    if ((await existing.getState()) === 'failed')
      await existing.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return existing;
  }
  return queue.add(`${data.study}:${data.fn}`, data, {
    jobId,
    attempts,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: keepFinished,
    removeOnFail: keepFinished,
  });
}

/** Runs `jobs` on the queue; results in input order, each validated by `result`, as runJobs does locally. */
export async function runQueueJobs<Result>(
  jobs: readonly PoolJob[],
  result: z.ZodType<Result>,
  options: QueueRunOptions,
): Promise<Result[]> {
  if (jobs.length === 0) return [];
  const { target, context, log } = options;
  const normalised = jobs.map((job) => ({ module: moduleUrl(job.module), fn: job.fn, args: job.args }));
  const data = jobs.map((job) => toQueueJob(job, context));
  const connection = { connection: target.connection };
  const queue = new Queue(queueName, connection);
  const events = new QueueEvents(queueName, connection);
  // Without a listener an 'error' event would throw; the client reconnects by itself.
  const warn = (error: Error) => log.warn(`queue: ${redactSecret(target, error.message)}`);
  queue.on('error', warn);
  events.on('error', warn);
  const results = new Map<number, Result>();
  const failures: PoolJobError[] = [];
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    await events.waitUntilReady();
    const handles: Job[] = [];
    for (const item of data) handles.push(await submit(queue, item, options.attempts ?? 3));
    const changes = context.checkout.changes === null ? '' : ' with uncommitted changes';
    log.info(
      `pool: ${jobs.length} jobs sent to the queue ${queueName} at ${target.redacted} (backend ${context.backend}, commit ${context.checkout.commit.slice(0, 12)}${changes}, leak check ${options.leakCheck ?? defaultLeakCheck()})`,
    );
    const cancels = new Map<number, (outcome: Outcome) => void>();
    const settled = new Set<number>();
    heartbeat = setInterval(() => {
      void queue.getWorkersCount().then(
        (workers) =>
          log.info(
            `queue: ${settled.size} of ${jobs.length} jobs done; ${workers === 0 ? 'no worker is connected: start one with `pnpm --filter lab run worker -- --queue <url> --store <store>` in a checkout of this commit' : `${workers} worker(s) connected`}`,
          ),
        () => undefined,
      );
    }, options.heartbeatMs ?? 30_000);
    heartbeat.unref();

    // After a failure no job starts: those still waiting are taken off the queue, running ones end.
    let isStopping = false;
    const stop = async () => {
      if (isStopping) return;
      isStopping = true;
      for (const [index, job] of handles.entries()) {
        if (settled.has(index)) continue;
        const state = await job.getState().catch(() => 'unknown');
        if (state !== 'waiting' && state !== 'delayed' && state !== 'prioritized') continue;
        const removed = await job.remove().then(
          () => true,
          () => false, // taken by a worker meanwhile: it runs to its end
        );
        if (removed) cancels.get(index)?.({ kind: 'cancelled' });
      }
    };

    const fail = async (error: PoolJobError) => {
      failures.push(error);
      await stop();
    };

    await Promise.all(
      handles.map(async (job, index) => {
        const outcome = await Promise.race([
          job.waitUntilFinished(events).then(
            (raw: unknown): Outcome => ({ kind: 'done', raw }),
            (error: unknown): Outcome => ({ kind: 'failed', error }),
          ),
          new Promise<Outcome>((resolve) => cancels.set(index, resolve)),
        ]);
        settled.add(index);
        const normalisedJob = normalised[index]!;
        if (outcome.kind === 'cancelled') return;
        if (outcome.kind === 'failed') {
          const stored = await queue.getJob(job.id!).catch(() => undefined);
          const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
          const reason = `${stored?.failedReason ?? message} (on the queue as ${job.id}, ${stored?.attemptsMade ?? '?'} attempt(s))`;
          await fail(new PoolJobError(index, normalisedJob, reason, stored?.stacktrace?.at(-1)));
          return;
        }
        const answer = QueueJobResult.safeParse(outcome.raw);
        if (!answer.success) {
          await fail(
            new PoolJobError(
              index,
              normalisedJob,
              `the worker's answer is malformed: ${answer.error.message}`,
            ),
          );
          return;
        }
        const value = fromPortable(answer.data.value, context.roots);
        const checked = checkResult(
          index,
          normalisedJob,
          { value, tensors: answer.data.tensors },
          result,
          options,
        );
        if ('error' in checked) {
          await fail(checked.error);
          return;
        }
        results.set(index, checked.value);
        await options.onResult?.(index, value);
      }),
    );
  } finally {
    clearInterval(heartbeat);
    await events.close();
    await queue.close();
  }
  const [firstFailure] = failures.sort((a, b) => a.index - b.index);
  if (firstFailure !== undefined) {
    if (failures.length > 1) firstFailure.message += `\n(${failures.length - 1} more job(s) failed too)`;
    throw firstFailure;
  }
  return normalised.map((_, index) => results.get(index)!);
}
