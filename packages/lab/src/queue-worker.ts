// The queue worker: takes lab jobs from the BullMQ queue and runs each in a pool process
// (pool-process.ts), exactly as the local pool does, so its result is the one a local run gets.
// Before it runs a job it checks the job: data that is not a lab job, a job sent from another
// commit or with other uncommitted changes, from a run whose store is not this worker's --store,
// or naming a module its checkout lacks is refused at once with an UnrecoverableError (no retry
// would change it) and never run. A job that throws is retried by
// BullMQ up to its attempts; one that rejects its args with a zod error fails at once. While a
// job runs, BullMQ renews its lock; a worker killed mid-job stops renewing it and, once the lock
// expires, another worker's stalled-job check puts the job back on the queue.
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { BackendRequest } from 'core-tensor';
import { z } from 'zod';
import { type CheckoutState, checkoutMismatch, readCheckoutState } from './checkout-state.js';
import type { Logger } from './logger.js';
import { argsPreview } from './pool.js';
import { exitText, type PoolProcess, readinessProblem, startPoolProcess } from './pool-process.js';
import { fromPortable, type PortableRoots, toPortable } from './portable-paths.js';
import { QueueJobData, type QueueJobResult } from './queue-job.js';
import { readStoreId, storeIdFile } from './queue-store.js';
import { type QueueTarget, queueName, redactSecret } from './queue-url.js';

export interface QueueWorkerOptions {
  target: QueueTarget;
  /** The checkout's root and the shared store as this machine sees them. */
  roots: PortableRoots;
  /** Jobs run at once, each in its own pool process. */
  concurrency: number;
  /** How long a job stays locked to this worker without a renewal (BullMQ's lockDuration). */
  lockMs: number;
  log: Logger;
}

export interface QueueWorker {
  /** `host:pid`, as the worker's log and its refusals name it. */
  readonly name: string;
  /** Stops taking jobs and waits for the running ones (or, forced, abandons them to other workers). */
  close(force?: boolean): Promise<void>;
}

interface Slot {
  process: PoolProcess;
  /** Backend and checkout state the process started with: its imported modules are that code. */
  key: string;
}

/** Pool processes, one per running job, kept between jobs of the same backend and checkout state. */
function createSlots(concurrency: number, log: Logger) {
  const idle: Slot[] = [];
  const running = new Set<Slot>();
  let started = 0;
  const release = async (slot: Slot, isHealthy: boolean): Promise<void> => {
    running.delete(slot);
    if (isHealthy) idle.push(slot);
    else await slot.process.stop();
  };
  return {
    release,
    async acquire(backend: BackendRequest, checkout: CheckoutState): Promise<Slot> {
      const key = `${backend} ${checkout.commit} ${checkout.changes}`;
      const reusable = idle.findIndex((slot) => slot.key === key);
      if (reusable >= 0) {
        const slot = idle.splice(reusable, 1)[0]!;
        running.add(slot);
        return slot;
      }
      // A process for another backend, or for code checked out before, makes room.
      if (idle.length + running.size >= concurrency) await idle.shift()?.process.stop();
      const slot = { process: startPoolProcess(++started, backend, log, { ownProcessGroup: true }), key };
      running.add(slot);
      const problem = await readinessProblem(slot.process, backend);
      if (problem !== undefined) {
        await release(slot, false);
        throw new Error(`its pool process ${problem}`);
      }
      return slot;
    },
    /** Stops every process, running a job or not. */
    async stopAll(): Promise<void> {
      const all = [...idle.splice(0), ...running];
      running.clear();
      await Promise.all(all.map((slot) => slot.process.stop()));
    },
  };
}

/** What running a job in a pool process gave, and whether the process can take another job. */
type SlotOutcome = { isHealthy: boolean } & ({ answer: QueueJobResult } | { error: Error });

