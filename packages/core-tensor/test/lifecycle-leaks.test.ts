// Building a module, its EMA and an optimiser, training a step and disposing them all returns the
// engine to the tensor count it started with: no initialiser, clone or moment leaves a temporary.
import { beforeAll, describe, it } from 'vitest';
import { Adam, disposeModule, Ema, initBackend, Mlp, Rng, tf } from '../src/index.js';
import { expectNoLeaks } from '../src/testing.js';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('module lifecycle', () => {
  it('an Mlp, its Ema and Adam (with a state round trip) leave nothing behind once disposed', async () => {
    await expectNoLeaks(() => {
      const mlp = new Mlp([3, 5, 2], new Rng(1), { activation: 'relu' });
      const ema = new Ema(mlp);
      const adam = new Adam({ learningRate: 0.01 });
      const x = tf.ones([4, 3]);
      adam.minimize(() => mlp.apply(x).square().mean() as tf.Scalar, mlp.variables());
      ema.update(0.9);
      const state = adam.state();
      adam.loadState(state);
      state.step?.dispose();
      x.dispose();
      adam.dispose();
      disposeModule(ema);
      disposeModule(mlp);
    }, 'mlp + ema + adam');
  });
});
