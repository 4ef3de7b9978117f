// lock.json: which process is running a run folder.
//
// The lock decides who runs a folder: of two processes that want it (two reruns of the same command
// after a kill), exactly one gets it and the other is told who holds it. So it is taken by exclusive
// create: its content is written to a temp file, then hard-linked to lock.json, and link() fails
// when lock.json exists. (open 'wx' is exclusive too, but shows readers an empty lock until the
// write lands, and a kill in between leaves a lock no one can attribute.) A lock whose process died
// on this host is stale and is taken over; a lock from another host is reported, never taken: its
// process cannot be checked from here.
import { createHash, randomUUID } from 'node:crypto';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { InputError } from './input-error.js';
import { errorCode, runFiles } from './run-folder.js';

export const RunLock = z.object({
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
  /** Tells this holding apart from an earlier one by the same pid (pids are reused). */
  nonce: z.string().optional(),
});
export type RunLock = z.infer<typeof RunLock>;

/** A folder is being run by another process, or its lock cannot be read. */
export class RunLockedError extends InputError {
  constructor(
    readonly runDir: string,
    readonly holder: RunLock | undefined,
    message: string,
  ) {
    super([{ key: 'run folder', message }]);
    this.name = 'RunLockedError';
  }
}

export interface RunLockHandle {
  readonly lock: RunLock;
  /** Removes lock.json if it still is this holding (never another process's lock). */
  release(): Promise<void>;
}

/** Nonces of the locks this process holds: a lock with our pid and another nonce is a dead predecessor's. */
const heldHere = new Set<string>();

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/** True when the holder is known to be gone: it ran on this host and its process is dead. */
function isStale(lock: RunLock): boolean {
  if (lock.host !== hostname()) return false;
  if (lock.pid === process.pid) return lock.nonce === undefined || !heldHere.has(lock.nonce);
  return !isProcessAlive(lock.pid);
}

type Holding = RunLock & { nonce: string };

type LockFile =
  | { state: 'missing' }
  | { state: 'unreadable'; raw: string }
  | { state: 'held'; lock: RunLock; raw: string };

async function readLockFile(path: string): Promise<LockFile> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { state: 'missing' };
    throw error;
  }
  try {
    return { state: 'held', lock: RunLock.parse(JSON.parse(raw)), raw };
  } catch {
    return { state: 'unreadable', raw };
  }
}

/**
 * Creates `path` holding `lock`, complete, unless it exists; false when it does. On success the
 * holding is in heldHere (the caller removes it when letting go): it is put there before the link,
 * since from the moment the file exists another taker in this process must see a live holder.
 */
async function createExclusive(path: string, lock: Holding): Promise<boolean> {
  const tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  heldHere.add(lock.nonce);
  let created = false;
  try {
    await writeFile(tempPath, `${JSON.stringify(lock, null, 2)}\n`, { flag: 'wx' });
    await link(tempPath, path);
    created = true;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  } finally {
    if (!created) heldHere.delete(lock.nonce);
    await rm(tempPath, { force: true });
  }
  return created;
}

function newHolding(): Holding {
  return { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), nonce: randomUUID() };
}

/**
 * Removes the stale file at `path` if it still holds `raw`. Racing callers that saw the same stale
 * file must not both remove it: the second would delete the lock the first has just created in its
 * place. So removal is guarded by its own exclusively created file, named for that content, and
 * the content is read again inside it. A guard left by a dead process is itself stale and removed
 * the same way (a level deeper), so a kill inside a takeover does not block the folder for good.
 */
async function removeStale(path: string, raw: string, depth = 0): Promise<void> {
  const guard = `${path}.takeover-${createHash('sha256').update(raw).digest('hex').slice(0, 16)}`;
  const holding = newHolding();
  if (!(await createExclusive(guard, holding))) {
    const guardFile = await readLockFile(guard);
    if (guardFile.state === 'held' && isStale(guardFile.lock) && depth < 3) {
      await removeStale(guard, guardFile.raw, depth + 1);
    }
    return; // a live process is taking it over (or just did): the caller looks again
  }
  try {
    const current = await readLockFile(path);
    if (current.state !== 'missing' && current.raw === raw) await rm(path, { force: true });
  } finally {
    await rm(guard, { force: true });
    heldHere.delete(holding.nonce);
  }
}

function holderMessage(runDir: string, file: LockFile): string {
  const path = runFiles(runDir).lock;
  if (file.state !== 'held')
    return `${path} cannot be read as a lock; if no process is running ${runDir}, delete it and rerun`;
  const { pid, host, startedAt } = file.lock;
  if (host !== hostname())
    return (
      `${runDir} is locked by process ${pid} on host ${host} since ${startedAt}; a process on another ` +
      `host cannot be checked from here, so its lock is not taken over: if that run is gone, delete ${path} and rerun`
    );
  return `${runDir} is being run by process ${pid} on ${host} since ${startedAt}; wait for it to finish, or pass --fresh to start a new run`;
}

/**
 * Takes lock.json for this process, taking over a stale one; throws a RunLockedError naming the
 * holder when a live process (or one on another host) holds it.
 */
export async function acquireRunLock(runDir: string): Promise<RunLockHandle> {
  const path = runFiles(runDir).lock;
  const holding = newHolding();
  // Each round takes the lock, finds a holder to report, or removes a stale lock (or waits for
  // another process removing it) and looks again.
  for (let round = 0; round < 500; round++) {
    if (await createExclusive(path, holding))
      return { lock: holding, release: () => releaseRunLock(path, holding) };
    const file = await readLockFile(path);
    if (file.state === 'missing') continue;
    if (file.state === 'unreadable' || !isStale(file.lock))
      throw new RunLockedError(
        runDir,
        file.state === 'held' ? file.lock : undefined,
        holderMessage(runDir, file),
      );
    await removeStale(path, file.raw);
    await sleep(10);
  }
  throw new Error(`could not take ${path}: other processes kept taking it over; rerun the command`);
}

async function releaseRunLock(path: string, holding: Holding): Promise<void> {
  const file = await readLockFile(path);
  // Only our own holding (pid, host and nonce): a process must never delete another's lock.
  const { pid, host, nonce } = holding;
  if (file.state === 'held' && file.lock.pid === pid && file.lock.host === host && file.lock.nonce === nonce)
    await rm(path, { force: true });
  heldHere.delete(holding.nonce);
}

/** The process holding the run folder, or undefined when none does (no lock, or its process died). */
export async function lockHolder(runDir: string): Promise<RunLock | undefined> {
  const file = await readLockFile(runFiles(runDir).lock);
  return file.state === 'held' && !isStale(file.lock) ? file.lock : undefined;
}
