// U11: the estimate (lab's bootstrap) is reproducible by seed; R(δ) yields each of the three verdicts;
// AUROC and ECE by hand.
import { describe, expect, it } from 'vitest';
import {
  auroc,
  estimateOf,
  expectedCalibrationError,
  type PairedUnit,
  reliability,
  unitsOf,
  verdictOf,
} from '../src/stats.js';

const tiers = Array.from({ length: 40 }, (_, i) => (i < 20 ? 'top' : 'bottom'));
const units = unitsOf([tiers, tiers]);
const effect = (shift: number, noise: number) => (sample: readonly PairedUnit[]) => {
  let sum = 0;
  for (const { seedIndex, index } of sample)
    sum += shift + noise * Math.sin(index * 12.9898 + seedIndex * 78.233);
  return sample.length ? sum / sample.length : Number.NaN;
};

describe('estimate and R(δ)', () => {
  it('is reproducible by seed', () => {
    expect(estimateOf(units, effect(0.3, 1), 200, 'x')).toEqual(estimateOf(units, effect(0.3, 1), 200, 'x'));
  });
  it('gives the statistic on all units, a CI around it and the statistic on each seed alone', () => {
    const e = estimateOf(units, effect(0.3, 1), 200, 'x');
    expect(e.value).toBe(effect(0.3, 1)(units));
    expect(e.lo).toBeLessThan(e.value);
    expect(e.hi).toBeGreaterThan(e.value);
    expect(e.perSeed).toEqual([0, 1].map((s) => effect(0.3, 1)(units.filter((u) => u.seedIndex === s))));
  });
  it('resamples within seed × tier: each stratum keeps its size in every resample', () => {
    // seed 0 has 10 top of 40 units, seed 1 has 20: the share of seed-0 top units is 10/80 in every resample
    const uneven = unitsOf([tiers.map((_, i) => (i < 10 ? 'top' : 'bottom')), tiers]);
    const share = (sample: readonly PairedUnit[]) =>
      sample.filter((u) => u.seedIndex === 0 && u.tier === 'top').length / sample.length;
    const e = estimateOf(uneven, share, 200, 'strata');
    expect([e.value, e.lo, e.hi]).toEqual([0.125, 0.125, 0.125]);
  });
  it('gives reproduced, not reproduced and inconclusive on synthetic effects', () => {
    expect(verdictOf(estimateOf(units, effect(0.5, 0.1), 300, 'a'), 0.2)).toBe('reproduced');
    expect(verdictOf(estimateOf(units, effect(-0.3, 0.1), 300, 'b'), 0.2)).toBe('not reproduced');
    expect(verdictOf(estimateOf(units, effect(0.2, 2), 300, 'c'), 0.2)).toBe('inconclusive');
    expect(verdictOf({ value: Number.NaN, lo: 0, hi: 1, perSeed: [] }, 0)).toBe('inconclusive');
  });
  it('requires the effect in every seed', () => {
    expect(verdictOf({ value: 0.5, lo: 0.3, hi: 0.7, perSeed: [0.9, -0.1] }, 0.2)).toBe('inconclusive');
  });
});

describe('calibration measures', () => {
  it('AUROC of a perfect, a reversed and a tied ranking', () => {
    const pts = (pairs: [number, boolean][]) => pairs.map(([p, truth]) => ({ p, truth }));
    expect(
      auroc(
        pts([
          [0.9, true],
          [0.8, true],
          [0.1, false],
        ]),
      ),
    ).toBe(1);
    expect(
      auroc(
        pts([
          [0.1, true],
          [0.9, false],
        ]),
      ),
    ).toBe(0);
    expect(
      auroc(
        pts([
          [0.5, true],
          [0.5, false],
        ]),
      ),
    ).toBe(0.5);
  });
  it('reliability bins and ECE by hand', () => {
    const points = [
      { p: 0.9, truth: true },
      { p: 0.9, truth: false },
      { p: 0.1, truth: false },
      { p: 0.1, truth: false },
    ];
    const bins = reliability(points);
    expect(bins[4]!.accuracy).toBe(0.5);
    expect(bins[0]!.accuracy).toBe(0);
    expect(expectedCalibrationError(bins)).toBeCloseTo(0.5 * 0.4 + 0.5 * 0.1);
  });
});
