// The store: a folder every machine of a queue run reaches (a shared mount, wherever each machine
// mounts it). The coordinator's run folder lies inside it, so what a job writes there (checkpoints,
// parameters, frames) is where the coordinator and every other worker read it.
import { randomUUID } from 'node:crypto';
import { existsSync, realpathSync, statSync } from 'node:fs';
import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { resultsRootProblem } from './run-folder.js';

/** Why `store` cannot be the store (missing, a file, not writable), or undefined. */
export async function storeProblem(store: string): Promise<string | undefined> {
  if (!existsSync(store))
    return `'${store}' does not exist; the store is a shared folder that every machine mounts: create or mount it first`;
  if (!statSync(store).isDirectory()) return `'${store}' is a file, not a folder`;
  return resultsRootProblem(store);
}

/** `path` with symlinks resolved as far as it exists (the rest, not created yet, appended). */
function realPath(path: string): string {
  const absolute = resolve(path);
  if (existsSync(absolute)) return realpathSync(absolute);
  const parent = dirname(absolute);
  return parent === absolute ? absolute : join(realPath(parent), basename(absolute));
}

/** True when `path` is `folder` or lies inside it, symlinks resolved. */
export function isInsideFolder(path: string, folder: string): boolean {
  const inner = realPath(path);
  const outer = realPath(folder);
  return inner === outer || inner.startsWith(outer + sep);
}

export const storeIdFile = '.lab-store-id';

/**
 * The store's id, created on first use: a random id in `<store>/.lab-store-id`. A queue job names
 * the id of the coordinator's store, and a worker whose --store holds another id (or none) is
 * looking at another folder: it refuses the job rather than write the run's files where the
 * coordinator will not find them.
 */
export async function storeId(store: string): Promise<string> {
  const existing = await readStoreId(store);
  if (existing !== undefined) return existing;
  // Written aside and hard-linked into place: of two coordinators creating it, one id wins whole.
  const temp = join(store, `${storeIdFile}.${process.pid}.${randomUUID().slice(0, 8)}`);
  await writeFile(temp, `${randomUUID()}\n`);
  try {
    await link(temp, join(store, storeIdFile));
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  } finally {
    await rm(temp, { force: true });
  }
  return (await readStoreId(store)) ?? '';
}

/** The id in `<store>/.lab-store-id`, or undefined when there is none. */
export async function readStoreId(store: string): Promise<string | undefined> {
  try {
    return (await readFile(join(store, storeIdFile), 'utf8')).trim();
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}
