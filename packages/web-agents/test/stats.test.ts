// Statistics of brief §7.4–7.6 against hand computations, and the agreement bootstrap over tasks.
import { describe, expect, test } from 'vitest';
import { type AgreementPoint, agreementStats } from '../src/eval/agreement.js';
import type { TaskCounts } from '../src/eval/offline.js';
import { binomCdfHalf, kendallTauB, mcnemarExact, midRanks, spearman, wilson } from '../src/eval/stats.js';

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

  test('agreement: the bootstrap over tasks skips resamples with constant ranks', () => {
    // Task a is the same for the 3 points (Acc 1/2, SR 1/2); task b rises (exact 1, 2, 3 of 5 steps;
    // 0, 1, 2 of 2 episodes won). A resample {a, a} gives constant ranks (skipped, probability 1/4);
    // {b, b} and {a, b} give Acc and SR both rising, so ρ = 1: the CI is [1, 1].
    const counts = (steps: number, exact: number): TaskCounts => ({
      steps,
      exact,
      exactTF: 0,
      exactOracle: 0,
      valid: 0,
      thought: 0,
      thoughtSteps: 0,
      nllSum: 0,
      nllSteps: 0,
      episodes: 0,
      episodesAllExact: 0,
    });
    const points: AgreementPoint[] = [0, 1, 2].map((k) => ({
      id: `p${k}`,
      offline: { a: counts(2, 1), b: counts(5, 1 + k) },
      outcomes: new Map([
        ['a/0', 1],
        ['a/1', 0],
        ['b/0', k >= 1 ? 1 : 0],
        ['b/1', k >= 2 ? 1 : 0],
      ]),
    }));
    const report = agreementStats(points, ['a', 'b'], 1000, 'test');
    expect(report.rho).toBeCloseTo(1, 12);
    expect(report.rhoCi[0]).toBeCloseTo(1, 12);
    expect(report.rhoCi[1]).toBeCloseTo(1, 12);
    expect(report.resamples).toBe(1000);
    // skipped ~ Binomial(1000, 1/4): mean 250, sd 13.7
    expect(report.skippedResamples).toBeGreaterThan(190);
    expect(report.skippedResamples).toBeLessThan(310);
  });
});
