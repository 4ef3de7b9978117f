// A pre-training job leaves no tensors behind: it runs in a pool worker that takes job after job,
// and the pool's leak check fails a job that keeps tensors. Issue 12: the intrinsic modules had no
// dispose, so each PT job leaked the method's networks and optimiser moments (+12 LBS, +60 P2E),
// and each in-job checkpoint leaked the optimisers' step scalars (+5 a save with LBS).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from 'core-tensor';
import { expectNoLeaks } from 'core-tensor/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Condition, IntrinsicMethod, StudyConfig, standardConditions } from '../src/config.js';
import { experiment } from '../src/experiment.js';
import { finetune } from '../src/loops/finetune.js';
import { pretrain } from '../src/loops/pretrain.js';

const snapshotRoot = mkdtempSync(join(tmpdir(), 'urlb-pt-leaks-'));
// The smoke preset, cut to two updates after the random frames.
const config = StudyConfig.parse({ ...experiment.presets.smoke, pretrainFrames: 270, pretrainSnapshots: [] });

beforeAll(async () => {
  await initBackend('wasm');
});
afterAll(() => rmSync(snapshotRoot, { recursive: true, force: true }));

describe('pre-training frees its tensors', () => {
  test.each(IntrinsicMethod.options)(
    '%s',
    async (method) => {
      const result = await expectNoLeaks(
        () => pretrain(config, 'reach4', method, 1, snapshotRoot),
        `pretrain ${method}`,
      );
      expect(result.updates).toBeGreaterThan(0);
    },
    60_000,
  ); // a hang guard for a loaded 2-core machine

  test('in-job checkpoints free the step scalars they save, in pre-training and fine-tuning', async () => {
    const long = StudyConfig.parse({
      ...experiment.presets.smoke,
      pretrainFrames: 600,
      pretrainSnapshots: [],
    });
    const checkpoint = (name: string) => ({ dir: join(snapshotRoot, name), every: 1 });
    const pt = await expectNoLeaks(
      () => pretrain(long, 'reach4', 'lbs', 1, snapshotRoot, () => {}, checkpoint('pt')),
      'pretrain lbs with checkpoints',
    );
    expect(pt.updates).toBeGreaterThan(1);
    const scratch = Condition.parse(standardConditions.scratch);
    const ft = await expectNoLeaks(
      () => finetune(long, 'reach4_top_left', scratch, 1, null, () => {}, checkpoint('ft')),
      'finetune scratch with checkpoints',
    );
    expect(ft.updates).toBeGreaterThan(1);
  }, 120_000); // a hang guard for a loaded 2-core machine
});
