import { initBackend, LayerNormGruCell, Rng, straightThrough, tf } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { categoricalKl, klBalance, sampleCategorical } from '../src/model/distributions.js';
import { Rssm } from '../src/model/rssm.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('RSSM (brief §3.2, §11)', () => {
  test('GRU cell with LayerNorm and update bias −1 against a hand computation (|h| = 2)', () => {
    const cell = new LayerNormGruCell(1, 2, new Rng(0), -1);
    // W = 0 and b = [ρ, c, u] pre-activations so LN sees a known vector.
    cell.gates.kernel.assign(tf.zeros([3, 6]));
    const pre = [1, -1, 0.5, 2, 0, 1];
    cell.gates.bias!.assign(tf.tensor1d(pre));
    const mean = pre.reduce((a, b) => a + b, 0) / 6;
    const variance = pre.reduce((a, b) => a + (b - mean) ** 2, 0) / 6;
    const ln = pre.map((v) => (v - mean) / Math.sqrt(variance + 1e-3));
    const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
    const h0 = [0.3, -0.6];
    const expected = [0, 1].map((i) => {
      const reset = sigmoid(ln[i]!);
      const candidate = Math.tanh(reset * ln[2 + i]!);
      const update = sigmoid(ln[4 + i]! - 1);
      return update * candidate + (1 - update) * h0[i]!;
    });
    const out = cell.apply(tf.tensor2d([[0.7]]), tf.tensor2d([h0]));
    Array.from(out.dataSync()).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 5);
    });
  });

  test('is_first zeroes the previous state and action', () => {
    const rssm = new Rssm({ deterministic: 4, hidden: 4, stochastic: 2, classes: 3 }, 2, 5, new Rng(1));
    const embed = tf.randomNormal([1, 5], 0, 1, 'float32', 3) as tf.Tensor2D;
    const action = tf.tensor2d([[0.5, -0.5]]);
    const busy = { h: tf.ones([1, 4]) as tf.Tensor2D, z: tf.ones([1, 6]) as tf.Tensor2D };
    const zero = rssm.initialState(1);
    const first = tf.tensor2d([[1]]);
    const fromBusy = rssm.observeStep(busy, action, embed, first, new Rng(5));
    const fromZero = rssm.observeStep(zero, tf.zeros([1, 2]), embed, first, new Rng(5));
    expect(Array.from(fromBusy.state.h.dataSync())).toEqual(Array.from(fromZero.state.h.dataSync()));
    expect(Array.from(fromBusy.postLogits.dataSync())).toEqual(Array.from(fromZero.postLogits.dataSync()));
    const notFirst = rssm.observeStep(busy, action, embed, tf.tensor2d([[0]]), new Rng(5));
    expect(Array.from(notFirst.state.h.dataSync())).not.toEqual(Array.from(fromZero.state.h.dataSync()));
  });

  test('categorical KL against brute force', () => {
    const q = [
      [0.2, -1, 0.5],
      [1, 1, -2],
    ];
    const p = [
      [0, 0.3, -0.2],
      [-1, 0.5, 0.5],
    ];
    const softmax = (row: number[]) => {
      const e = row.map(Math.exp);
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    };
    let brute = 0;
    q.forEach((row, s) => {
      const qs = softmax(row);
      const ps = softmax(p[s]!);
      qs.forEach((qi, i) => {
        brute += qi * Math.log(qi / ps[i]!);
      });
    });
    const kl = categoricalKl(tf.tensor3d([q]), tf.tensor3d([p]));
    expect(kl.dataSync()[0]).toBeCloseTo(brute, 5);
  });

  test('straight-through sample: forward one-hot, gradient = softmax Jacobian', () => {
    const logits = tf.tensor3d([[[0.3, -0.2, 1.1]]]);
    const weights = tf.tensor3d([[[1, 2, 3]]]);
    const sample = sampleCategorical(logits, new Rng(2));
    const values = Array.from(sample.dataSync());
    expect(values.reduce((a, b) => a + b, 0)).toBe(1);
    expect(values.every((v) => v === 0 || v === 1)).toBe(true);
    const grad = tf.grad((l: tf.Tensor) =>
      sampleCategorical(l as tf.Tensor3D, new Rng(2))
        .mul(weights)
        .sum(),
    )(logits);
    const expected = tf.grad((l: tf.Tensor) => tf.softmax(l).mul(weights).sum())(logits);
    Array.from(grad.dataSync()).forEach((g, i) => {
      expect(g).toBeCloseTo(expected.dataSync()[i]!, 5);
    });
    // and core-tensor's estimator is what carries it
    expect(straightThrough).toBeTypeOf('function');
  });

  test('sample frequencies match the probabilities (χ² over 10k draws)', () => {
    const probabilities = [0.5, 0.3, 0.2];
    const logits = tf
      .tensor3d([Array.from({ length: 10_000 }, () => probabilities.map(Math.log))])
      .reshape([10_000, 1, 3]) as tf.Tensor3D;
    const counts = sampleCategorical(logits, new Rng(11)).sum([0, 1]).dataSync();
    const chi2 = probabilities.reduce((sum, p, i) => sum + (counts[i]! - 10_000 * p) ** 2 / (10_000 * p), 0);
    expect(chi2).toBeLessThan(13.8); // χ²(2) at p = 0.001
  });
});

describe('KL balancing (brief §3.2, §11)', () => {
  const logits = () => ({
    post: tf.tensor3d([[[3, -1, 0]], [[2, 0.5, -2]]]),
    prior: tf.tensor3d([[[-1, 2, 0]], [[-1, 1, 1]]]),
  });

  test('value equals the mean KL when KL > 1', () => {
    const { post, prior } = logits();
    const kl = categoricalKl(post, prior).mean().dataSync()[0]!;
    expect(kl).toBeGreaterThan(1);
    expect(klBalance(post, prior).loss.dataSync()[0]).toBeCloseTo(kl, 5);
  });

  test('gradient reaching prior logits is 0.8 of the total and posterior logits 0.2', () => {
    const { post, prior } = logits();
    const [gPost, gPrior] = tf.grads((q: tf.Tensor, p: tf.Tensor) => klBalance(q, p).loss)([post, prior]);
    const [fullPost, fullPrior] = tf.grads(
      (q: tf.Tensor, p: tf.Tensor) => categoricalKl(q, p).mean() as tf.Scalar,
    )([post, prior]);
    Array.from(gPrior!.dataSync()).forEach((g, i) => {
      expect(g).toBeCloseTo(0.8 * fullPrior!.dataSync()[i]!, 5);
    });
    Array.from(gPost!.dataSync()).forEach((g, i) => {
      expect(g).toBeCloseTo(0.2 * fullPost!.dataSync()[i]!, 5);
    });
  });

  test('zero gradient when the batch-mean KL is below the free nats', () => {
    const close = tf.tensor3d([[[0.1, 0, 0]]]);
    const same = tf.tensor3d([[[0, 0, 0]]]);
    const [gq, gp] = tf.grads((q: tf.Tensor, p: tf.Tensor) => klBalance(q, p).loss)([close, same]);
    expect(Array.from(gq!.dataSync()).every((g) => g === 0)).toBe(true);
    expect(Array.from(gp!.dataSync()).every((g) => g === 0)).toBe(true);
    expect(klBalance(close, same).loss.dataSync()[0]).toBeCloseTo(1, 6);
  });
});
