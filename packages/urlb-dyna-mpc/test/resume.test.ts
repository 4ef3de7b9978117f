// In-job resume (brief §10): a PT or FT job restarted from its last checkpoint ends exactly where an
// uninterrupted run ends (same parameters bit for bit, same scores).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, loadParams } from 'core-tensor';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Condition, StudyConfig } from '../src/config.js';
import { finetune } from '../src/loops/finetune.js';
import { pretrain } from '../src/loops/pretrain.js';
import { snapshotDir } from '../src/loops/snapshot.js';

const root = mkdtempSync(join(tmpdir(), 'urlb-resume-'));

beforeAll(async () => {
  await initBackend('wasm');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const config = StudyConfig.parse({
  agent: {
    obs: 'states',
    model: {
      deterministic: 8,
      hidden: 8,
      stochastic: 2,
      classes: 3,
      mlpLayers: 1,
      mlpUnits: 16,
      encoderLayers: 1,
      encoderUnits: 16,
    },
    batchSize: 2,
    batchLength: 8,
    horizon: 3,
  },
  planner: { numSamples: 8, mixtureCoef: 0.25, numElites: 2, iterations: 2, horizon: 3 },
  pretrainFrames: 560,
  pretrainSnapshots: [],
  pretrainRandomFrames: 250,
  pretrainTrainEvery: 20,
  finetuneFrames: 560,
  finetuneSeedFrames: 250,
  mpcFromFrame: 300,
  finetuneTrainEvery: 20,
  evalEpisodes: 1,
  evalEvery: 0,
  evalAtStart: false,
});

async function snapshotValues(dir: string): Promise<Record<string, number[]>> {
  const tensors = await loadParams(dir);
  return Object.fromEntries(
    Object.entries(tensors).map(([name, tensor]) => [name, Array.from(tensor.dataSync())]),
  );
}

describe('in-job checkpoints', () => {
  test('PT: resuming from the checkpoint at the episode end reproduces the uninterrupted run', async () => {
    const whole = await pretrain(config, 'reach4', 'lbs', 1, join(root, 'a'));
    const checkpoint = { dir: join(root, 'pt-ckpt'), every: 1 };
    const first = await pretrain(config, 'reach4', 'lbs', 1, join(root, 'b'), undefined, checkpoint);
    expect(first.resumedFromFrame).toBeNull();
    const resumed = await pretrain(config, 'reach4', 'lbs', 1, join(root, 'c'), undefined, checkpoint);
    expect(resumed.resumedFromFrame).toBe(500); // the last episode end before 560 frames
    expect(resumed.updates).toBe(whole.updates);
    expect(await snapshotValues(snapshotDir(join(root, 'c'), 'reach4', 'lbs', 1, 560))).toEqual(
      await snapshotValues(snapshotDir(join(root, 'a'), 'reach4', 'lbs', 1, 560)),
    );
  });

  test('FT with Dyna-MPC: the resumed job ends with the same score and update count', async () => {
    const condition = Condition.parse({ name: 'scratch-mpc', pretrain: null, initActor: false, mpc: true });
    const whole = await finetune(config, 'reach4_top_left', condition, 2, null);
    const checkpoint = { dir: join(root, 'ft-ckpt'), every: 1 };
    await finetune(config, 'reach4_top_left', condition, 2, null, undefined, checkpoint);
    const resumed = await finetune(config, 'reach4_top_left', condition, 2, null, undefined, checkpoint);
    expect(resumed.resumedFromFrame).toBe(500);
    expect(resumed.updates).toBe(whole.updates);
    expect(resumed.finalScore).toBe(whole.finalScore);
    expect(resumed.trainEpisodes).toEqual(whole.trainEpisodes);
  });
});
