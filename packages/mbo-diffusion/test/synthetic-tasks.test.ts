// Brief §9 A3 and A4: the NK landscape and the manifold bumps, clean and noisy.
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import {
  bumpsFitness,
  bumpsPenalty,
  defaultBumpsParams,
  embedLatent,
  makeBumpsLandscape,
  peakMargin,
} from '../src/manifold-bumps.js';
import { makeNkLandscape, nkFitness } from '../src/nk-landscape.js';
import { makeTask, normaliseScore } from '../src/task.js';

describe('NK landscape (A3)', () => {
  test('f matches a hand computation on L = 2, K = 1', () => {
    const landscape = makeNkLandscape(new Rng(1), 2, 4, 1);
    // T_0 indexed by s0 + 4·s1, T_1 by s1 + 4·s0 (wrapping neighbourhood)
    const [t0, t1] = landscape.tables as [Float64Array, Float64Array];
    expect(nkFitness(landscape, [2, 3])).toBeCloseTo((t0[2 + 4 * 3]! + t1[3 + 4 * 2]!) / 2, 12);
    expect(nkFitness(landscape, [0, 1])).toBeCloseTo((t0[4]! + t1[1]!) / 2, 12);
  });

  test('the enumeration is complete and the split is 32,768 / 16,384 / 16,384', () => {
    const task = makeTask('nk-l8q4k2-v0');
    expect(task.size).toBe(65_536);
    const split = task.split({ seed: 42 });
    expect([split.trainIndex.length, split.validIndex.length, split.testIndex.length]).toEqual([
      32_768, 16_384, 16_384,
    ]);
    expect(new Set([...split.trainIndex, ...split.validIndex, ...split.testIndex]).size).toBe(65_536);
  });

  test('options are validated with a clear error', () => {
    expect(() => makeTask('nk-l8q4k2-v0', { nkK: 5 })).toThrow(/nkK/);
    expect(() => makeTask('no-such-task' as 'tfbind8-v0')).toThrow(
      /unknown task 'no-such-task'; valid: tfbind8-v0/,
    );
  });
});

describe('manifold bumps (A4)', () => {
  const landscape = makeBumpsLandscape(new Rng('manifold-bumps-0'));

  test('the penalty vanishes on the manifold and f(A c_1) = 1', () => {
    const z = [0.3, -1.2, 0.5, 2.0];
    expect(bumpsPenalty(landscape, embedLatent(landscape, z))[0]).toBeLessThan(1e-10);
    const peak = embedLatent(landscape, landscape.centres.subarray(0, 4));
    expect(bumpsFitness(landscape, peak)[0]).toBeCloseTo(1.0, 10);
  });

  test('every centre is a strict local maximum with margin ≥ 0.05', () => {
    expect(peakMargin(defaultBumpsParams, landscape.centres)).toBeGreaterThanOrEqual(0.05);
    // moving away from each centre on the manifold lowers f
    for (let k = 0; k < 4; k++) {
      const centre = Array.from(landscape.centres.subarray(k * 4, k * 4 + 4));
      const at = bumpsFitness(landscape, embedLatent(landscape, centre))[0]!;
      for (let a = 0; a < 4; a++) {
        const moved = centre.slice();
        moved[a]! += 0.05;
        expect(bumpsFitness(landscape, embedLatent(landscape, moved))[0]!).toBeLessThan(at);
      }
    }
  });

  test('the data penalty is small, D(best) in range, and the noisy variant changes only labels', () => {
    const task = makeTask('manifold-bumps-d32-v0');
    const noisy = makeTask('manifold-bumps-noisy-d32-v0');
    const { designs } = task.fullDataset();
    const penalties = bumpsPenalty(landscape, designs);
    const meanPenalty = penalties.reduce((s, v) => s + v, 0) / penalties.length;
    expect(meanPenalty).toBeLessThanOrEqual(0.02 * (task.yMax - task.yMin));
    const split = task.split({ seed: 42 });
    expect([split.trainIndex.length, split.validIndex.length, split.testIndex.length]).toEqual([
      10_000, 7_500, 7_500,
    ]);
    const dBest = normaliseScore(task, Math.max(...split.trainLabels));
    expect(dBest).toBeGreaterThanOrEqual(0.25);
    expect(dBest).toBeLessThanOrEqual(0.5);
    const noisyData = noisy.fullDataset();
    expect(Array.from(noisyData.designs.subarray(0, 64))).toEqual(Array.from(designs.subarray(0, 64)));
    // labels are reachable only through the split: the noisy one ranks (and so splits) by noisy labels
    expect(Array.from(noisy.split({ seed: 42 }).trainLabels.subarray(0, 64))).not.toEqual(
      Array.from(split.trainLabels.subarray(0, 64)),
    );
    // no label of D_test through the task API (issue 16, point 4)
    expect(Object.keys(task.fullDataset())).toEqual(['designs']);
    expect([noisy.yMin, noisy.yMax]).toEqual([task.yMin, task.yMax]);
  });
});
