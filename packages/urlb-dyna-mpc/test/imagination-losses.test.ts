import { initBackend, tf } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { discountWeights } from '../src/agent/actor-critic.js';
import { actorLoss, criticLoss } from '../src/agent/imagination-losses.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('actor-critic losses (brief §3.3, §11)', () => {
  test('actor loss uses V_{t+1} for t ≤ H−2, weights γ^t and the entropy term (H = 3, by hand)', () => {
    const returns = tf.tensor2d([[1], [2], [3]]); // V_0, V_1, V_2
    const entropy = tf.tensor2d([[0.1], [0.2], [0.3]]); // Ent_0, Ent_1, Ent_2
    const weights = discountWeights(3, 0.5); // 1, 0.5, 0.25, 0.125
    // t = 0: 1·(V_1 + 0.01·0.1) = 2.001; t = 1: 0.5·(V_2 + 0.01·0.2) = 1.501; V_0 and Ent_2 unused.
    const loss = actorLoss(returns, entropy, weights, 0.01);
    expect(loss.dataSync()[0]).toBeCloseTo(-(2.001 + 1.501) / 2, 6);
  });

  test('critic loss uses t ≤ H−1 with weights γ^t (H = 3, by hand)', () => {
    const values = tf.tensor2d([[1], [1], [1]]);
    const targets = tf.tensor2d([[1], [3], [5]]);
    const weights = discountWeights(3, 0.5);
    // ½·0²·1 + ½·2²·0.5 + ½·4²·0.25 = 0 + 1 + 2, mean over 3 steps = 1
    expect(criticLoss(values, targets, weights).dataSync()[0]).toBeCloseTo(1, 6);
  });
});
