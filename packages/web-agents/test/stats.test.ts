// Statistics of brief §7.4–7.6 against hand computations.
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import {
  binomCdfHalf,
  bootstrap,
  kendallTauB,
  mcnemarExact,
  midRanks,
  percentileInterval,
  spearman,
  wilson,
} from '../src/eval/stats.js';

describe('statistics', () => {
  test('Wilson interval, §7.4: 8/10 gives [0.490, 0.943]', () => {
    // p̂ = 0.8, z² = 3.8416, M = 10: centre (0.8 + 0.19208)/1.38416 = 0.71674;
    // half = 1.96·√(0.016 + 0.0096040)/1.38416 = 0.22660 → [0.49014, 0.94334]
    const [lo, hi] = wilson(8, 10);
    expect(lo).toBeCloseTo(0.49016, 4);
    expect(hi).toBeCloseTo(0.94334, 4);
    expect(wilson(0, 0)).toEqual([0, 1]);
  });

  test('mid-ranks give ties the mean rank', () => {
    expect(midRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });

  test('Spearman ρ: monotone = 1, reversed = −1, constant = NaN', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 400])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
    expect(Number.isNaN(spearman([1, 1, 1], [1, 2, 3]))).toBe(true);
  });

  test('Kendall τ_b with a tie: x = [1,2,3], y = [1,1,2] gives 2/√6', () => {
    // pairs: (1,2) tie in y; (1,3) concordant; (2,3) concordant. C − D = 2, n0 = 3, n1 = 0, n2 = 1.
    expect(kendallTauB([1, 2, 3], [1, 1, 2])).toBeCloseTo(2 / Math.sqrt(3 * 2), 12);
  });

  test('exact McNemar: b = 0, c = 5 gives p = 2·(1/2)^5 = 0.0625', () => {
    expect(binomCdfHalf(0, 5)).toBeCloseTo(1 / 32, 12);
    expect(mcnemarExact(0, 5)).toBeCloseTo(0.0625, 12);
    expect(mcnemarExact(3, 3)).toBe(1);
    expect(mcnemarExact(0, 0)).toBe(1);
    // b = 1, c = 9: 2·(1 + 10)/1024 = 0.021484375
    expect(mcnemarExact(1, 9)).toBeCloseTo(22 / 1024, 12);
  });

  test('percentile bootstrap of a constant is that constant', () => {
    const draws = bootstrap([2, 2, 2], 50, new Rng(1), (s) => s.reduce((a, b) => a + b, 0) / s.length);
    expect(percentileInterval(draws)).toEqual([2, 2]);
  });
});
