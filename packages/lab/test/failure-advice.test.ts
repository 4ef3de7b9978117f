// "Rerun the same command to continue" is printed after a failure only when a rerun can continue
// the run: after a crash, not after bad input found during the run, a missing piece of the machine
// (a browser) or a size that cannot fit, where the same command fails the same way again.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { defineExperiment, InputError, runExperimentCli } from '../src/index.js';
import { failureKind } from '../src/input-error.js';
import { makeTempDir } from './helpers.js';

/** Like web-agents' BrowserMissingError: lab cannot import it, so it carries failureKind 'setup'. */
class BrowserMissing extends Error {
  readonly failureKind = 'setup';
}

const failing = defineExperiment({
  name: 'failing',
  paper: { title: 't', authors: 'a', venue: 'v' },
  config: z.object({ fail: z.enum(['crash', 'input', 'setup', 'size']).default('crash') }),
  presets: { smoke: {}, default: {}, paper: {} },
  claims: [],
  async run(config) {
    if (config.fail === 'input')
      throw new InputError([
        { key: '--set width', message: '4096 does not divide into 3 heads; use a multiple of 3' },
      ]);
    if (config.fail === 'setup')
      throw new BrowserMissing("Chromium not found at '/usr/bin/chromium'; apt-get install -y chromium");
    // A size that cannot fit: a real allocation this machine refuses.
    if (config.fail === 'size') return { n: new Float32Array(2 ** 40).length };
    throw new Error('segfault in a kernel (a crash a rerun gets past)');
  },
});

const rerunToContinue = 'rerun the same command (or --resume';

describe('what the CLI says after a failed run', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir('failure-advice');
  });
  afterAll(() => temp.remove());

  async function fail(kind: string) {
    let stderr = '';
    const argv = ['--backend', 'wasm', '--out', temp.dir, '--run-id', kind, '--set', `fail=${kind}`];
    const code = await runExperimentCli(failing, argv, {
      stdout: () => undefined,
      stderr: (text) => {
        stderr += text;
      },
    });
    const failure = JSON.parse(
      readFileSync(join(temp.dir, 'failing', 'default', kind, 'failure.json'), 'utf8'),
    );
    return { code, stderr, failure };
  }

  test('a crash: rerun the same command to continue', async () => {
    const { code, stderr, failure } = await fail('crash');
    expect(code).toBe(1);
    expect(stderr).toContain('segfault in a kernel');
    expect(stderr).toContain(rerunToContinue);
    expect(failure).toMatchObject({ kind: 'crash', resumable: true });
  }, 60_000);

  test('bad input found during the run: the problem, and no rerun advice', async () => {
    const { code, stderr, failure } = await fail('input');
    expect(code).toBe(1);
    expect(stderr).toContain('--set width: 4096 does not divide into 3 heads; use a multiple of 3');
    expect(stderr).toContain('a rerun with other input starts a new run');
    expect(stderr).not.toContain(rerunToContinue);
    expect(failure).toMatchObject({ kind: 'input', resumable: false });
  }, 60_000);

  test('a missing browser: fix it first, no rerun advice', async () => {
    const { code, stderr, failure } = await fail('setup');
    expect(code).toBe(1);
    expect(stderr).toContain("Chromium not found at '/usr/bin/chromium'");
    expect(stderr).toContain('fix that first, a rerun before then fails the same way');
    expect(stderr).not.toContain(rerunToContinue);
    expect(failure).toMatchObject({ kind: 'setup', resumable: false });
  }, 60_000);

  test('a size that cannot fit: choose a smaller size, no rerun advice', async () => {
    const { code, stderr, failure } = await fail('size');
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid typed array length');
    expect(stderr).toContain('does not fit this machine at this size');
    expect(stderr).not.toContain(rerunToContinue);
    expect(failure).toMatchObject({ kind: 'size', resumable: false });
  }, 60_000);
});

describe('failureKind', () => {
  test('follows the cause chain; allocation failures are sizes; anything else is a crash', () => {
    expect(failureKind(new Error('wrapped', { cause: new BrowserMissing('no browser') }))).toBe('setup');
    expect(failureKind(new Error('wrapped', { cause: new InputError([]) }))).toBe('input');
    expect(failureKind(new RangeError('Array buffer allocation failed'))).toBe('size');
    expect(failureKind(new Error('Aborted(Cannot enlarge memory, asked to go up to 5GB)'))).toBe('size');
    expect(failureKind(new Error('ECONNRESET'))).toBe('crash');
    expect(failureKind('a string')).toBe('crash');
    const cycle = new Error('a');
    (cycle as { cause?: unknown }).cause = cycle;
    expect(failureKind(cycle)).toBe('crash');
  });
});
