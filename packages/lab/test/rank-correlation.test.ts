import { describe, expect, test } from 'vitest';
import { kendallTauB } from '../src/index.js';

describe('kendallTauB', () => {
  test('no ties: (C − D)/n₀, by hand', () => {
    // pairs of [1..5] vs [2,1,4,3,5]: 10 pairs, 2 discordant (1-2, 3-4) → (8 − 2)/10
    expect(kendallTauB([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.6, 12);
  });

  test('ties in both: the τ_b correction, by hand', () => {
    // 6 pairs; x ties 1 pair, y ties 1 pair; C = 4, D = 0 → 4/√(5·5)
    expect(kendallTauB([1, 2, 2, 3], [1, 3, 2, 3])).toBeCloseTo(0.8, 12);
  });

  test('undefined (a constant side) is NaN; unequal lengths are an error naming both', () => {
    expect(kendallTauB([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(() => kendallTauB([1, 2], [1])).toThrow(/equal lengths, got 2 and 1/);
  });
});
