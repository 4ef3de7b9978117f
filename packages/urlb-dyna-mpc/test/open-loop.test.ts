// Open-loop error (issue 14 `open-loop` gate; official video_pred): the copy-last-state baseline
// by hand, the model's error is a finite mean over the predicted steps, bad contexts are refused.
import { initBackend, Rng, tf } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { AgentConfig } from '../src/config.js';
import { openLoopError } from '../src/model/open-loop.js';
import { WorldModel } from '../src/model/world-model.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const config = AgentConfig.parse({
  obs: 'states',
  model: {
    deterministic: 4,
    hidden: 4,
    stochastic: 2,
    classes: 2,
    mlpLayers: 1,
    mlpUnits: 8,
    encoderLayers: 1,
    encoderUnits: 8,
  },
});

/** Two chunks of 4 steps whose 3-d observation at step t is t·[1, 1, 1]. */
function rampBatch() {
  const observations = tf.tensor3d(
    Array.from({ length: 2 }, () => Array.from({ length: 4 }, (_, t) => [t, t, t])),
  );
  return {
    observations,
    actions: tf.zeros([2, 4, 2]) as tf.Tensor3D,
    rewards: tf.zeros([2, 4]) as tf.Tensor2D,
    isFirst: tf.tensor2d([
      [1, 0, 0, 0],
      [1, 0, 0, 0],
    ]),
  };
}

describe('open-loop prediction error', () => {
  test('copy-last baseline by hand; model error finite; steps = T − context', () => {
    // context 2: the last seen observation is 1·[1,1,1]; steps 2 and 3 differ by 1 and 2 per
    // dimension, so the baseline's mean squared error is (1 + 4) / 2 = 2.5.
    const worldModel = new WorldModel([3], 2, config, new Rng(0));
    const error = openLoopError(worldModel, rampBatch(), 2, new Rng(1));
    expect(error.copyLast).toBeCloseTo(2.5, 6);
    expect(error.steps).toBe(2);
    expect(Number.isFinite(error.model)).toBe(true);
    expect(error.model).toBeGreaterThan(0);
    worldModel.dispose();
  });

  test('a context outside [1, T − 1] is an error naming both', () => {
    const worldModel = new WorldModel([3], 2, config, new Rng(0));
    expect(() => openLoopError(worldModel, rampBatch(), 4, new Rng(1))).toThrow(/context 4.*chunk length 4/);
    expect(() => openLoopError(worldModel, rampBatch(), 0, new Rng(1))).toThrow(/context 0/);
    worldModel.dispose();
  });
});
