// The §14 C lever script end to end on a tiny world: a row with every column, and a rerun that reads
// each finished stage back from the work folder instead of recomputing it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from 'core-tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLeverRow, runLever } from '../src/lever.js';

const tiny = [
  'world.entitiesPerTier=4',
  'pretrain.steps=5',
  'model.dModel=16',
  'model.layers=1',
  'model.heads=2',
  'finetune.epochs=1',
  'finetune.minSteps=0',
  'research.samplesPerRound=4',
];
let dir = '';

beforeAll(async () => {
  await initBackend('wasm');
  dir = await mkdtemp(join(tmpdir(), 'sr-lever-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('lever trial', () => {
  it('runs the C1–C2 path, prints a row, and resumes from its work folder', async () => {
    const row = await runLever('tiny', tiny, 100, dir);
    expect(row.pretrainSteps).toBe(5);
    expect(Object.keys(row.researchSft)).toEqual(
      expect.arrayContaining(['top', 'bottom', 'unseen', 'overall', 'all']),
    );
    for (const value of [row.knownness.probeHeldout, row.knownness.output]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(formatLeverRow(row)).toMatch(
      /^lever tiny \(world\.entitiesPerTier=4 .*\), seed 100, 5 pretraining steps/,
    );
    const again = await runLever('tiny', tiny, 100, dir);
    expect(again.researchSft).toEqual(row.researchSft);
    expect(again.base).toEqual(row.base);
  });

  it('a bad override names the key', async () => {
    await expect(runLever('bad', ['model.dModle=3'], 100, join(dir, 'bad'))).rejects.toThrow(/model\.dModle/);
  });
});
