// The run folder, results/<study>/<preset>/<run-id>/, and the files in it. A run is finished when
// summary.json exists; while it runs, lock.json (run-lock.ts) says which process holds it.
// results/<study>/<preset>/latest.json points at the latest run (a file, not a symlink, so it works
// on every file system and in git checkouts). Before any folder is made, resultsRootProblem checks
// that --out can hold run folders.
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rmdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from './atomic-write.js';

/** The `code` of a Node system error (ENOENT, EEXIST, …), if it has one. */
export function errorCode(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

/** Paths of the files a run folder holds. */
export function runFiles(runDir: string) {
  return {
    config: join(runDir, 'config.json'),
    metrics: join(runDir, 'metrics.jsonl'),
    summary: join(runDir, 'summary.json'),
    claims: join(runDir, 'claims.json'),
    invariants: join(runDir, 'invariants.json'),
    report: join(runDir, 'report.md'),
    log: join(runDir, 'run.log'),
    failure: join(runDir, 'failure.json'),
    lock: join(runDir, 'lock.json'),
    checkpoint: join(runDir, 'checkpoint'),
  };
}

/** Names a run may not use for its own files. */
export const reservedRunFiles = new Set([
  'config.json',
  'metrics.jsonl',
  'summary.json',
  'claims.json',
  'report.md',
  'run.log',
  'failure.json',
  'lock.json',
  'checkpoint',
  'units',
  'invariants.json',
]);

export function presetFolder(resultsRoot: string, study: string, preset: string): string {
  return join(resultsRoot, study, preset);
}

/** A run id: UTC start time and seed, e.g. 20250101-120000-seed0. */
export function newRunId(startedAt: Date, seed: number): string {
  const stamp = startedAt.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-seed${seed}`;
}

export function isValidRunId(runId: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(runId);
}

const cannotCreate: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'read-only file system',
  // procfs answers mkdir with ENOENT (and a recursive mkdir below /proc never returns).
  ENOENT: 'this file system does not hold folders, e.g. /proc',
};

/**
 * Why `root` cannot hold run folders, or undefined when it can. Valid: a folder this process can
 * write in, or a path where one can be created (its nearest existing parent is such a folder). The
 * check creates and removes one empty folder in that parent, since permissions alone do not tell
 * (root may write anywhere by mode, but not in /proc or on a read-only mount).
 */
export async function resultsRootProblem(root: string): Promise<string | undefined> {
  const valid = 'use a folder you can write in, or a path where one can be created';
  let existing = resolve(root);
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  if (!statSync(existing).isDirectory()) {
    return existing === resolve(root)
      ? `'${root}' is a file, not a folder; ${valid}`
      : `'${root}' cannot be created: '${existing}' is a file, not a folder; ${valid}`;
  }
  try {
    await rmdir(await mkdtemp(join(existing, '.lab-write-check-')));
    return undefined;
  } catch (error) {
    const code = String(errorCode(error) ?? 'error');
    const where = existing === resolve(root) ? `'${root}'` : `'${existing}' (to create '${root}')`;
    return `cannot create folders in ${where}: ${cannotCreate[code] ?? code} (${code}); ${valid}`;
  }
}

/** Creates a new, empty run folder; `-2`, `-3`, ... is appended when the id is taken. */
export async function createRunFolder(
  presetDir: string,
  runId: string,
): Promise<{ runId: string; runDir: string }> {
  await mkdir(presetDir, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const id = attempt === 1 ? runId : `${runId}-${attempt}`;
    const runDir = join(presetDir, id);
    try {
      await mkdir(runDir);
      return { runId: id, runDir };
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
    }
  }
}

export function isRunFinished(runDir: string): boolean {
  return existsSync(runFiles(runDir).summary);
}

// ---------------------------------------------------------------------------------------------
// latest.json: the pointer to the latest run of a study and preset

export const RunStatus = z.enum(['running', 'complete', 'failed']);
export type RunStatus = z.infer<typeof RunStatus>;

export const LatestPointer = z.object({
  runId: z.string(),
  /** The run folder, relative to the folder holding latest.json. */
  runDir: z.string(),
  status: RunStatus,
  updatedAt: z.string(),
});
export type LatestPointer = z.infer<typeof LatestPointer>;

export function latestPointerPath(presetDir: string): string {
  return join(presetDir, 'latest.json');
}

export async function writeLatestPointer(
  presetDir: string,
  runDir: string,
  runId: string,
  status: RunStatus,
): Promise<void> {
  const pointer: LatestPointer = {
    runId,
    runDir: relative(presetDir, runDir),
    status,
    updatedAt: new Date().toISOString(),
  };
  await writeJsonAtomic(latestPointerPath(presetDir), pointer);
}

/** Reads latest.json; undefined when there is none. */
export async function readLatestPointer(
  presetDir: string,
): Promise<(LatestPointer & { absoluteRunDir: string }) | undefined> {
  const path = latestPointerPath(presetDir);
  if (!existsSync(path)) return undefined;
  const pointer = LatestPointer.parse(JSON.parse(await readFile(path, 'utf8')));
  return { ...pointer, absoluteRunDir: join(presetDir, pointer.runDir) };
}

/** Run folders under `presetDir` that started (have config.json) but did not finish, newest (by config.json's time) first. */
export async function unfinishedRunFolders(presetDir: string): Promise<string[]> {
  if (!existsSync(presetDir)) return [];
  const entries = await readdir(presetDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(presetDir, entry.name))
    .filter((runDir) => existsSync(runFiles(runDir).config) && !isRunFinished(runDir))
    .map((runDir) => ({ runDir, modified: statSync(runFiles(runDir).config).mtimeMs }))
    .sort((a, b) => b.modified - a.modified)
    .map(({ runDir }) => runDir);
}
