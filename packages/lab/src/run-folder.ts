// The run folder, results/<study>/<preset>/<run-id>/, and the files in it. A run is finished when
// summary.json exists; while it runs, lock.json holds its pid so a second process does not resume
// it at the same time. results/<study>/<preset>/latest.json points at the latest run (a file, not
// a symlink, so it works on every file system and in git checkouts).
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from './atomic-write.js';

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
// lock.json: which process is running the folder

export const RunLock = z.object({ pid: z.number().int(), host: z.string(), startedAt: z.string() });
export type RunLock = z.infer<typeof RunLock>;

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/** The live process holding the run folder, or undefined when none does (no lock, or its process died). */
export async function liveLock(runDir: string): Promise<RunLock | undefined> {
  try {
    const lock = RunLock.parse(JSON.parse(await readFile(runFiles(runDir).lock, 'utf8')));
    if (lock.pid === process.pid && lock.host === hostname()) return lock;
    return lock.host === hostname() && isProcessAlive(lock.pid) ? lock : undefined;
  } catch {
    return undefined;
  }
}

export async function takeLock(runDir: string): Promise<void> {
  await writeJsonAtomic(runFiles(runDir).lock, {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
  });
}

export async function releaseLock(runDir: string): Promise<void> {
  await rm(runFiles(runDir).lock, { force: true });
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
