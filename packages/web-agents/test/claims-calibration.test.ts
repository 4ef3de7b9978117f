// Calibration of every claim with lab/testing (issue 17): each claim's measure and lab's rule run
// 200 times on unit tables simulated at the default preset's n (test/unit-simulators.ts says what we
// assume): no effect, an effect of 2δ, and a failed gate. Every claim must say "reproduced" in at
// most 5 % of runs without an effect and be inconclusive whenever a gate fails; power at 2δ is
// asserted where the default's n gives it and recorded otherwise.
import { calibrateClaim, calibrationProblems, expectCalibrated } from 'lab/testing';
import { describe, expect, test } from 'vitest';
import { claims, type StudyClaim } from '../src/claims.js';
import type { StudyUnits } from '../src/units.js';
import { summaryFixture } from './summary-fixture.js';
import { cotThought, offPolicyRows, pairedEpisodes, rankedPoints } from './unit-simulators.js';

function claimById(id: string): StudyClaim {
  const claim = claims.find((c) => c.id === id);
  if (!claim) throw new Error(`no claim ${id}`);
  return claim;
}

const units = (u: Partial<StudyUnits>): StudyUnits & Record<string, readonly Record<string, unknown>[]> => ({
  episodes: [],
  offline: [],
  offpolicy: [],
  ...u,
});
const at = (config: string, ckpt = 'final', evalMode = 'think') => ({ config, ckpt, evalMode });

describe('calibration of every claim (200 simulated runs each, default n)', () => {
  test('the claims are C1, C2, C2-valid, C3, C4, C5', () => {
    expect(claims.map((c) => c.id)).toEqual(['C1', 'C2', 'C2-valid', 'C3', 'C4', 'C5']);
  });

  test('C1: SR(oracle) − SR(base) over 600 pairs meets both bounds', () => {
    const claim = claimById('C1');
    const summary = summaryFixture();
    expectCalibrated({
      claim,
      noEffect: (rng) => ({
        summary,
        units: units({ episodes: pairedEpisodes(rng, at('oracle'), at('base', '0'), 0) }),
      }),
      planted: (rng) => ({
        summary,
        units: units({
          episodes: pairedEpisodes(rng, at('oracle'), at('base', '0'), 2 * claim.effect.smallest),
        }),
      }),
    });
  }, 120_000);

  for (const id of ['C2', 'C2-valid']) {
    test(`${id}: 15 points ranked on the shared oracle traces meet both bounds; inconclusive with 14 points`, () => {
      const claim = claimById(id);
      const summary = summaryFixture();
      const pts = summary.design.correlationPoints;
      const report = expectCalibrated({
        claim,
        noEffect: (rng) => ({ summary, units: units(rankedPoints(rng, pts, true)) }),
        planted: (rng) => ({ summary, units: units(rankedPoints(rng, pts, false)) }),
        gateFails: (rng) => {
          const fewer = summaryFixture({ points: 14 });
          return { summary: fewer, units: units(rankedPoints(rng, fewer.design.correlationPoints, false)) };
        },
      });
      expect(report.gateFails?.inconclusive).toBe(1);
    }, 300_000);
  }

  test('C3: the off-policy gap over 7 multi-step tasks holds the 5 % bound; power recorded; the privileged tasks are left out', () => {
    const claim = claimById('C3');
    const summary = summaryFixture();
    const report = calibrateClaim({
      claim,
      noEffect: (rng) => ({ summary, units: units({ offpolicy: offPolicyRows(rng, 7, 0) }) }),
      planted: (rng) => ({
        summary,
        units: units({ offpolicy: offPolicyRows(rng, 7, 2 * claim.effect.smallest) }),
      }),
      gateFails: (rng) => ({
        summary,
        units: units({ offpolicy: offPolicyRows(rng, 2, 2 * claim.effect.smallest) }),
      }),
    });
    // the privileged rows carry a 40 pp gap: were they counted, "no effect" would be reproduced every time
    expect(report.noEffect.reproduced).toBeLessThanOrEqual(0.05);
    expect(report.gateFails?.inconclusive).toBe(1);
    console.info(
      `C3 power at 2δ over 7 tasks: ${(100 * report.planted.reproduced).toFixed(1)} %`,
      calibrationProblems(report),
    );
  }, 120_000);

  test('C4: SR with − without thought targets over 600 pairs meets both bounds; inconclusive when the thought is not learned', () => {
    const claim = claimById('C4');
    const summary = summaryFixture();
    const episodes = (rng: Parameters<typeof pairedEpisodes>[0], gain: number) =>
      pairedEpisodes(rng, at('oracle-cot'), at('oracle-cot-actonly'), gain);
    expectCalibrated({
      claim,
      noEffect: (rng) => ({
        summary,
        units: units({ episodes: episodes(rng, 0), offline: cotThought(0.9) }),
      }),
      planted: (rng) => ({
        summary,
        units: units({ episodes: episodes(rng, 2 * claim.effect.smallest), offline: cotThought(0.9) }),
      }),
      gateFails: (rng) => ({
        summary,
        units: units({ episodes: episodes(rng, 2 * claim.effect.smallest), offline: cotThought(0.2) }),
      }),
    });
  }, 120_000);

  test('C5: SR(dagger) − SR(bc-budget) over 600 pairs meets both bounds; inconclusive at unequal budgets', () => {
    const claim = claimById('C5');
    const summary = summaryFixture();
    const episodes = (rng: Parameters<typeof pairedEpisodes>[0], gain: number) =>
      pairedEpisodes(rng, at('dagger'), at('bc-budget'), gain);
    expectCalibrated({
      claim,
      noEffect: (rng) => ({ summary, units: units({ episodes: episodes(rng, 0) }) }),
      planted: (rng) => ({ summary, units: units({ episodes: episodes(rng, 2 * claim.effect.smallest) }) }),
      gateFails: (rng) => ({
        summary: summaryFixture({ budgetSteps: 1112, bcSteps: 977 }),
        units: units({ episodes: episodes(rng, 2 * claim.effect.smallest) }),
      }),
    });
  }, 120_000);
});
