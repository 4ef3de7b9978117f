import { initBackend, Rng, tf } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { AgentConfig } from '../src/config.js';
import { knnMeanDistance } from '../src/intrinsic/apt.js';
import { IcmReward, icmReward } from '../src/intrinsic/icm.js';
import { LbsReward } from '../src/intrinsic/lbs.js';
import { ensembleDisagreement, Plan2ExploreReward } from '../src/intrinsic/plan2explore.js';
import { normaliseInputs, RndReward } from '../src/intrinsic/rnd.js';
import { DecayedAdam } from '../src/model/optimizer.js';
import { WorldModel } from '../src/model/world-model.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const config = AgentConfig.parse({
  obs: 'states',
  modelLr: 3e-3,
  model: { deterministic: 4, hidden: 4, stochastic: 2, classes: 2, mlpLayers: 2, mlpUnits: 32 },
});

describe('intrinsic rewards (brief §4, §11)', () => {
  test('LBS head fitted on a fixed batch reproduces its KL target', () => {
    const lbs = new LbsReward(8, config, new Rng(0));
    const features = tf.randomNormal([32, 8], 0, 1, 'float32', 4) as tf.Tensor2D;
    const target = features.slice([0, 0], [-1, 1]).reshape([32]).abs().add(1) as tf.Tensor1D; // a smooth KL-like target
    const optimizer = new DecayedAdam(3e-3, { epsilon: 1e-5, clipNorm: 100, weightDecay: 0 });
    for (let i = 0; i < 400; i++) optimizer.minimize(() => lbs.loss(features, target), lbs.variables());
    const prediction = lbs.reward({
      features: features.reshape([1, 32, 8]) as tf.Tensor3D,
      actions: tf.zeros([1, 32, 1]) as tf.Tensor3D,
      deterministic: tf.zeros([1, 32, 1]) as tf.Tensor3D,
    });
    const error = prediction.reshape([32]).sub(target).abs().mean().dataSync()[0]!;
    expect(error).toBeLessThan(0.1);
  });

  test('Plan2Explore: identical members give zero reward; variance by hand otherwise; r_0 = 0', () => {
    // members predict [1, 3] and [3, 5]: per-dimension variance 1 and 1 → mean 1
    const predictions = tf.tensor3d([[[1, 3]], [[3, 5]]]);
    expect(ensembleDisagreement(predictions).dataSync()[0]).toBeCloseTo(1, 6);
    const p2e = new Plan2ExploreReward(3, 1, 2, { ...config, ensembleSize: 3 }, new Rng(1));
    const members = p2e.members;
    for (const member of members.slice(1))
      for (const [name, variable] of Object.entries(member.variables()))
        variable.assign(members[0]!.variables()[name]!);
    const imagination = {
      features: tf.randomNormal([4, 5, 3], 0, 1, 'float32', 2) as tf.Tensor3D,
      actions: tf.randomNormal([4, 5, 1], 0, 1, 'float32', 3) as tf.Tensor3D,
      deterministic: tf.zeros([4, 5, 1]) as tf.Tensor3D,
    };
    const same = p2e.reward(imagination);
    expect(same.shape).toEqual([4, 5]);
    expect(Math.max(...Array.from(same.dataSync()).map(Math.abs))).toBeLessThan(1e-9);
    const fresh = new Plan2ExploreReward(3, 1, 2, { ...config, ensembleSize: 3 }, new Rng(2)).reward(
      imagination,
    );
    expect(Array.from(fresh.slice([0, 0], [1, -1]).dataSync())).toEqual([0, 0, 0, 0, 0]);
    expect(fresh.slice([1, 0], [-1, -1]).min().dataSync()[0]).toBeGreaterThan(0);
  });

  test('Plan2Explore: the reward sends no gradient to the action (official stop_gradient), but does to the features', () => {
    // Fails on a reward that reads the action without a stop-gradient: distinct members make the
    // variance depend on a_t, so its gradient with respect to the actions would be non-zero.
    const p2e = new Plan2ExploreReward(3, 2, 4, { ...config, ensembleSize: 3 }, new Rng(9));
    const features = tf.randomNormal([4, 5, 3], 0, 1, 'float32', 10) as tf.Tensor3D;
    const actions = tf.randomUniform([4, 5, 2], -1, 1, 'float32', 11) as tf.Tensor3D;
    const reward = (f: tf.Tensor, a: tf.Tensor) =>
      p2e
        .reward({
          features: f as tf.Tensor3D,
          actions: a as tf.Tensor3D,
          deterministic: tf.zeros([4, 5, 1]) as tf.Tensor3D,
        })
        .sum();
    const [dFeatures, dActions] = tf.grads(reward)([features, actions]);
    expect(dActions!.abs().max().dataSync()[0]).toBe(0);
    expect(dFeatures!.abs().max().dataSync()[0]).toBeGreaterThan(0);
  });

  test('ICM reward log(1 + ‖·‖)', () => {
    // ‖[3, 4]‖ = 5 → log 6
    expect(icmReward(tf.tensor2d([[3, 4]]), tf.tensor2d([[0, 0]])).dataSync()[0]).toBeCloseTo(Math.log(6), 5);
  });

  test('ICM labels: log(1 + ‖e_{t+1} − ê‖) per step, with reward[:, 0] = 1 (the official oddity)', () => {
    const worldModel = new WorldModel([3], 2, config, new Rng(5));
    const icm = new IcmReward(worldModel.encoder.embedSize, 2, config, new Rng(6));
    const batch = {
      observations: tf.randomNormal([2, 4, 3], 0, 1, 'float32', 7),
      actions: tf.randomUniform([2, 4, 2], -1, 1, 'float32', 8) as tf.Tensor3D,
      rewards: tf.zeros([2, 4]) as tf.Tensor2D,
      isFirst: tf.zeros([2, 4]) as tf.Tensor2D,
    };
    const labels = icm.relabel(batch, worldModel).arraySync();
    expect(labels.map((row) => row[0])).toEqual([1, 1]);
    for (const row of labels) for (const value of row.slice(1)) expect(value).toBeGreaterThan(0);
  });

  test('RND reward is zero when the predictor equals the target', () => {
    const rnd = new RndReward([3], config, new Rng(9));
    const target = rnd.target.variables();
    for (const [name, variable] of Object.entries(rnd.predictor.variables())) variable.assign(target[name]!);
    const batch = {
      observations: tf.randomNormal([2, 4, 3], 0, 1, 'float32', 10),
      actions: tf.zeros([2, 4, 1]) as tf.Tensor3D,
      rewards: tf.zeros([2, 4]) as tf.Tensor2D,
      isFirst: tf.zeros([2, 4]) as tf.Tensor2D,
    };
    const labels = Array.from(rnd.relabel(batch).dataSync());
    expect(Math.max(...labels.map(Math.abs))).toBe(0);
  });

  test('RND input normalisation: zero mean, unit variance, clipped to ±5', () => {
    const x = tf.tensor2d([
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [0],
      [100],
    ]);
    const out = Array.from(normaliseInputs(x).dataSync());
    expect(Math.max(...out)).toBeCloseTo(5, 6);
  });

  test('APT kNN mean for a hand-made point set (k = 2)', () => {
    // points on a line at 0, 1, 3, 7: for 0 the two nearest are 1 and 3 → 2; for 3 they are 1 and 0 → 2.5
    const points = tf.tensor2d([[0], [1], [3], [7]]);
    const distance = Array.from(knnMeanDistance(points, 2).dataSync());
    [2, 1.5, 2.5, 5].forEach((expected, i) => {
      expect(distance[i]).toBeCloseTo(expected, 3);
    });
  });
});
