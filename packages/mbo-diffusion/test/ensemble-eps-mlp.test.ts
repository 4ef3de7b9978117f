// The ε-MLP along core-tensor's model axis (issue 16, point 2): model m of an EnsembleEpsMlp is the
// EpsMlp built from the same Rng, parameter for parameter, and gives the same ε̂ on the same input.
import { assignParams, initBackend, modelParams, Rng, tf } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { smoothL1 } from '../src/ddpm.js';
import { EnsembleEpsMlp, smoothL1PerModel } from '../src/ensemble-eps-mlp.js';
import { EpsMlp } from '../src/eps-mlp.js';

describe('EnsembleEpsMlp', () => {
  beforeAll(async () => {
    await initBackend('cpu');
  });

  test('model m equals EpsMlp(rngs[m]) at initialisation and in its output', () => {
    const rngs = [0, 1, 2].map((seed) => new Rng(seed).split('init'));
    const ensemble = new EnsembleEpsMlp(8, 16, rngs);
    const single = new EpsMlp(8, 16, new Rng(1).split('init'));
    const params = modelParams(ensemble, 1);
    for (const [name, variable] of Object.entries(single.variables()))
      expect(Array.from(params[name]!.dataSync())).toEqual(Array.from(variable.dataSync()));
    const rng = new Rng('input');
    const xt = Float32Array.from({ length: 3 * 5 * 8 }, () => rng.normal());
    const c = Float32Array.from({ length: 3 * 5 * 34 }, () => rng.normal());
    const together = ensemble.apply(tf.tensor3d(xt, [3, 5, 8]), tf.tensor3d(c, [3, 5, 34]));
    const alone = single.apply(
      tf.tensor2d(xt.subarray(40, 80), [5, 8]),
      tf.tensor2d(c.subarray(170, 340), [5, 34]),
    );
    const slice = together.slice([1, 0, 0], [1, 5, 8]).reshape([5, 8]);
    expect(tf.max(tf.abs(slice.sub(alone))).dataSync()[0]).toBeLessThan(1e-5);
    // the per-model loss equals the single-model smooth-L1 on that model's rows
    const target = tf.zerosLike(together) as tf.Tensor3D;
    const perModel = smoothL1PerModel(target, together as tf.Tensor3D).dataSync()[1]!;
    expect(perModel).toBeCloseTo(smoothL1(tf.zerosLike(alone), alone).dataSync()[0]!, 5);
    const other = new EpsMlp(8, 16, new Rng('other'));
    assignParams(other.variables(), params);
    expect(
      tf
        .max(
          tf.abs(
            other
              .apply(tf.tensor2d(xt.subarray(40, 80), [5, 8]), tf.tensor2d(c.subarray(170, 340), [5, 34]))
              .sub(alone),
          ),
        )
        .dataSync()[0],
    ).toBe(0);
  });
});
