// Brief §9 A7: the metrics against exact or known values.
import { initBackend, Rng } from 'core-tensor';
import { Matrix } from 'ml-matrix';
import { beforeAll, describe, expect, test } from 'vitest';
import { agreementBaseline, agreementMetric } from '../src/agreement.js';
import { cdsmMetric, makeCdsmTriples } from '../src/cdsm.js';
import { createDdpm } from '../src/ddpm.js';
import { meanPairDistance, novelty, uniqueFraction } from '../src/diversity.js';
import { oneHotPlusMinus } from '../src/encoding.js';
import { frechetDistance, moments } from '../src/frechet.js';
import { densityCoverageMetric, prdc } from '../src/prdc.js';
import { evenGrid, rewardArgmaxMetric, rewardMetric } from '../src/reward.js';
import { makeSchedule } from '../src/schedule.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const gaussianRows = (rng: Rng, count: number, width: number, shift = 0) =>
  Float32Array.from({ length: count * width }, () => rng.normal() + shift);

describe('Fréchet distance', () => {
  test('exact moments: N(0, I₈) vs N(1, 4·I₈) → 16', () => {
    const a = { mean: new Float64Array(8), covariance: Matrix.eye(8) };
    const b = { mean: new Float64Array(8).fill(1), covariance: Matrix.eye(8).mul(4) };
    expect(frechetDistance(a, b)).toBeCloseTo(16, 8);
  });

  test('[[2,1],[1,2]] vs I₂ → 4 − 2√3', () => {
    const a = {
      mean: new Float64Array(2),
      covariance: new Matrix([
        [2, 1],
        [1, 2],
      ]),
    };
    const b = { mean: new Float64Array(2), covariance: Matrix.eye(2) };
    expect(frechetDistance(a, b)).toBeCloseTo(4 - 2 * Math.sqrt(3), 8);
  });

  test('FD(X, X) < 1e-6, with (n − 1) covariances', () => {
    const rows = gaussianRows(new Rng(1), 500, 6);
    const m = moments(rows, 6);
    expect(Math.abs(frechetDistance(m, m))).toBeLessThan(1e-6);
    const two = moments(new Float32Array([0, 0, 2, 2]), 2);
    expect(two.covariance.get(0, 0)).toBeCloseTo(2, 10); // ((−1)² + 1²)/(2 − 1)
  });
});

describe('density and coverage (k = 3)', () => {
  test('a set against itself: coverage 1, density (k+1)/k', () => {
    const rows = gaussianRows(new Rng(2), 300, 5);
    const stats = prdc(rows, rows, 5, 3);
    expect(stats.coverage).toBe(1);
    expect(stats.density).toBeCloseTo(4 / 3, 10);
    expect(densityCoverageMetric(stats)).toBeCloseTo(-(1 + 4 / 3), 10);
  });

  test('disjoint distant sets: 0 and 0', () => {
    const rng = new Rng(3);
    const stats = prdc(gaussianRows(rng, 200, 4), gaussianRows(rng, 200, 4, 100), 4, 3);
    expect(stats.density).toBe(0);
    expect(stats.coverage).toBe(0);
  });

  test('two iid sets of 2,000: density ≈ 1, coverage ≈ 1 − 2^{−k}', () => {
    const rng = new Rng(4);
    const stats = prdc(gaussianRows(rng, 2000, 8), gaussianRows(rng, 2000, 8), 8, 3);
    expect(Math.abs(stats.density - 1)).toBeLessThan(0.1);
    expect(Math.abs(stats.coverage - 0.875)).toBeLessThan(0.03);
  });
});

describe('reward, agreement, C-DSM, diversity', () => {
  test('a perfect conditional sampler under the exact oracle has agreement 0', () => {
    const labels = [1.1, 1.3, 2.0];
    expect(agreementMetric(labels, labels)).toBe(0);
    expect(agreementMetric([1, 2], [2, 2])).toBe(0.5);
    expect(agreementBaseline([1, 3])).toBe(1);
    expect(rewardMetric([0.5, 1.5])).toBe(-1);
    expect(() => agreementMetric([1], [1, 2])).toThrow(/equal/);
  });

  test('C-DSM is identical across two calls on the same checkpoint', () => {
    const rng = new Rng(5);
    const validX = gaussianRows(rng, 64, 4);
    const validY = Float32Array.from({ length: 64 }, () => 1 + rng.next());
    const schedule = makeSchedule('cosine', 20);
    const triples = makeCdsmTriples(validX, validY, 4, 32, 2, 20, rng.split('triples'));
    const { net } = createDdpm(4, 16, rng.split('net'), false);
    const first = cdsmMetric(net, schedule, triples, true);
    expect(cdsmMetric(net, schedule, triples, true)).toBe(first);
    expect(cdsmMetric(net, schedule, triples, false)).not.toBe(first);
  });

  test('uniqueFrac, Hamming pair distance and novelty on hand-made sequences', () => {
    const letters = new Float32Array([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]); // 5 designs of L = 2
    expect(uniqueFraction(letters, 2)).toBe(0.4);
    // pairs: (00,00)=0 ×6 among the four 00s, 00 vs 10 ... designs: 00, 00, 10, 00, 00
    expect(meanPairDistance(new Float32Array([0, 0, 1, 0, 1, 1]), 2, true)).toBeCloseTo((1 + 2 + 1) / 3, 12);
    const train = oneHotPlusMinus(new Float32Array([0, 0, 3, 3]), 2, 4);
    const samples = oneHotPlusMinus(new Float32Array([0, 1, 3, 3, 2, 2]), 2, 4);
    expect(novelty(samples, train, 8, { length: 2, vocab: 4 })).toBeCloseTo((1 + 0 + 2) / 3, 6);
    expect(novelty(new Float32Array([3, 4]), new Float32Array([0, 0, 3, 0]), 2, undefined)).toBeCloseTo(4, 5);
  });
});

describe('rewardArgmax (the code variant)', () => {
  test('conditions the repeats on the grid value whose sample scores highest', () => {
    const grid = Float32Array.from([1, 1.5, 2]);
    const seen: number[][] = [];
    const value = rewardArgmaxMetric({
      gridLabels: grid,
      // a "sampler" that returns its labels as one-dimensional designs
      draw: (yTilde) => {
        seen.push(Array.from(yTilde));
        return Float32Array.from(yTilde);
      },
      score: (rows) => Array.from(rows, (x) => -((x - 1.5) ** 2)), // f_valid peaks at 1.5
      rng: new Rng(1),
      repeats: 4,
    });
    expect(seen[1]).toEqual([1.5, 1.5, 1.5, 1.5]);
    expect(value).toBeCloseTo(0, 12);
    expect(Array.from(evenGrid([1.2, 3, 2], 3))).toEqual([1.2000000476837158, 2.0999999046325684, 3]);
  });
});
