// Calibration of every claim with lab's helper (lab/testing): 200 simulated runs at the `default`
// run's n (3 seeds × 30 held-out entities per tier; test/support/simulate.ts) with no effect, with
// an effect of 2δ, and with the clean-label gate failed. The bootstrap uses 500 resamples here
// (1,000 in a run) to keep the test's CPU modest; the percentile interval barely moves.

import { expectCalibrated } from 'lab/testing';
import { describe, expect, test } from 'vitest';
import {
  amortised,
  beatsBaselines,
  fewerHallucinations,
  iterativeBeatsParallel,
  knownAndUnknown,
  rhoTradeoff,
  selectiveAbstention,
  shorterWhenUnsure,
  targetAccuracy,
} from '../src/claims.js';
import { type Behaviour, RHOS, type Scenario, simulate, TIERS, typical } from './support/simulate.js';

const RS = 'research-sft@0.5';
type Shape = (tier: string) => Behaviour;
const withFalseScaled =
  (shape: Shape, factor: number): Shape =>
  (tier) => {
    const b = shape(tier);
    return { ...b, precision: 1 - factor * (1 - b.precision) };
  };
const withPrecisionShift =
  (shape: Shape, shift: number): Shape =>
  (tier) => ({
    ...shape(tier),
    precision: shape(tier).precision + shift,
  });
const seenClaims = TIERS.slice(0, -1).map((t) => typical(t).claims);
const meanSeenClaims = seenClaims.reduce((s, c) => s + c, 0) / seenClaims.length;

function calibrate(
  claim: Parameters<typeof expectCalibrated>[0]['claim'],
  noEffect: Scenario,
  planted: Scenario,
  gated = true,
) {
  const report = expectCalibrated({
    claim,
    noEffect: (rng) => simulate(rng, noEffect),
    planted: (rng) => simulate(rng, planted),
    ...(gated ? { gateFails: (rng) => simulate(rng, { ...planted, cleanLabel: 0.5 }) } : {}),
  });
  expect(report.noEffect.reproduced).toBeLessThanOrEqual(0.05);
  expect(report.planted.reproduced).toBeGreaterThanOrEqual(0.8);
  if (gated) expect(report.gateFails?.inconclusive).toBe(1);
}

const timeout = 600_000;

describe('claims calibration (200 simulated runs per scenario)', () => {
  test(
    'fewer-hallucinations: F reduced by 2δ = 40% overall',
    () => {
      const delta = fewerHallucinations.effect.smallest;
      calibrate(fewerHallucinations, {}, { behaviours: { [RS]: withFalseScaled(typical, 1 - 2 * delta) } });
    },
    timeout,
  );

  test(
    'known-and-unknown: F reduced by 2δ on top and on bottom',
    () => {
      const delta = knownAndUnknown.effect.smallest;
      calibrate(knownAndUnknown, {}, { behaviours: { [RS]: withFalseScaled(typical, 1 - 2 * delta) } });
    },
    timeout,
  );

  test(
    'amortised: g = 0 (fine-tuned = base) vs g = 2δ = 1 (fine-tuned = the search)',
    () => {
      const better = withPrecisionShift(typical, 0.1);
      calibrate(
        amortised,
        { behaviours: { 'research-test@0.5': better } },
        { behaviours: { 'research-test@0.5': better, [RS]: better } },
      );
    },
    timeout,
  );

  test(
    'selective-abstention: equal abstention vs bottom − top = 2δ',
    () => {
      const delta = selectiveAbstention.effect.smallest;
      const selective: Shape = (tier) => ({
        ...typical(tier),
        abstain: tier === 'bottom' ? 0.1 + 2 * delta : 0.1,
      });
      calibrate(selectiveAbstention, {}, { behaviours: { [RS]: selective } });
    },
    timeout,
  );

  test(
    'shorter-when-unsure: equal length vs top − bottom = 2δ claims',
    () => {
      const delta = shorterWhenUnsure.effect.smallest;
      const flat: Shape = (tier) => ({ ...typical(tier), claims: 3 });
      const shorter: Shape = (tier) => ({ ...typical(tier), claims: tier === 'top' ? 3 + 2 * delta : 3 });
      calibrate(shorterWhenUnsure, { behaviours: { [RS]: flat } }, { behaviours: { [RS]: shorter } });
    },
    timeout,
  );

  test(
    'iterative-beats-parallel: equal target utility vs +2δ (no gate: it is about the search)',
    () => {
      const delta = iterativeBeatsParallel.effect.smallest;
      // a fifth of the bottom tier's targets abstain (utility 0 in both searches): plant 2δ on the rest
      const planted = (2 * delta) / (1 - 0.4 / TIERS.length);
      calibrate(
        iterativeBeatsParallel,
        { targetUtility: { research: 0, search: 0 } },
        { targetUtility: { research: planted, search: 0 } },
        false,
      );
    },
    timeout,
  );

  test(
    'beats-baselines: equal utility vs +2δ over every baseline',
    () => {
      const delta = beatsBaselines.effect.smallest;
      // utility@0.5 per answer = (1 − abstain)·claims·(2p − 1): a precision shift Δp adds 2·0.9·claims·Δp
      const shift = (2 * delta) / (2 * 0.9 * meanSeenClaims);
      calibrate(beatsBaselines, {}, { behaviours: { [RS]: withPrecisionShift(typical, shift) } });
    },
    timeout,
  );

  test(
    'target-accuracy: factscore = ρ − tolerance vs ρ + tolerance at every ρ',
    () => {
      const delta = targetAccuracy.effect.smallest;
      const at = (offset: number) =>
        Object.fromEntries(
          RHOS.map((r) => [
            `research-sft@${r}`,
            (tier: string) => ({ ...typical(tier), precision: r + offset }),
          ]),
        );
      calibrate(targetAccuracy, { behaviours: at(-delta) }, { behaviours: at(delta) });
    },
    timeout,
  );

  test(
    'rho-tradeoff: equal F vs F(ρmax) = (1 − 2δ)·F(ρmin)',
    () => {
      const delta = rhoTradeoff.effect.smallest;
      const top = `research-sft@${Math.max(...RHOS)}`;
      calibrate(rhoTradeoff, {}, { behaviours: { [top]: withFalseScaled(typical, 1 - 2 * delta) } });
    },
    timeout,
  );
});
