// Calibration of every claim (issue 16) with lab/testing at the `default` preset's n: without an
// effect the claim says "reproduced" in ≤ 5% of 200 simulated runs, with twice its smallest effect
// in ≥ 80%, and always "inconclusive" when a generator gate fails. Where a claim lacks the power at
// this n the test asserts that the helper says so, rather than tuning the claim.
import type { Rng } from 'core-tensor';
import {
  type CalibrationReport,
  calibrateClaim,
  calibrationProblems,
  expectCalibrated as expectCalibratedQuietly,
} from 'lab/testing';
import { describe, expect, test } from 'vitest';
import { claims } from '../src/claims.js';
import type { PointUnit } from '../src/units.js';
import {
  CLEAN,
  FIVE_RULES,
  type Metric,
  pairPoints,
  summaryFor,
  sweepPoints,
  TASKS,
  trialRows,
  units,
} from './fixtures/simulate-units.js';

const claim = (id: string) => {
  const found = claims.find((c) => c.id === id);
  if (!found) throw new Error(`no claim ${id}`);
  return found;
};
const ok = summaryFor();
const allFail = summaryFor(TASKS);
// A hang guard: under CI (every package testing at once on 2 cores) metric-ranking took over 600 s.
const TIMEOUT = 1_800_000;

/** The shares each claim reached, printed so the report can quote them. */
function show(report: CalibrationReport): CalibrationReport {
  const pct = (x: number | undefined) => (x === undefined ? '-' : `${(100 * x).toFixed(1)}%`);
  console.log(
    `${report.claim}: no effect ${pct(report.noEffect.reproduced)} reproduced; planted ${pct(report.planted.reproduced)} reproduced; gate fails ${pct(report.gateFails?.inconclusive)} inconclusive`,
  );
  return report;
}
const expectCalibrated: typeof expectCalibratedQuietly = (options) => show(expectCalibratedQuietly(options));

/** metric-ranking: with probability q a pair is won clearly by Agr or FD, else all five tie in truth. */
function rankingPoints(rng: Rng, q: number): PointUnit[] {
  const pairs = [
    ...TASKS.map((task) => [task, 'cfg'] as const),
    ['tfbind8-v0', 'cg'] as const,
    ['manifold-bumps-d32-v0', 'cg'] as const,
  ];
  return pairs.flatMap(([task, variant]) => {
    const clear = rng.bernoulli(q);
    const winner: Metric = rng.bernoulli(0.5) ? 'agreement' : 'fd';
    const r = Object.fromEntries(FIVE_RULES.map((m) => [m, clear ? (m === winner ? -0.9 : -0.4) : -0.6]));
    return pairPoints(rng.split(`${task}/${variant}`), task, variant, r);
  });
}

