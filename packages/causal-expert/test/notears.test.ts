// NOTEARS-linear leaves no tensors behind: it runs as a pool job, many per worker, and the pool's
// leak check fails a job that keeps tensors (issue 12: it leaked 3 per inner solve, +28 a call).
import { initBackend, Rng } from 'core-tensor';
import { expectNoLeaks } from 'core-tensor/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { dagFromBayesNet } from '../src/graph.js';
import { notearsLinear, preprocess } from '../src/notears.js';
import { loadNetwork } from '../src/oracle.js';
import { randomLinearGaussian, sampleLinearGaussian } from '../src/sampler.js';

describe('notearsLinear', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  test('frees its tensors, over several inner solves (each a fresh Adam and a restart of W)', async () => {
    const dag = dagFromBayesNet(loadNetwork('asia'));
    const rng = new Rng(0);
    const data = sampleLinearGaussian(randomLinearGaussian(dag, rng.split('sem')), 200, rng.split('rows'));
    const result = await expectNoLeaks(
      () => notearsLinear(preprocess(data, false), { maxSteps: 30, innerSteps: 10 }),
      'notearsLinear',
    );
    expect(result.steps).toBe(30); // three inner solves ran
  });
});