/** Runs one job in a pool process; its answer, or the error the queue records. */
async function runInSlot(
  slot: Slot,
  module: string,
  data: QueueJobData,
  roots: PortableRoots,
): Promise<SlotOutcome> {
  slot.process.send({ type: 'run', index: 0, module, fn: data.fn, args: fromPortable(data.args, roots) });
  const event = await slot.process.next();
  if (event.kind === 'exit')
    return {
      isHealthy: false,
      error: new Error(`its pool process exited (${exitText(event)}) while running it`),
    };
  const message = event.message;
  if (message.type === 'result') {
    const answer: QueueJobResult = { value: toPortable(message.value, roots), tensors: message.tensors };
    return { isHealthy: true, answer };
  }
  if (message.type !== 'error')
    return {
      isHealthy: false,
      error: new Error(`its pool process sent '${message.type}' instead of a result`),
    };
  // A job that rejects its args rejects them again on every retry.
  const error =
    message.name === 'ZodError'
      ? new UnrecoverableError(`the job rejected its args: ${message.message}`)
      : new Error(message.message);
  if (message.stack !== undefined) error.stack = message.stack;
  return { isHealthy: true, error };
}

/** Starts a worker on the queue; resolves once it is connected and taking jobs. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const { target, roots, log } = options;
  const name = `${hostname()}:${process.pid}`;
  const slots = createSlots(options.concurrency, log);
  const refused = (why: string) =>
    new UnrecoverableError(`refused by the worker ${name} without running it: ${why}`);

  const processJob = async (job: Job): Promise<QueueJobResult> => {
    const parsed = QueueJobData.safeParse(job.data);
    if (!parsed.success) throw refused(`its data is not a lab job:\n${z.prettifyError(parsed.error)}`);
    const data = parsed.data;
    let here: CheckoutState;
    try {
      here = await readCheckoutState(roots.workspace);
    } catch (error) {
      throw refused(error instanceof Error ? error.message : String(error));
    }
    const mismatch = checkoutMismatch(data, here);
    if (mismatch !== undefined) throw refused(mismatch);
    const store = await readStoreId(roots.store);
    if (store !== data.store)
      throw refused(
        `its run's store has the id ${data.store} and this worker's --store ${roots.store} has ${store ?? 'none'} (${storeIdFile}): give the worker the folder the run writes into, as this machine mounts it`,
      );
    const modulePath = join(roots.workspace, ...data.module.split('/'));
    if (!existsSync(modulePath))
      throw refused(`its module ${data.module} is not in this checkout (${roots.workspace})`);

    const slot = await slots.acquire(data.backend, here);
    const outcome = await runInSlot(slot, pathToFileURL(modulePath).href, data, roots).catch(
      (error: unknown): SlotOutcome => ({
        isHealthy: false,
        error: error instanceof Error ? error : new Error(String(error)),
      }),
    );
    await slots.release(slot, outcome.isHealthy);
    if ('answer' in outcome) return outcome.answer;
    throw outcome.error;
  };

  const worker = new Worker(queueName, processJob, {
    connection: target.connection,
    name,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    // Checked as often as a lock lasts: a dead worker's job waits at most about two lock periods.
    stalledInterval: options.lockMs,
    // A job whose worker dies a third time is taking its workers down: it fails instead.
    maxStalledCount: 2,
  });
  const describe = (job: Job) => {
    const parsed = QueueJobData.safeParse(job.data);
    return parsed.success ? `${job.name}(${argsPreview(parsed.data.args, 120)})` : job.name;
  };
  worker.on('active', (job) =>
    log.info(`running ${job.id} ${describe(job)}, attempt ${job.attemptsMade + 1}`),
  );
  worker.on('completed', (job) => log.info(`done ${job.id}`));
  worker.on('failed', (job, error) => log.warn(`failed ${job?.id ?? '(unknown job)'}: ${error.message}`));
  worker.on('stalled', (jobId) => log.warn(`${jobId} lost its worker; it is back on the queue`));
  worker.on('error', (error) => log.warn(`queue: ${redactSecret(target, error.message)}`));
  await worker.waitUntilReady();
  log.info(
    `worker ${name} takes jobs from ${queueName} at ${target.redacted} (concurrency ${options.concurrency}, checkout ${roots.workspace}, store ${roots.store})`,
  );
  return {
    name,
    async close(force = false) {
      await worker.close(force);
      await slots.stopAll();
    },
  };
}
