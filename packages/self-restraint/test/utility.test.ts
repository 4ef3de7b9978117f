// U1–U3: λ(ρ), the utility identities and Q by hand (brief §2.1, §2.2).
import { Rng } from 'core-tensor';
import { describe, expect, it } from 'vitest';
import { lambdaOf, qValue, utility } from '../src/utility.js';

describe('λ(ρ) = ρ/(1 − ρ)', () => {
  it('matches the table of brief §2.1', () => {
    const table: [number, number][] = [
      [0.3, 0.4286],
      [0.5, 1],
      [0.7, 2.333],
      [0.75, 3],
      [0.8, 4],
      [0.9, 9],
    ];
    for (const [rho, lambda] of table) expect(lambdaOf(rho)).toBeCloseTo(lambda, 3);
  });
  it('rejects ρ outside (0, 1), naming the value', () => {
    for (const bad of [0, 1, -0.2, 1.5, Number.NaN])
      expect(() => lambdaOf(bad)).toThrow(/open interval \(0, 1\), got/);
    expect(() => lambdaOf(1)).toThrow(/got 1/);
  });
});

describe('utility identities (U2)', () => {
  it('U > 0 exactly when the precision n_t/(n_t + n_f) exceeds ρ', () => {
    const rng = new Rng('u2');
    for (let i = 0; i < 2000; i++) {
      const nt = rng.int(10);
      const nf = rng.int(10);
      if (nt + nf === 0) continue;
      const rho = [0.3, 0.5, 0.7, 0.75, 0.8, 0.9][rng.int(6)]!;
      const precision = nt / (nt + nf);
      if (Math.abs(precision - rho) < 1e-9) continue; // exactly at the threshold U = 0
      expect(utility(nt, nf, rho) > 0).toBe(precision > rho);
    }
  });
  it('one claim true with probability p has E[u] > 0 exactly when p > ρ', () => {
    for (const rho of [0.3, 0.5, 0.9]) {
      for (let p = 0.01; p < 1; p += 0.01) {
        if (Math.abs(p - rho) < 1e-9) continue;
        const expected = p * 1 + (1 - p) * -lambdaOf(rho);
        expect(expected > 0).toBe(p > rho);
        expect(qValue([p], rho)).toBeCloseTo(expected, 12);
      }
    }
  });
  it('abstention (no claims) scores 0', () => {
    expect(utility(0, 0, 0.5)).toBe(0);
    expect(qValue([], 0.9)).toBe(0);
  });
});

describe('Q by hand (U3)', () => {
  it('p̂ = (0.9, 0.6, 0.2), ρ = 0.5 → 0.8 + 0.2 − 0.6 = 0.4', () => {
    expect(qValue([0.9, 0.6, 0.2], 0.5)).toBeCloseTo(0.4, 12);
  });
});