describe('claim calibration (200 simulated runs each, default-preset n)', () => {
  test(
    'metric-ranking: Agr+FD share of CI-significant wins',
    () => {
      const report = calibrateClaim({
        claim: claim('metric-ranking'),
        noEffect: (rng) => ({ summary: ok, units: units(rankingPoints(rng, 0)) }),
        // share 0.6 = 2/5 + 2δ: q + 0.4(1 − q) = 0.6 at q = 1/3
        planted: (rng) => ({ summary: ok, units: units(rankingPoints(rng, 1 / 3)) }),
        gateFails: (rng) => ({ summary: allFail, units: units(rankingPoints(rng, 1 / 3)) }),
      });
      show(report);
      expect(report.noEffect.reproduced).toBeLessThanOrEqual(0.05);
      expect(report.gateFails?.inconclusive).toBe(1);
      // Six pairs cannot show a 0.2 share above chance (34% power when measured):
      // the helper reports the missing power.
      if (report.planted.reproduced < 0.8)
        expect(calibrationProblems(report)).toContainEqual(expect.stringMatching(/^planted effect \(2δ\)/));
    },
    TIMEOUT,
  );

  test(
    'cfg-weak: mean over CFG tasks of r* + 0.6',
    () => {
      const sim = (rStrong: number) => (rng: Rng) =>
        TASKS.flatMap((task) => pairPoints(rng.split(task), task, 'cfg', { reward: rStrong }));
      expectCalibrated({
        claim: claim('cfg-weak'),
        noEffect: (rng) => ({ summary: ok, units: units(sim(-0.6)(rng)) }),
        planted: (rng) => ({ summary: ok, units: units(sim(-0.4)(rng)) }), // r* + 0.6 = 0.2 = 2δ
        gateFails: (rng) => ({ summary: allFail, units: units(sim(-0.4)(rng)) }),
      });
    },
    TIMEOUT,
  );

  test(
    'cg-stronger: r*(CFG) − r*(c.g.), gated on guidance moving the reward',
    () => {
      const moving = (w: number) => 0.05 * w; // guidance clearly moves M_test (0.2 from w = 0 to 4)
      // the default preset runs c.g. on TFBind8 and manifold bumps
      const sim = (rCg: number) => (rng: Rng) =>
        (['tfbind8-v0', 'manifold-bumps-d32-v0'] as const).flatMap((task) => [
          ...pairPoints(rng.split(`${task}/cfg`), task, 'cfg', { agreement: -0.5 }),
          ...pairPoints(rng.split(`${task}/cg`), task, 'cg', { agreement: rCg }, moving),
        ]);
      const report = calibrateClaim({
        claim: claim('cg-stronger'),
        noEffect: (rng) => ({ summary: ok, units: units(sim(-0.5)(rng)) }),
        planted: (rng) => ({ summary: ok, units: units(sim(-0.7)(rng)) }), // 2δ = 0.2
        gateFails: (rng) => ({ summary: allFail, units: units(sim(-0.7)(rng)) }),
      });
      show(report);
      expect(report.noEffect.reproduced).toBeLessThanOrEqual(0.05);
      expect(report.gateFails?.inconclusive).toBe(1);
      // 20 c.g. configurations per task against 40 CFG ones: a gap of 0.2 in r* is found in ≈ 45% of
      // runs (measured), and its false rate sits at the 5% bound; the helper reports the power.
      if (report.planted.reproduced < 0.8)
        expect(calibrationProblems(report)).toContainEqual(expect.stringMatching(/^planted effect \(2δ\)/));
    },
    TIMEOUT,
  );

  test(
    'cg-stronger is inconclusive when guidance leaves the test reward where it was',
    () => {
      const flat = (rng: Rng) => [
        ...pairPoints(rng.split('cfg'), 'tfbind8-v0', 'cfg', { agreement: -0.3 }),
        ...pairPoints(rng.split('cg'), 'tfbind8-v0', 'cg', { agreement: -0.9 }),
      ];
      const report = calibrateClaim({
        claim: claim('cg-stronger'),
        noEffect: (rng) => ({ summary: ok, units: units(flat(rng)) }),
        planted: (rng) => ({ summary: ok, units: units(flat(rng)) }),
        runs: 100,
      });
      show(report);
      // a planted gap of 0.6 in r, yet without a reward shift the gate holds the verdict back mostly
      expect(report.planted.inconclusive).toBeGreaterThanOrEqual(0.9);
    },
    TIMEOUT,
  );

  test(
    'noisy-agreement-sign: r(Agr, M_test) on the noisy task',
    () => {
      const sim = (r: number) => (rng: Rng) =>
        pairPoints(rng, 'manifold-bumps-noisy-d32-v0', 'cfg', { agreement: r });
      const report = calibrateClaim({
        claim: claim('noisy-agreement-sign'),
        noEffect: (rng) => ({ summary: ok, units: units(sim(0)(rng)) }),
        planted: (rng) => ({ summary: ok, units: units(sim(0.4)(rng)) }),
        gateFails: (rng) => ({ summary: allFail, units: units(sim(0.4)(rng)) }),
      });
      show(report);
      expect(report.noEffect.reproduced).toBeLessThanOrEqual(0.05);
      expect(report.gateFails?.inconclusive).toBe(1);
      // 40 configurations give r an SE of ≈ 0.13: at 2δ = 0.4 the power sits near the 80% bound
      // (78.5% when first measured); the helper says so when it falls short.
      if (report.planted.reproduced < 0.8)
        expect(calibrationProblems(report)).toContainEqual(expect.stringMatching(/^planted effect \(2δ\)/));
    },
    TIMEOUT,
  );

  test(
    'noisy-no-gain: the clean twin gains over D(best) and the noisy task does not',
    () => {
      const sim = (noisyGain: number) => (rng: Rng) =>
        units(
          [],
          [
            ...trialRows(rng.split('clean'), 'manifold-bumps-d32-v0', FIVE_RULES, 0.1),
            ...trialRows(rng.split('noisy'), 'manifold-bumps-noisy-d32-v0', FIVE_RULES, noisyGain),
          ],
        );
      expectCalibrated({
        claim: claim('noisy-no-gain'),
        noEffect: (rng) => ({ summary: ok, units: sim(0.1)(rng) }),
        planted: (rng) => ({ summary: ok, units: sim(-0.1)(rng) }),
        gateFails: (rng) => ({ summary: allFail, units: sim(-0.1)(rng) }),
      });
    },
    TIMEOUT,
  );

  test(
    'beats-dbest: Agr-selected 100th percentile − D(best) on the clean tasks',
    () => {
      const sim = (gain: number) => (rng: Rng) =>
        units(
          [],
          CLEAN.flatMap((task) => trialRows(rng.split(task), task, ['agreement'], gain)),
        );
      expectCalibrated({
        claim: claim('beats-dbest'),
        noEffect: (rng) => ({ summary: ok, units: sim(0)(rng) }),
        planted: (rng) => ({ summary: ok, units: sim(0.16)(rng) }),
        gateFails: (rng) => ({ summary: allFail, units: sim(0.16)(rng) }),
      });
    },
    TIMEOUT,
  );

  test(
    'guidance-diversity: diversity falls and FD rises with w within each model',
    () => {
      const sim = (trend: boolean) => (rng: Rng) =>
        units(CLEAN.flatMap((task) => sweepPoints(rng.split(task), task, trend, () => 0)));
      expectCalibrated({
        claim: claim('guidance-diversity'),
        noEffect: (rng) => ({ summary: ok, units: sim(false)(rng) }),
        planted: (rng) => ({ summary: ok, units: sim(true)(rng) }), // 2δ = 1, a monotone sweep
        gateFails: (rng) => ({ summary: allFail, units: sim(true)(rng) }),
      });
    },
    TIMEOUT,
  );

  test(
    'best-high-w: bootstrap over the argmax of mean M_test over w',
    () => {
      const sim = (best: (w: number) => number) => (rng: Rng) =>
        units(TASKS.flatMap((task) => sweepPoints(rng.split(task), task, false, best)));
      expectCalibrated({
        claim: claim('best-high-w'),
        noEffect: (rng) => ({ summary: ok, units: sim(() => 0)(rng) }),
        planted: (rng) => ({ summary: ok, units: sim((w) => 0.05 * w)(rng) }), // 2δ = 1: w* at the top on every task
        gateFails: (rng) => ({ summary: allFail, units: sim((w) => 0.05 * w)(rng) }),
      });
    },
    TIMEOUT,
  );
});
