// The seed job leaves no tensors behind: it runs in a pool worker that may take more seeds, and the
// pool's leak check fails a job that keeps tensors (issue 12: the base model was never freed, +18).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from 'core-tensor';
import { expectNoLeaks } from 'core-tensor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SelfRestraintConfig } from '../src/config.js';
import { experiment } from '../src/experiment.js';
import { runSeed } from '../src/seedJob.js';

const dir = mkdtempSync(join(tmpdir(), 'self-restraint-seed-job-'));

beforeAll(async () => {
  await initBackend('wasm');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runSeed', () => {
  it('frees every model it makes, the base model included', async () => {
    const config = JSON.parse(JSON.stringify(SelfRestraintConfig.parse(experiment.presets.smoke)));
    const args = {
      seed: 0,
      config,
      workDir: join(dir, 'work'),
      exportDir: join(dir, 'exports'),
      extras: true,
    };
    const result = await expectNoLeaks(() => runSeed(args), 'runSeed');
    expect(result.seed).toBe(0);
  }, 120_000); // a hang guard for a loaded 2-core machine
});
