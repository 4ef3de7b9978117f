import { beforeAll, describe, expect, test } from 'vitest';
import { assertShape, initBackend, oneHot, stopGradient, straightThrough, tf } from '../src/index.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('ops', () => {
  test('stopGradient is the identity forward and blocks the gradient: d/dx [x·sg(x)] = sg(x) = x', () => {
    const x = tf.tensor1d([2, -3]);
    const grad = tf.grad((v: tf.Tensor) => v.mul(stopGradient(v)).sum())(x);
    expect(Array.from(stopGradient(x).dataSync())).toEqual([2, -3]);
    expect(Array.from(grad.dataSync())).toEqual([2, -3]); // without the stop it would be 2x = [4, -6]
  });

  test('straightThrough: forward = the sample, gradient = that of the probabilities', () => {
    // p = softmax(l); loss = Σ w·y with y = straightThrough(onehot, p): dloss/dl = J_softmaxᵀ·w.
    const logits = tf.tensor1d([0.5, -1, 2]);
    const sample = tf.tensor1d([1, 0, 0]);
    const weights = tf.tensor1d([1, 2, 3]);
    const value = straightThrough(sample, tf.softmax(logits));
    expect(Array.from(value.dataSync())).toEqual([1, 0, 0]);
    const throughSample = tf.grad((l: tf.Tensor) =>
      straightThrough(sample, tf.softmax(l)).mul(weights).sum(),
    )(logits);
    const throughProbabilities = tf.grad((l: tf.Tensor) => tf.softmax(l).mul(weights).sum())(logits);
    const [a, b] = [throughSample.dataSync(), throughProbabilities.dataSync()];
    for (let i = 0; i < 3; i++) expect(a[i]).toBeCloseTo(b[i]!, 6);
  });

  test('oneHot gives float32 ones in the right places on wasm', () => {
    const hot = oneHot(tf.tensor1d([2, 0], 'int32'), 3);
    expect(hot.dtype).toBe('float32');
    expect(hot.arraySync()).toEqual([
      [0, 0, 1],
      [1, 0, 0],
    ]);
  });

  test('assertShape names the tensor, its shape and the expected one', () => {
    const x = tf.zeros([2, 3]);
    expect(() => assertShape(x, ['B', 3], 'x')).not.toThrow();
    expect(() => assertShape(x, ['B', 4], 'x')).toThrow('x has shape [2, 3], expected [B, 4]');
    expect(() => assertShape(x, ['B', 'B'], 'x')).toThrow(/expected \[B, B\]/);
  });
});
