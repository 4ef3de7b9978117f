// A pool job on the queue is data, and its code comes from the worker's checkout: the study, the
// job module's path inside the workspace, the exported function's name, its JSON args (paths made
// portable) and the checkout state it was sent from. A worker checks it with QueueJobData before
// anything else and refuses it when it does not fit. The job id is a hash of all of it plus the
// run, so it is the same on every machine and for a rerun of the same run: BullMQ keeps one job per
// id, so a job already done is not done again.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { BackendRequest } from 'core-tensor';
import { z } from 'zod';
import { CheckoutState } from './checkout-state.js';
import { JsonValue } from './json-value.js';
import { canonicalJson } from './llm-cache.js';
import { moduleUrl, type PoolJob } from './pool.js';
import { type PortableRoots, toPortable, workspaceRelative } from './portable-paths.js';

/** 'packages/demo/src/jobs.ts': relative, '/'-separated, and inside the workspace. */
export const WorkspacePath = z
  .string()
  .min(1)
  .refine(
    (path) => !path.startsWith('/') && !path.includes('\\') && !path.split('/').includes('..'),
    'a path inside the workspace, relative to its root, with / separators and no ..',
  );

export const QueueJobData = z.object({
  study: z.string().min(1),
  /** The run the job belongs to: '<study>/<preset>/<run id>@<start time>'. */
  run: z.string(),
  module: WorkspacePath,
  fn: z.string().regex(/^[A-Za-z_$][\w$]*$/, 'the name of an exported function'),
  args: JsonValue,
  backend: BackendRequest,
  /** The id of the coordinator's store (queue-store.ts): a worker with another store refuses. */
  store: z.string().min(1),
  ...CheckoutState.shape,
});
export type QueueJobData = z.infer<typeof QueueJobData>;

/** What a worker returns: the job's value (paths made portable) and its pool process's tensor counts. */
export const QueueJobResult = z.object({
  value: JsonValue,
  tensors: z.object({ before: z.number().int(), after: z.number().int() }),
});
export type QueueJobResult = z.infer<typeof QueueJobResult>;

export interface QueueJobContext {
  study: string;
  run: string;
  backend: BackendRequest;
  checkout: CheckoutState;
  roots: PortableRoots;
  storeId: string;
}

/** The job as queue data; throws when its module lies outside the workspace, where no worker can find it. */
export function toQueueJob(job: PoolJob, context: QueueJobContext): QueueJobData {
  const url = moduleUrl(job.module);
  const module = url.startsWith('file:')
    ? workspaceRelative(fileURLToPath(url), context.roots.workspace)
    : undefined;
  if (module === undefined)
    throw new Error(
      `the job module ${url} is outside the workspace ${context.roots.workspace}; a queue worker finds a job's module by its path inside the workspace`,
    );
  return QueueJobData.parse({
    study: context.study,
    run: context.run,
    module,
    fn: job.fn,
    args: toPortable(job.args, context.roots),
    backend: context.backend,
    store: context.storeId,
    ...context.checkout,
  });
}

/** `<study>-<32 hex digits>`: BullMQ ids may not contain ':' nor be integers. */
export function queueJobId(data: QueueJobData): string {
  const { study, run, module, fn, args, backend, store, commit, changes } = data;
  const hash = createHash('sha256')
    .update(canonicalJson({ study, run, module, fn, args, backend, store, commit, changes }))
    .digest('hex');
  return `${study}-${hash.slice(0, 32)}`;
}
