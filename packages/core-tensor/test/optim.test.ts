import { beforeAll, describe, expect, test } from 'vitest';
import { Adam, initBackend, tf } from '../src/index.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('Adam', () => {
  test('first step moves each weight by lr·sign(g): m̂ = g, v̂ = g², so m̂/√v̂ = ±1', () => {
    // θ = [1, -2], loss = Σ θ² → g = [2, -4]; step = 0.1·[1, -1] (ε negligible).
    const theta = tf.variable(tf.tensor1d([1, -2]));
    const adam = new Adam({ learningRate: 0.1 });
    const { loss, gradNorm } = adam.minimize(() => theta.square().sum() as tf.Scalar, { theta });
    expect(loss).toBeCloseTo(5, 6);
    expect(gradNorm).toBeCloseTo(Math.sqrt(4 + 16), 5);
    const after = theta.dataSync();
    expect(after[0]).toBeCloseTo(0.9, 5);
    expect(after[1]).toBeCloseTo(-1.9, 5);
  });

  test('AdamW decays decoupled from the gradient: θ −= lr·(±1 + λθ)', () => {
    const theta = tf.variable(tf.tensor1d([1]));
    const adam = new Adam({ learningRate: 0.1, weightDecay: 0.5 });
    adam.minimize(() => theta.mul(3).sum() as tf.Scalar, { theta }); // g = 3 -> adam step +1
    expect(theta.dataSync()[0]).toBeCloseTo(1 - 0.1 * (1 + 0.5 * 1), 5);
  });

  test('global-norm clipping scales all gradients by clip/‖g‖ before the moments', () => {
    // g = [3, 4], ‖g‖ = 5, clip 1 → g' = [0.6, 0.8]; after one step m = 0.1·g', so m̂ = g'.
    const a = tf.variable(tf.scalar(0));
    const b = tf.variable(tf.scalar(0));
    const adam = new Adam({ learningRate: 0.1, clipNorm: 1 });
    const { gradNorm } = adam.minimize(() => a.mul(3).add(b.mul(4)) as tf.Scalar, { a, b });
    expect(gradNorm).toBeCloseTo(5, 5);
    const state = adam.state();
    expect(state['m.a']!.dataSync()[0]).toBeCloseTo(0.1 * 0.6, 5);
    expect(state['m.b']!.dataSync()[0]).toBeCloseTo(0.1 * 0.8, 5);
  });

  test('state() and loadState() continue the same trajectory', () => {
    const run = (steps: number, resumeAt?: number) => {
      const theta = tf.variable(tf.tensor1d([1, -1, 0.5]));
      let adam = new Adam({ learningRate: 0.05 });
      const loss = () =>
        theta
          .sub(tf.tensor1d([0.2, 0.3, -0.4]))
          .square()
          .sum() as tf.Scalar;
      for (let step = 0; step < steps; step++) {
        if (step === resumeAt) {
          const saved = Object.fromEntries(Object.entries(adam.state()).map(([k, v]) => [k, v.clone()]));
          adam = new Adam({ learningRate: 0.05 });
          adam.loadState(saved);
        }
        adam.minimize(loss, { theta });
      }
      return Array.from(theta.dataSync());
    };
    expect(run(6, 3)).toEqual(run(6));
  });

  test('bad options name the field', () => {
    expect(() => new Adam({ learningRate: -1 })).toThrow(/learningRate/);
  });
});
