// NOTEARS-linear leaves no tensors behind: it runs as a pool job, many per worker, and the pool's
// leak check fails a job that keeps tensors (issue 12: it leaked 3 per inner solve, +28 a call).
// Issue 18: also when it fails part-way (it kept 4 tensors and its named W variable, so the next
// run in that worker failed with "Variable with name notears/W was already registered").
import { Adam, initBackend, Rng, tf } from 'core-tensor';
import { expectNoLeaks } from 'core-tensor/testing';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { dagFromBayesNet } from '../src/graph.js';
import { notearsLinear, preprocess } from '../src/notears.js';
import { loadNetwork } from '../src/oracle.js';
import { randomLinearGaussian, sampleLinearGaussian } from '../src/sampler.js';

const registeredVariables = () =>
  Object.keys(
    (tf.engine() as unknown as { state: { registeredVariables: object } }).state.registeredVariables,
  ).length;

function asiaData() {
  const dag = dagFromBayesNet(loadNetwork('asia'));
  const rng = new Rng(0);
  return preprocess(
    sampleLinearGaussian(randomLinearGaussian(dag, rng.split('sem')), 200, rng.split('rows')),
    false,
  );
}

describe('notearsLinear', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test('a failure inside an inner solve frees every tensor and variable; the next run works', async () => {
    const data = asiaData();
    const variablesBefore = registeredVariables();
    const minimize = Adam.prototype.minimize;
    let calls = 0;
    vi.spyOn(Adam.prototype, 'minimize').mockImplementation(function (this: Adam, ...args) {
      if (++calls === 15) throw new Error('injected failure in the second inner solve');
      return minimize.apply(this, args);
    });
    await expectNoLeaks(() => {
      expect(() => notearsLinear(data, { maxSteps: 30, innerSteps: 10 })).toThrow(/injected failure/);
    }, 'failed notearsLinear');
    expect(registeredVariables()).toBe(variablesBefore);
    vi.restoreAllMocks();
    expect(notearsLinear(data, { maxSteps: 20, innerSteps: 10 }).steps).toBe(20);
  });

  test('bad options are refused by name before any tensor exists', async () => {
    await expectNoLeaks(() => {
      expect(() => notearsLinear(asiaData(), { learningRate: -1 })).toThrow(
        /NOTEARS options are invalid[\s\S]*learningRate/,
      );
    }, 'refused notearsLinear');
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
