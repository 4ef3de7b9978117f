// U4: the consistency estimator on a hand pool; hint copies are not evidence; the +s discount.
import { describe, expect, it } from 'vitest';
import { consistencyLikelihood, type PoolSample } from '../src/selfEval.js';
import type { Claim } from '../src/vocab.js';

const c = (attribute: number, valueToken: number): Claim => ({ attribute, valueToken });
const sample = (generated: Claim[], hints: Claim[] = []): PoolSample => ({
  answer: [],
  generated,
  hints,
  round: hints.length ? 2 : 1,
});

describe('consistency likelihood p̂(a, v) = n(a, v) / (n(a) + s)', () => {
  const pool = [
    sample([c(0, 40), c(1, 60)]),
    sample([c(0, 40)]),
    sample([c(0, 41), c(2, 70)]),
    // a round-2 sample whose hint (0, 40) is NOT counted; only its generated (1, 61) is
    sample([c(1, 61)], [c(0, 40)]),
  ];
  it('counts generated pairs only, with the +1 discount', () => {
    const p = consistencyLikelihood(pool, 1);
    expect(p(c(0, 40))).toBeCloseTo(2 / (3 + 1)); // n(0) = 3 samples generated attribute 0
    expect(p(c(0, 41))).toBeCloseTo(1 / 4);
    expect(p(c(1, 60))).toBeCloseTo(1 / 3); // n(1) = 2
    expect(p(c(1, 61))).toBeCloseTo(1 / 3);
    expect(p(c(2, 70))).toBeCloseTo(1 / 2);
    expect(p(c(3, 80))).toBe(0); // never generated
  });
  it('without the discount an attribute named once is certain', () => {
    expect(consistencyLikelihood(pool, 0)(c(2, 70))).toBe(1);
  });
  it('a sample repeating a pair counts it once', () => {
    const p = consistencyLikelihood([sample([c(0, 40), c(0, 40)]), sample([c(0, 41)])], 0);
    expect(p(c(0, 40))).toBeCloseTo(0.5);
  });
  it('rejects a negative discount', () => {
    expect(() => consistencyLikelihood(pool, -1)).toThrow(/selfEval.discount must be ≥ 0, got -1/);
  });
});
