// Brief §9 A8: correlations, bootstrap CIs, wins, and the Design-Bench statistics.
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import { correlate, kendallTauB, pearson, spearman } from '../src/correlation.js';
import { aggregate, designBenchScore } from '../src/design-bench-eval.js';
import { winsTable } from '../src/wins.js';

describe('correlations (A8)', () => {
  test('x = [1..5], y = [2,1,4,3,5] → 0.8, 0.8, 0.6', () => {
    const x = [1, 2, 3, 4, 5];
    const y = [2, 1, 4, 3, 5];
    expect(pearson(x, y)).toBeCloseTo(0.8, 10);
    expect(spearman(x, y)).toBeCloseTo(0.8, 10);
    expect(kendallTauB(x, y)).toBeCloseTo(0.6, 10);
  });

  test('with ties: Pearson 0.8528, Spearman 0.8333, τ_b 0.8', () => {
    const x = [1, 2, 2, 3];
    const y = [1, 3, 2, 3];
    expect(pearson(x, y)).toBeCloseTo(0.8528, 4);
    expect(spearman(x, y)).toBeCloseTo(0.8333, 4);
    expect(kendallTauB(x, y)).toBeCloseTo(0.8, 10);
  });

  test('fewer than 3 points or zero variance give NaN', () => {
    expect(pearson([1, 2], [1, 2])).toBeNaN();
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(correlate([1, 2], [3, 4], { seed: 's', resamples: 100 }).pearson.low).toBeNaN();
  });

  test('the bootstrap CI contains the estimate and is reproducible by seed', () => {
    const rng = new Rng(2);
    const x = Array.from({ length: 40 }, () => rng.normal());
    const y = x.map((v) => v + rng.normal());
    const a = correlate(x, y, { seed: 'b', resamples: 500 });
    const b = correlate(x, y, { seed: 'b', resamples: 500 });
    expect(a).toEqual(b);
    for (const stat of [a.pearson, a.spearman, a.kendall]) {
      expect(stat.low).toBeLessThanOrEqual(stat.value);
      expect(stat.high).toBeGreaterThanOrEqual(stat.value);
    }
    expect(a.skipped).toBe(0); // 40 distinct normal draws: a constant resample has probability 40^-39
    const none = correlate(x, y, null);
    expect(none.pearson.value).toBe(a.pearson.value);
    expect(none.pearson.low).toBeNaN();
  });

  test('resamples where a side has zero variance are skipped and counted', () => {
    // x = [0, 0, 0, 1]: a resample of 4 points is constant in x with probability
    // (3/4)^4 + (1/4)^4 = 0.3203 (y is constant only when x is), so ~320 of 1000 are skipped (sd 15).
    const c = correlate([0, 0, 0, 1], [1, 2, 3, 4], { seed: 's', resamples: 1000 });
    expect(c.skipped).toBeGreaterThan(250);
    expect(c.skipped).toBeLessThan(390);
  });
});

describe('wins and Design-Bench statistics', () => {
  test('the most negative r wins and ties split the win; NaN never wins', () => {
    const wins = winsTable([
      { cdsm: 0.1, fd: -0.5, dc: -0.2, reward: -0.5, agreement: Number.NaN },
      { cdsm: -0.9, fd: 0, dc: 0, reward: 0, agreement: 0 },
    ]);
    expect(wins).toEqual({ cdsm: 1, fd: 0.5, dc: 0, reward: 0.5, agreement: 0 });
  });

  test('100th and 50th percentiles and the mean; mean ± sd over seeds', () => {
    expect(designBenchScore([0.1, 0.9, 0.5, 0.3])).toEqual({ p100: 0.9, p50: 0.4, mean: 0.45 });
    expect(designBenchScore([3, 1, 2]).p50).toBe(2);
    const agg = aggregate([1, 3]);
    expect(agg.mean).toBe(2);
    expect(agg.sd).toBeCloseTo(Math.SQRT2, 12);
  });
});

describe('t interval (cg-stronger guidance gate)', () => {
  test('quantiles match the table and the expansion, and the interval is x̄ ± t·s/√n', async () => {
    const { meanTInterval, tQuantile975 } = await import('../src/t-interval.js');
    expect(tQuantile975(3)).toBeCloseTo(3.182, 3);
    expect(tQuantile975(60)).toBeCloseTo(2.0, 2); // tables: 2.000; the expansion gives 1.9995
    // [1, 2, 3, 4]: mean 2.5, s = 1.2910, half = 3.182·1.2910/2 = 2.054
    const { estimate, ci } = meanTInterval([1, 2, 3, 4]);
    expect(estimate).toBe(2.5);
    expect(ci[0]).toBeCloseTo(2.5 - 2.054, 2);
    expect(ci[1]).toBeCloseTo(2.5 + 2.054, 2);
    expect(() => tQuantile975(0)).toThrow(/df ≥ 1, got 0/);
  });
});

describe('selection ties and the generator gate (issue 16)', () => {
  const point = (w: number, cdsm: number, testMean: number) => ({
    task: 'tfbind8-v0' as const,
    variant: 'cfg' as const,
    modelId: 'm',
    width: 32,
    labelDropout: 0.1,
    seed: 0,
    step: 10,
    w,
    metrics: { cdsm } as never,
    testMean,
    testP100: testMean,
    testP50: testMean,
  });

  test('a C-DSM tie across w is broken by a seeded draw and reported, not by the lowest w', async () => {
    const { metricChoice } = await import('../src/selection.js');
    const points = [0, 1, 2, 4].map((w) => point(w, 0.5, w / 10)); // C-DSM does not depend on w
    const picks = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const choice = metricChoice(points, 'cdsm', new Rng(`tie-${seed}`))!;
      expect(choice.tied).toBe(4);
      picks.add(choice.point.w);
    }
    expect(picks.size).toBeGreaterThan(1);
    const again = (seed: string) => metricChoice(points, 'cdsm', new Rng(seed))!.point.w;
    expect(again('same')).toBe(again('same'));
    expect(metricChoice([point(0, 0.4, 0), ...points], 'cdsm', new Rng('x'))).toMatchObject({ tied: 1 });
  });

  test('the generator gates pass within the share of the gap and with coverage, and fail on NaN', async () => {
    const { generatorGates } = await import('../src/generator-gate.js');
    const check = (gapShare: number | null, coverage: number | null) =>
      generatorGates({ task: 'nk-l8q4k2-v0', gapShare, coverage }, 0.25, 'nk-l8q4k2-v0').map((g) => g.passed);
    expect(check(0.25, 0.1)).toEqual([true, true]); // the boundary counts as within
    expect(check(0.26, 0.1)).toEqual([false, true]);
    expect(check(0.1, 0)).toEqual([true, false]);
    expect(check(null, null)).toEqual([false, false]);
    expect(generatorGates(undefined, 0.25, 'nk-l8q4k2-v0').map((g) => g.name)).toEqual([
      'generator-nk-l8q4k2-v0',
      'generator-nk-l8q4k2-v0-coverage',
    ]);
  });
});
