// Calibration of every claim with lab/testing (issue 14, point 3): each claim's measure and lab's
// rule run 200 times on simulated unit tables at the preset's n: no effect (the claim's quantity
// 0), an effect of 2δ, and a failed gate. Per-pair differences are drawn N(mean, 0.1²): 0.1 is our
// assumption for the seed-to-seed spread of an AUC difference on reach4 (issue 14's hand check:
// scratch jumps from 0.14 to 0.94 between 5k and 7.5k frames, so seeds shift AUC by about that).
// n = the preset's (task, seed) pairs: 4 in `default` (C1–C3, C5 on reach4) and 3 in `extended`
// (C6, C8, C9 on walker_stand); C4 has 6 (snapshot, seed) points in `extended`.
// Every claim must say "reproduced" in at most 5 % of runs without an effect and be inconclusive
// whenever a gate fails. At n = 3 or 4 none has 80 % power at 2δ under this noise; the tests record
// the measured power instead of asserting it (lab's helper reports the shortfall), and one test
// shows that a percentile bootstrap at n = 3 would not even hold the 5 % bound.

import { Rng as CoreRng, type Rng } from 'core-tensor';
import { bootstrap, meanOf } from 'lab';
import { calibrateClaim, calibrationProblems, expectCalibrated } from 'lab/testing';
import { describe, expect, test } from 'vitest';
import { presets } from '../src/presets.js';
import { type ClaimSummary, claims, type StudyClaim } from '../src/protocol/claims.js';
import { healthGates } from '../src/protocol/health-gates.js';
import type { CurvePoint } from '../src/protocol/learning-curve.js';
import { pairedDifferences } from '../src/protocol/paired-effect.js';
import type { StudyUnits } from '../src/protocol/units.js';
import { curve, healthyRun } from './study-units.js';

const pairSpread = 0.1;
/** The preset's number of (task, seed) pairs: reach4 claims run in `default`, walker ones in `extended`. */
function pairsFor(task: string): number {
  const preset = task === 'walker_stand' ? presets.extended : presets.default;
  return preset.seeds * preset.tasks.length;
}
const summary: ClaimSummary = { expertOverall: null };

function claimById(id: string): StudyClaim {
  const claim = claims.find((c) => c.id === id);
  if (!claim) throw new Error(`no claim ${id}`);
  return claim;
}

/** A learning scratch agent per seed (the health gates pass): curve 0.05 → 0.9. */
function scratchCurves(seeds: number, task: string): CurvePoint[] {
  return Array.from({ length: seeds }, (_, seed) => seed).flatMap((seed) =>
    curve('scratch', seed, [0.05, 0.1, 0.4, 0.85, 0.9], task),
  );
}

/**
 * Units where per (task, seed) the curve of `a` is the curve of `b` shifted by Δ ~ N(mean, spread²)
 * at every frame, so AUC and final score differ by the same Δ.
 */
function pairedUnits(
  rng: Rng,
  a: string,
  b: string,
  meanDelta: number,
  task = 'reach4_top_left',
  options: { brokenModel?: boolean; pairs?: number } = {},
): StudyUnits {
  const pairs = options.pairs ?? pairsFor(task);
  const curves = scratchCurves(pairs, task).filter((p) => b !== 'scratch' || p.condition !== 'scratch');
  const base = [0.2, 0.3, 0.5, 0.6, 0.6];
  for (let seed = 0; seed < pairs; seed++) {
    const delta = meanDelta + pairSpread * rng.normal();
    const start = b === 'scratch' ? [0.05, 0.1, 0.4, 0.85, 0.9] : base;
    curves.push(...curve(b, seed, start, task));
    curves.push(
      ...curve(
        a,
        seed,
        start.map((s) => s + delta),
        task,
      ),
    );
  }
  const names = new Set(['scratch', 'pt-actor', a, b]);
  const runs = [...names].flatMap((name) =>
    Array.from({ length: pairs }, (_, seed) => ({
      ...healthyRun(name, seed, task),
      ...(options.brokenModel ? { openLoopError: 2 } : {}),
    })),
  );
  if (!curves.some((p) => p.condition === 'pt-actor'))
    for (let seed = 0; seed < pairs; seed++) curves.push(...curve('pt-actor', seed, base, task));
  return { curves, runs };
}

/** The paired claims: id, conditions a and b, task, and the Δ at which the quantity is 0. */
const paired: { id: string; a: string; b: string; task: string; zeroAt: number; sign: 1 | -1 }[] = [
  { id: 'C1', a: 'pt-actor', b: 'scratch', task: 'reach4_top_left', zeroAt: 0, sign: 1 },
  { id: 'C2', a: 'pt-mpc', b: 'pt-actor', task: 'reach4_top_left', zeroAt: -0.05, sign: 1 },
  { id: 'C3', a: 'pt-actor', b: 'pt-frozen', task: 'reach4_top_left', zeroAt: 0, sign: 1 },
  { id: 'C5', a: 'random-actor', b: 'pt-actor', task: 'reach4_top_left', zeroAt: -0.05, sign: 1 },
  { id: 'C6', a: 'pt-actor', b: 'random-actor', task: 'walker_stand', zeroAt: 0, sign: 1 },
  { id: 'C8-critic', a: 'init-critic', b: 'pt-actor', task: 'walker_stand', zeroAt: 0.05, sign: -1 },
  { id: 'C8-actor', a: 'pt-actor', b: 'no-init-actor', task: 'walker_stand', zeroAt: 0, sign: 1 },
  { id: 'C9', a: 'pt-actor', b: 'decoder-grad', task: 'walker_stand', zeroAt: 0, sign: 1 },
];

