import { beforeAll, describe, expect, test } from 'vitest';
import { assertShape, initBackend, oneHot, stopGradient, tf } from '../src/index.js';

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
