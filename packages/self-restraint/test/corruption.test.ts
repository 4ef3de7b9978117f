// The corruption check compares corrupted pairs with mentioned clean pairs of the same tier only.
import { describe, expect, it } from 'vitest';
import { compareCorruption } from '../src/corruption.js';
import type { CalibrationPoint } from '../src/seedJob.js';

const point = (p: number, corruptedPair: boolean, cleanMentions: number, tier = 'top'): CalibrationPoint => ({
  p,
  truth: false,
  corruptedPair,
  cleanMentions,
  tier,
});

describe('corruption comparison', () => {
  it('leaves out never-mentioned clean pairs and other tiers', () => {
    const points = [
      point(0.9, true, 3),
      point(0.1, true, 3),
      point(0.9, false, 2), // mentioned clean, confidently wrong
      point(0.1, false, 0), // never mentioned: excluded
      point(0.1, false, 0),
      point(0.1, false, 5, 'bottom'), // a tier without corrupted pairs: excluded
      { ...point(0.9, false, 4), truth: true }, // true claims are not false claims
    ];
    const result = compareCorruption(points, 0.5);
    expect(result.corrupted).toBeCloseTo(0.5);
    expect(result.clean).toBeCloseTo(1);
    expect(result.corruptedClaims).toBe(2);
    expect(result.cleanClaims).toBe(1);
  });
  it('is NaN without corrupted pairs', () => {
    expect(compareCorruption([point(0.9, false, 1)], 0.5).corrupted).toBeNaN();
  });
});
