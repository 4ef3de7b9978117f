// Shared test plumbing: temp folders, a silent log collector, running the demo CLI as a child process.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LogEntry, LogSink } from '../src/index.js';

export async function makeTempDir(label: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `lab-${label}-`));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A log sink that keeps entries in memory, so tests print nothing. */
export function collectLog(): { entries: LogEntry[]; sink: LogSink; text: () => string } {
  const entries: LogEntry[] = [];
  return {
    entries,
    sink: (entry) => entries.push(entry),
    text: () => entries.map((e) => e.message).join('\n'),
  };
}

export const demoCliPath = fileURLToPath(new URL('./fixtures/demo-cli.ts', import.meta.url));
export const tsxLoaderUrl = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Starts `node --import tsx <script> ...args` (CI set, so no progress bars). */
export function startTsx(script: string, args: readonly string[], cwd?: string) {
  const child = spawn(process.execPath, ['--import', tsxLoaderUrl, script, ...args], {
    cwd: cwd ?? process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: 'true' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>(
    (resolve) => {
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    },
  );
  return { child, done };
}
