// D4: the same seed gives the same results; a seed job killed during stage B (some stage files
// missing) and restarted skips what it finished and ends with the same results.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from 'core-tensor';
import { describe, expect, it } from 'vitest';
import { SelfRestraintConfig } from '../src/config.js';
import { runSeed, type SeedResult } from '../src/seedJob.js';

await initBackend('wasm');

const config = SelfRestraintConfig.parse({
  seeds: [0],
  world: {
    entitiesPerTier: 6,
    tiers: [
      { name: 'top', docs: 60 },
      { name: 'mid', docs: 12 },
      { name: 'low', docs: 3 },
      { name: 'bottom', docs: 1 },
      { name: 'unseen', docs: 0 },
    ],
  },
  model: { dModel: 16, layers: 1, heads: 2 },
  pretrain: { steps: 12, checkpointEvery: 5 },
  research: { rounds: 2, samplesPerRound: 3, rhoSweep: [0.5] },
  finetune: { epochs: 1, minSteps: 0 },
  eval: { samplesPerEntity: 1, bootstrap: 10 },
});
const withoutTimings = (r: SeedResult) => ({ ...r, timings: {} });

describe('seed job', () => {
  it('is deterministic and resumes after a kill in stage B with the same results', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sr-resume-'));
    const args = (name: string) => ({
      seed: 3,
      config,
      workDir: join(root, name, 'work'),
      exportDir: join(root, name, 'exports'),
      extras: true,
    });
    const first = await runSeed(args('a'));
    const second = await runSeed(args('b'));
    expect(withoutTimings(second)).toEqual(withoutTimings(first));
    // Simulate a kill during stage B: the later stage files never got written.
    const work = join(root, 'a', 'work');
    for (const file of readdirSync(work))
      if (/^(eval-(search|gt|oracle)|search-search|search-research-test)/.test(file))
        rmSync(join(work, file));
    const resumed = await runSeed(args('a'));
    expect(withoutTimings(resumed)).toEqual(withoutTimings(first));
  });
});
