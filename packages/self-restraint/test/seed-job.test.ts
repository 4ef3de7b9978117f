// The seed job leaves no tensors behind: it runs in a pool worker that may take more seeds, and the
// pool's leak check fails a job that keeps tensors (issue 12: the base model was never freed, +18).
// The same run checks the selective-prediction items (issue 15, point 6).
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
    // Selective-prediction items: every variant evaluated under <bio>, one item per held-out entity.
    expect(Object.keys(result.selective)).not.toContain('base');
    for (const v of ['research-sft@0.5', 'gt-sft', 'oracle-research-sft', 'research-dpo@0.5'])
      expect(result.selective[v]?.length, v).toBe(result.heldout.length);
    for (const items of Object.values(result.selective))
      for (const x of items) {
        expect(x.abstain).toBeGreaterThanOrEqual(0);
        expect(x.abstain).toBeLessThanOrEqual(1);
        expect(x.loss).toBeGreaterThanOrEqual(0);
        expect(x.loss).toBeLessThanOrEqual(1);
      }
  }, 120_000); // a hang guard for a loaded 2-core machine
});
