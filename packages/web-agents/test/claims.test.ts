// Each claim's check on synthetic summaries producing each of the three verdicts (brief §8).
import { describe, expect, test } from 'vitest';
import { claims } from '../src/claims.js';
import type { Summary } from '../src/summary.js';

function base(): Summary {
  return {
    points: [],
    agreement: {
      nPoints: 15,
      minEpisodesPerPoint: 240,
      rho: 0.9,
      rhoCi: [0.7, 0.98],
      tau: 0.8,
      skippedResamples: 0,
      resamples: 1000,
      srRange: 0.3,
      accRange: 0.2,
      pairsTested: 40,
      inversions: [],
      withinConfigRho: {},
    },
    offPolicy: { tasks: ['a', 'b'], aExp: 0.9, aStu: 0.7, delta: 0.2, ci: [0.1, 0.3], perTask: [] },
    reasoning: { thoughtAcc: {}, drop0: 0.3, drop05: 0.05, ci0: [0.2, 0.4], ci05: [0, 0.1], srThinkAct: {} },
    remedies: {
      sr: { dagger: 0.8, 'bc-budget': 0.6 },
      offlineAcc: { dagger: 0.9, 'bc-budget': 0.89 },
      daggerVsBcBudget: { delta: 0.2, b: 50, c: 10, pValue: 1e-6, budgetSteps: 1000, bcSteps: 1000 },
    },
    c1: { srBase: 0.1, srOracle: 0.8, delta: 0.7, b: 150, c: 5, pValue: 1e-20 },
    heldOut: {},
    dataset: {
      perExpert: {},
      tasksWithNoData: {},
      prunedTargetShare: 0,
      instanceLeakage: 0,
      randomPolicySr: {},
    },
    meta: {
      chromium: 'x',
      playwright: 'y',
      backend: 'wasm',
      envStepsPerSec: 10,
      wallTimeS: 1,
      failedEpisodes: 0,
      totalEpisodes: 1,
    },
  };
}

const check = (id: string, s: Summary) => claims.find((c) => c.id === id)!.check(s).verdict;

describe('claims', () => {
  test('five claims C1–C5', () => {
    expect(claims.map((c) => c.id)).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
  });

  test('C1: Δ ≥ 15 pp with p < 0.01 / Δ < 5 pp / in between', () => {
    expect(check('C1', base())).toBe('reproduced');
    expect(check('C1', { ...base(), c1: { ...base().c1, delta: 0.02 } })).toBe('not reproduced');
    expect(check('C1', { ...base(), c1: { ...base().c1, delta: 0.1 } })).toBe('inconclusive');
  });

  test('C2: preconditions, inversion or low ρ → reproduced; high ρ with a CI excluding 0 → not reproduced', () => {
    expect(check('C2', base())).toBe('not reproduced');
    expect(check('C2', { ...base(), agreement: { ...base().agreement, rho: 0.3, rhoCi: [0.1, 0.6] } })).toBe(
      'reproduced',
    );
    const inversion = {
      p: 'x',
      q: 'y',
      accP: 0.9,
      accQ: 0.8,
      srP: 0.5,
      srQ: 0.7,
      b: 2,
      c: 40,
      pValue: 1e-9,
      significant: true,
    };
    expect(check('C2', { ...base(), agreement: { ...base().agreement, inversions: [inversion] } })).toBe(
      'reproduced',
    );
    expect(check('C2', { ...base(), agreement: { ...base().agreement, nPoints: 6 } })).toBe('inconclusive');
    expect(check('C2', { ...base(), agreement: { ...base().agreement, srRange: 0.05 } })).toBe(
      'inconclusive',
    );
  });

  test('C3: Δ_off ≥ 2 pp with CI > 0 / CI high < 2 pp / in between', () => {
    expect(check('C3', base())).toBe('reproduced');
    expect(
      check('C3', { ...base(), offPolicy: { ...base().offPolicy, delta: 0.005, ci: [-0.01, 0.015] } }),
    ).toBe('not reproduced');
    expect(
      check('C3', { ...base(), offPolicy: { ...base().offPolicy, delta: 0.03, ci: [-0.01, 0.06] } }),
    ).toBe('inconclusive');
  });

  test('C4: drop₀ ≥ 10 pp, CI > 0, drop₀ − drop₀.₅ ≥ 5 pp / drop₀ ≤ drop₀.₅ / in between', () => {
    expect(check('C4', base())).toBe('reproduced');
    expect(check('C4', { ...base(), reasoning: { ...base().reasoning, drop0: 0.1, drop05: 0.2 } })).toBe(
      'not reproduced',
    );
    expect(
      check('C4', {
        ...base(),
        reasoning: { ...base().reasoning, drop0: 0.12, drop05: 0.1, ci0: [0.05, 0.2] },
      }),
    ).toBe('inconclusive');
  });

  test('C5: Δ ≥ 5 pp with p < 0.05 / Δ < 2 pp / in between', () => {
    expect(check('C5', base())).toBe('reproduced');
    expect(
      check('C5', {
        ...base(),
        remedies: {
          ...base().remedies,
          daggerVsBcBudget: { delta: 0, b: 5, c: 5, pValue: 1, budgetSteps: 10, bcSteps: 10 },
        },
      }),
    ).toBe('not reproduced');
    expect(
      check('C5', {
        ...base(),
        remedies: {
          ...base().remedies,
          daggerVsBcBudget: { delta: 0.04, b: 10, c: 3, pValue: 0.09, budgetSteps: 10, bcSteps: 10 },
        },
      }),
    ).toBe('inconclusive');
  });

  test('C5 says when bc-budget got fewer labelled steps than DAgger (a small oracle pool)', () => {
    const c5 = claims.find((c) => c.id === 'C5')!;
    const short = {
      ...base(),
      remedies: {
        ...base().remedies,
        daggerVsBcBudget: { delta: 0, b: 5, c: 5, pValue: 1, budgetSteps: 1112, bcSteps: 977 },
      },
    };
    expect(c5.check(short).measured).toContain('dagger 1112, bc-budget 977');
    expect(c5.check(base()).measured).toContain('1000 labelled steps each');
  });
});
