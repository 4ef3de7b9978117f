// A pool process: one child forked with tsx (pool-worker.ts) that initialises the tf backend once
// and runs the jobs sent to it one at a time. The local pool (pool.ts) and the queue worker
// (queue-worker.ts) both run jobs in such processes, so a job's result does not depend on which of
// the two ran it: same backend initialisation, same JSON round trip, same tensor counts.
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BackendRequest } from 'core-tensor';
import type { Logger } from './logger.js';
import { type RunJobMessage, WorkerMessage } from './pool-protocol.js';

export type WorkerEvent =
  | { kind: 'message'; message: WorkerMessage }
  | { kind: 'exit'; code: number | null; signal: string | null };

export interface PoolProcess {
  readonly child: ChildProcess;
  /** The process's next message, or its exit. */
  next(): Promise<WorkerEvent>;
  /** Sends a job; its answer is the next event. */
  send(message: RunJobMessage): void;
  stop(): Promise<void>;
}

/**
 * Forks a pool process for `backend`; its output goes to `log`, prefixed with `[worker N]`. With
 * `ownProcessGroup` a Ctrl-C in the terminal reaches only the parent, which decides when the
 * process stops (a queue worker first lets its running jobs finish).
 */
export function startPoolProcess(
  workerNumber: number,
  backend: BackendRequest,
  log: Logger | undefined,
  { ownProcessGroup = false } = {},
): PoolProcess {
  const require = createRequire(import.meta.url);
  const tsxLoader = pathToFileURL(require.resolve('tsx')).href;
  const child: ChildProcess = fork(fileURLToPath(new URL('./pool-worker.ts', import.meta.url)), [backend], {
    execArgv: ['--import', tsxLoader],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, TFJS_BACKEND: backend },
    detached: ownProcessGroup,
  });
  const events: WorkerEvent[] = [];
  const waiting: ((event: WorkerEvent) => void)[] = [];
  const push = (event: WorkerEvent) => {
    const waiter = waiting.shift();
    if (waiter) waiter(event);
    else events.push(event);
  };
  child.on('message', (raw: unknown) => {
    const parsed = WorkerMessage.safeParse(raw);
    if (parsed.success) push({ kind: 'message', message: parsed.data });
    else log?.warn(`pool worker ${workerNumber} sent a malformed message: ${JSON.stringify(raw)}`);
  });
  child.on('exit', (code, signal) => push({ kind: 'exit', code, signal }));
  child.on('error', (error) => log?.warn(`pool worker ${workerNumber}: ${error.message}`));
  if (child.stdout)
    createInterface({ input: child.stdout }).on('line', (line) =>
      log?.info(`[worker ${workerNumber}] ${line}`),
    );
  if (child.stderr)
    createInterface({ input: child.stderr }).on('line', (line) =>
      log?.warn(`[worker ${workerNumber}] ${line}`),
    );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    child,
    next: () =>
      new Promise<WorkerEvent>((done) => (events.length > 0 ? done(events.shift()!) : waiting.push(done))),
    send: (message) => child.send(message),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    },
  };
}

export function exitText(event: { code: number | null; signal: string | null }): string {
  return event.signal === null ? `code ${event.code}` : `signal ${event.signal}`;
}

/** Waits for the process's first message: undefined once it is ready, else why it never will be. */
export async function readinessProblem(
  process: PoolProcess,
  backend: BackendRequest,
): Promise<string | undefined> {
  const first = await process.next();
  if (first.kind === 'exit') return `exited (${exitText(first)}) before it was ready`;
  if (first.message.type === 'ready') return undefined;
  if (first.message.type === 'init-error')
    return `could not initialise backend '${backend}': ${first.message.message}`;
  return `sent ${first.message.type} before it was ready`;
}
