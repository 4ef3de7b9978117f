import { initBackend, Rng, tf } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { ActorCritic, discountWeights } from '../src/agent/actor-critic.js';
import { lambdaReturn } from '../src/agent/lambda-return.js';
import { StreamNorm } from '../src/agent/stream-norm.js';
import { AgentConfig } from '../src/config.js';
import { actorDistribution } from '../src/model/distributions.js';
import { DecayedAdam } from '../src/model/optimizer.js';
import { Rssm } from '../src/model/rssm.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const small = AgentConfig.parse({
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
  horizon: 3,
  slowCriticEvery: 2,
});

describe('λ-return (brief §3.3, §11)', () => {
  const rewardsAndValues = () => ({
    rewards: tf.tensor2d([[1], [2], [3], [4]]), // r_0..r_3, H = 3
    values: tf.tensor2d([[10], [20], [30], [40]]), // v_0..v_3
  });
  test('H = 3 by hand (γ 0.9, λ 0.5)', () => {
    // V_3 = v_3 = 40; V_2 = 3 + 0.9(0.5·40 + 0.5·40) = 39; V_1 = 2 + 0.9(0.5·30 + 0.5·39) = 33.05;
    // V_0 = 1 + 0.9(0.5·20 + 0.5·33.05) = 24.8725
    const { rewards, values } = rewardsAndValues();
    const v = Array.from(lambdaReturn(rewards, values, 0.9, 0.5).dataSync());
    [24.8725, 33.05, 39].forEach((expected, i) => {
      expect(v[i]).toBeCloseTo(expected, 4);
    });
  });
  test('λ = 0 is one-step TD; λ = 1 is the discounted sum plus bootstrap', () => {
    const { rewards, values } = rewardsAndValues();
    const td = Array.from(lambdaReturn(rewards, values, 0.9, 0).dataSync());
    [1 + 0.9 * 20, 2 + 0.9 * 30, 3 + 0.9 * 40].forEach((e, i) => {
      expect(td[i]).toBeCloseTo(e, 4);
    });
    const mc = Array.from(lambdaReturn(rewards, values, 0.9, 1).dataSync());
    expect(mc[0]).toBeCloseTo(1 + 0.9 * 2 + 0.81 * 3 + 0.729 * 40, 4);
  });
});

describe('actor head parameters (brief §3.3)', () => {
  test('mean = tanh(o₁) within [−1, 1], std = 2σ(o₂/2) + 0.1 within [0.1, 2.1]', () => {
    const out = tf.tensor2d([[100, -100, 1e6, -1e6]]);
    const { mean, std } = actorDistribution(out, 2);
    const s = Array.from(std.dataSync());
    expect(s[0]).toBeCloseTo(2.1, 4);
    expect(s[1]).toBeCloseTo(0.1, 4);
    expect(Math.abs(mean.dataSync()[0]!)).toBeLessThanOrEqual(1);
  });
});

describe('actor-critic update (brief §3.3, §11)', () => {
  test('slow critic copied at update 0 and every N updates; only actor and critic parameters change', () => {
    const rng = new Rng(3);
    const rssm = new Rssm(small.model, 2, 4, rng.split('rssm'));
    const ac = new ActorCritic(rssm.featureSize, 2, small, 1e-4, rng.split('ac'));
    const slowBefore = ac.slowCritic.layers[0]!.kernel.dataSync().slice();
    const rssmBefore = rssm.cell.gates.kernel.dataSync().slice();
    const start = {
      h: tf.randomNormal([6, 4], 0, 1, 'float32', 1) as tf.Tensor2D,
      z: tf.zeros([6, 4]) as tf.Tensor2D,
    };
    const reward = (im: { features: tf.Tensor3D }) => im.features.sum(-1) as tf.Tensor2D;
    const norm = new StreamNorm(1);
    ac.update(rssm, start, reward, norm, rng);
    const afterFirst = ac.slowCritic.layers[0]!.kernel.dataSync().slice();
    expect(Array.from(afterFirst)).not.toEqual(Array.from(slowBefore)); // copied at update 0
    const criticAtCopy = Array.from(afterFirst);
    ac.update(rssm, start, reward, norm, rng); // update 1: no copy
    expect(Array.from(ac.slowCritic.layers[0]!.kernel.dataSync())).toEqual(criticAtCopy);
    const criticNow = Array.from(ac.critic.layers[0]!.kernel.dataSync());
    ac.update(rssm, start, reward, norm, rng); // update 2: copy
    expect(Array.from(ac.slowCritic.layers[0]!.kernel.dataSync())).toEqual(criticNow);
    expect(Array.from(rssm.cell.gates.kernel.dataSync())).toEqual(Array.from(rssmBefore));
  });

  test('actor loss = −mean_{t ≤ H−2} w_t (V_{t+1} + η·Ent_t): weights γ^t', () => {
    expect(Array.from(discountWeights(3, 0.5).dataSync())).toEqual([1, 0.5, 0.25, 0.125]);
  });
});

describe('StreamNorm and optimiser (brief §3.2–§3.3, §11)', () => {
  test('m = 1 leaves rewards unchanged; m = 0.95 magnitude update', () => {
    const off = new StreamNorm(1);
    expect(Array.from(off.normalise(tf.tensor1d([2, -4])).dataSync())).toEqual([2, -4]);
    const on = new StreamNorm(0.95);
    const out = Array.from(on.normalise(tf.tensor1d([2, -4])).dataSync());
    expect(on.magnitude).toBeCloseTo(0.95 + 0.05 * 3, 9);
    expect(out[0]).toBeCloseTo(2 / 1.1, 5);
  });

  test('clip at global norm 100, then decay by (1 − wd), then Adam', () => {
    const variable = tf.variable(tf.tensor1d([1, 1]));
    const opt = new DecayedAdam(0.1, { epsilon: 1e-8, clipNorm: 100, weightDecay: 0.5 });
    // gradient of 1000·(x0 + x1) is [1000, 1000], norm 1414 > 100: clipped; Adam's first step is ±lr.
    opt.minimize(() => variable.sum().mul(1000) as tf.Scalar, { x: variable });
    // decay first: 1 → 0.5, then Adam step −0.1·sign(g) = 0.4
    Array.from(variable.dataSync()).forEach((v) => {
      expect(v).toBeCloseTo(0.4, 5);
    });
  });
});
