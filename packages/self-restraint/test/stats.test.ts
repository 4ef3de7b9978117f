// U11: the bootstrap is reproducible by seed; R(δ) yields each of the three verdicts; AUROC and ECE by hand.
import { describe, expect, it } from 'vitest';
import {
  auroc,
  bootstrap,
  expectedCalibrationError,
  type Resample,
  reliability,
  verdictOf,
} from '../src/stats.js';

const strata = {
  tiersBySeed: [
    Array.from({ length: 40 }, (_, i) => (i < 20 ? 'top' : 'bottom')),
    Array.from({ length: 40 }, (_, i) => (i < 20 ? 'top' : 'bottom')),
  ],
};
const effect = (shift: number, noise: number) => (sample: Resample) => {
  let sum = 0;
  let n = 0;
  for (const [s, indices] of sample.entries())
    for (const i of indices) {
      sum += shift + noise * Math.sin(i * 12.9898 + s * 78.233);
      n++;
    }
  return n ? sum / n : Number.NaN;
};

describe('bootstrap and R(δ)', () => {
  it('is reproducible by seed', () => {
    expect(bootstrap(strata, effect(0.3, 1), 200, 'x')).toEqual(bootstrap(strata, effect(0.3, 1), 200, 'x'));
  });
  it('gives reproduced, not reproduced and inconclusive on synthetic effects', () => {
    expect(verdictOf(bootstrap(strata, effect(0.5, 0.1), 300, 'a'), 0.2)).toBe('reproduced');
    expect(verdictOf(bootstrap(strata, effect(-0.3, 0.1), 300, 'b'), 0.2)).toBe('not reproduced');
    expect(verdictOf(bootstrap(strata, effect(0.2, 2), 300, 'c'), 0.2)).toBe('inconclusive');
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
