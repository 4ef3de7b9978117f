// --out must name a folder this process can write in, or a path where one can be created. Anything
// else fails at once, before any run folder exists, naming the value and what is valid (before the
// fix: a stack trace for a file, a misleading ENOENT for /proc, a hang below /proc).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runExperimentCli } from '../src/index.js';
import { resultsRootProblem } from '../src/run-folder.js';
import { demoExperiment } from './fixtures/demo-experiment.js';
import { demoCliPath, makeTempDir, startTsx } from './helpers.js';

const isRoot = process.getuid?.() === 0;
const valid = 'use a folder you can write in, or a path where one can be created';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir('bad-out');
});
afterEach(() => temp.remove());

async function cli(...args: string[]) {
  let stderr = '';
  const code = await runExperimentCli(demoExperiment, ['--preset', 'smoke', '--backend', 'wasm', ...args], {
    stdout: () => undefined,
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stderr };
}

describe('--out that cannot hold run folders', () => {
  test('a file: names it, says what is valid, exit 2, the file untouched', async () => {
    const file = join(temp.dir, 'results.txt');
    writeFileSync(file, 'not a folder');
    const { code, stderr } = await cli('--out', file);
    expect(code).toBe(2);
    expect(stderr).toContain(`--out: '${file}' is a file, not a folder; ${valid}`);
    expect(stderr).not.toContain('    at '); // a message, not a stack trace
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
    expect(readdirSync(temp.dir)).toEqual(['results.txt']);
  }, 30_000); // a hang guard for a loaded 2-core CI machine

  test('a path below a file', async () => {
    const file = join(temp.dir, 'results.txt');
    writeFileSync(file, '');
    const { code, stderr } = await cli('--out', join(file, 'runs'));
    expect(code).toBe(2);
    expect(stderr).toContain(
      `--out: '${join(file, 'runs')}' cannot be created: '${file}' is a file, not a folder`,
    );
  }, 30_000); // a hang guard for a loaded 2-core CI machine

  test('/proc and a path below it: a clear error at once, no ENOENT stack, no hang', async () => {
    // A child process, killed after 50 s, so that a hang (a recursive mkdir below /proc never
    // returns) fails the test instead of stalling the test worker or outliving it.
    for (const out of ['/proc', '/proc/lab-results']) {
      const run = startTsx(demoCliPath, ['--preset', 'smoke', '--out', out]);
      const hangGuard = setTimeout(() => run.child.kill('SIGKILL'), 50_000);
      const { code, signal, stderr } = await run.done;
      clearTimeout(hangGuard);
      expect(signal, `--out ${out} hung`).toBeNull();
      expect(code, stderr).toBe(2);
      expect(stderr).toContain(`--out: cannot create folders in '/proc'`);
      expect(stderr).toContain('this file system does not hold folders');
      expect(stderr).toContain(valid);
      expect(stderr).toContain(out);
      expect(stderr).not.toContain('    at ');
    }
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine

  test.skipIf(isRoot)(
    'a read-only folder (chmod 555; skipped as root, which writes there anyway)',
    async () => {
      const readOnly = join(temp.dir, 'read-only');
      mkdirSync(readOnly);
      await chmod(readOnly, 0o555);
      try {
        const { code, stderr } = await cli('--out', readOnly);
        expect(code).toBe(2);
        expect(stderr).toContain(
          `--out: cannot create folders in '${readOnly}': permission denied (EACCES); ${valid}`,
        );
        expect(readdirSync(readOnly)).toEqual([]);
      } finally {
        await chmod(readOnly, 0o755);
      }
    },
  );

  test('valid: a writable folder, or a path that can be created; the check leaves nothing behind', async () => {
    expect(await resultsRootProblem(temp.dir)).toBeUndefined();
    expect(await resultsRootProblem(join(temp.dir, 'not', 'yet'))).toBeUndefined();
    expect(readdirSync(temp.dir)).toEqual([]);
  }, 30_000); // a hang guard for a loaded 2-core CI machine
});