describe('calibration of every claim (200 simulated runs each, n as in the presets)', () => {
  test('the simulated runs pass every health gate (so the rule, not a gate, decides)', () => {
    for (const { a, b, task } of paired) {
      const gates = healthGates(pairedUnits(new CoreRng(1), a, b, 0.1, task));
      expect(gates.filter((g) => !g.passed).map((g) => g.name)).toEqual([]);
    }
  });

  for (const { id, a, b, task, zeroAt, sign } of paired) {
    test(`${id}: ≤ 5 % "reproduced" without an effect; inconclusive when the open-loop gate fails; power at 2δ recorded`, () => {
      const claim = claimById(id);
      // quantity = sign·Δ + offset, zero at Δ = zeroAt: an effect q needs Δ = zeroAt + sign·q
      const deltaFor = (quantity: number) => zeroAt + sign * quantity;
      const report = calibrateClaim({
        claim,
        noEffect: (rng) => ({ summary, units: pairedUnits(rng, a, b, deltaFor(0), task) }),
        planted: (rng) => ({
          summary,
          units: pairedUnits(rng, a, b, deltaFor(2 * claim.effect.smallest), task),
        }),
        gateFails: (rng) => ({
          summary,
          units: pairedUnits(rng, a, b, deltaFor(2 * claim.effect.smallest), task, { brokenModel: true }),
        }),
      });
      expect(report.noEffect.reproduced).toBeLessThanOrEqual(0.05);
      expect(report.gateFails?.inconclusive).toBe(1);
      // Power at n = 3–4 (t(0.975, n − 1) = 4.30, 3.18) is far below 80 %: the only problem the helper may name.
      expect(calibrationProblems(report).every((p) => p.startsWith('planted effect'))).toBe(true);
    }, 60_000);
  }

  test('C1 with 12 pairs (extended-like n) meets both bounds', () => {
    const claim = claimById('C1');
    const many = (rng: Rng, meanDelta: number): StudyUnits => {
      const units = [0, 1, 2, 3].map((t) =>
        pairedUnits(rng, 'pt-actor', 'scratch', meanDelta, `reach4_task${t}`, { pairs: 3 }),
      );
      return { curves: units.flatMap((u) => u.curves), runs: units.flatMap((u) => u.runs) };
    };
    expectCalibrated({
      claim,
      noEffect: (rng) => ({ summary, units: many(rng, 0) }),
      planted: (rng) => ({ summary, units: many(rng, 2 * claim.effect.smallest) }),
    });
  }, 60_000);

  test('C4: Spearman ρ over 6 (snapshot, seed) points holds the 5 % bound', () => {
    const claim = claimById('C4');
    const scaling = (rng: Rng, slope: number): StudyUnits => {
      const curves = scratchCurves(3, 'walker_stand');
      const runs = [0, 1, 2].map((seed) => healthyRun('scratch', seed, 'walker_stand'));
      for (const [i, snapshot] of [5000, 10_000].entries())
        for (let seed = 0; seed < 3; seed++) {
          const name = snapshot === 10_000 ? 'pt-actor' : `pt-actor@${snapshot}`;
          const final = 0.5 + slope * i + 0.1 * rng.normal();
          curves.push(...curve(name, seed, [0.1, 0.2, 0.3, 0.4, final], 'walker_stand'));
          runs.push({ ...healthyRun(name, seed, 'walker_stand'), pretrainFrames: snapshot });
        }
      return { curves, runs };
    };
    const report = calibrateClaim({
      claim,
      noEffect: (rng) => ({ summary, units: scaling(rng, 0) }),
      planted: (rng) => ({ summary, units: scaling(rng, 0.3) }),
    });
    expect(report.noEffect.reproduced).toBeLessThanOrEqual(0.05);
  }, 60_000);

  test('C7 compares one overall number: 0.85 exactly is not reproduced, 0.85 + 2δ is', () => {
    const claim = claimById('C7');
    const units = pairedUnits(
      new (class {
        normal() {
          return 0;
        }
      })() as unknown as Rng,
      'pt-actor',
      'scratch',
      0.1,
    );
    expect(claim.measure({ expertOverall: 0.85 }, units).estimate).toBeCloseTo(0, 12);
    const report = calibrateClaim({
      claim,
      noEffect: () => ({ summary: { expertOverall: 0.85 }, units }),
      planted: () => ({ summary: { expertOverall: 0.85 + 2 * claim.effect.smallest }, units }),
      gateFails: () => ({ summary: { expertOverall: null }, units }),
    });
    expect(report.noEffect.reproduced).toBe(0);
    expect(report.planted.reproduced).toBe(1);
    expect(report.gateFails?.inconclusive).toBe(1);
  }, 60_000);

  test('why a t interval: a percentile bootstrap of the mean Δ at n = 3 says "reproduced" too often without an effect', () => {
    const claim = claimById('C1');
    const bootstrapped: StudyClaim = {
      ...claim,
      measure: (s, units) => {
        const deltas = pairedDifferences(units.curves, 'pt-actor', 'scratch', 'auc');
        return {
          ...bootstrap(deltas, (sample) => meanOf(sample, (d) => d), {
            seed: 'c1-percentile',
            resamples: 400,
          }),
          gates: claim.measure(s, units).gates,
          measured: '',
        };
      },
    };
    const report = calibrateClaim({
      claim: bootstrapped,
      noEffect: (rng) => ({
        summary,
        units: pairedUnits(rng, 'pt-actor', 'scratch', 0, undefined, { pairs: 3 }),
      }),
      planted: (rng) => ({
        summary,
        units: pairedUnits(rng, 'pt-actor', 'scratch', 0.1, undefined, { pairs: 3 }),
      }),
    });
    expect(report.noEffect.reproduced).toBeGreaterThan(0.05);
  }, 120_000);
});
