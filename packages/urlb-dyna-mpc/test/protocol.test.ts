// Protocol pieces (brief §7, §9, §11; issue 14): scores, the area under a learning curve, paired
// differences, the Student-t interval, the health gates, and each claim reaching each verdict
// through lab's rule on hand-made unit tables.
import { decide } from 'lab';
import { describe, expect, test } from 'vitest';
import { normalisedScore, rSquared } from '../src/loops/evaluate.js';
import { claims } from '../src/protocol/claims.js';
import { healthGates, scratchGains } from '../src/protocol/health-gates.js';
import { areaUnderCurve, finalScore } from '../src/protocol/learning-curve.js';
import { pairedDifferences } from '../src/protocol/paired-effect.js';
import { meanWithStudentCi, studentQuantile975 } from '../src/protocol/stats.js';
import { curve, healthyRun, unitsOf } from './study-units.js';

const scratchCurves = [0, 1, 2].flatMap((seed) => curve('scratch', seed, [0.05, 0.05, 0.2, 0.9, 0.9]));

function verdictOf(id: string, units: ReturnType<typeof unitsOf>, expertOverall: number | null = null) {
  const claim = claims.find((c) => c.id === id)!;
  const m = claim.measure({ expertOverall }, units);
  return decide({ estimate: m.estimate, ci: m.ci, smallest: claim.effect.smallest }, m.gates ?? []).verdict;
}

describe('protocol (brief §7, §9, §11)', () => {
  test('normalised score and R²', () => {
    expect(normalisedScore(125, 'reach4')).toBe(0.5);
    expect(normalisedScore(500, 'walker')).toBe(0.5);
    expect(rSquared([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(rSquared([1, 2, 3], [2, 2, 2])).toBe(0);
  });

  test('AUC = trapezoid area ÷ span; final score = the last frame', () => {
    // issue 14's scratch seed 1: (0.067/2 + 0.032 + 0.143 + 0.944 + 0.878/2)/4 = 0.397875
    const points = curve('scratch', 1, [0.067, 0.032, 0.143, 0.944, 0.878]);
    expect(areaUnderCurve(points)).toBeCloseTo(0.397875, 6);
    expect(areaUnderCurve([...points].reverse())).toBeCloseTo(0.397875, 6); // order-free
    expect(finalScore([...points].reverse())).toBe(0.878);
    expect(areaUnderCurve([{ frame: 0, score: 0.3 }])).toBe(0.3);
    expect(areaUnderCurve([])).toBeNaN();
  });

  test('paired Δ matches (task, seed) pairs only', () => {
    const curves = [
      ...curve('a', 0, [0.5, 0.5, 0.5, 0.5, 0.5]),
      ...curve('a', 1, [0.6, 0.6, 0.6, 0.6, 0.6]),
      ...curve('b', 0, [0.1, 0.1, 0.1, 0.1, 0.1]),
      ...curve('b', 1, [0.2, 0.2, 0.2, 0.2, 0.2]),
      ...curve('b', 2, [0.9, 0.9, 0.9, 0.9, 0.9]),
    ];
    const deltas = pairedDifferences(curves, 'a', 'b', 'auc').map((d) => Number(d.toFixed(6)));
    expect(deltas).toEqual([0.4, 0.4]);
  });

  test('Student-t interval: x̄ ± t(0.975, n−1)·s/√n, by hand for [1, 2, 3]', () => {
    // x̄ 2, s 1, t(0.975, 2) = 4.303: 2 ± 4.303/√3 = 2 ± 2.4843
    const { estimate, ci, n } = meanWithStudentCi([1, 2, 3]);
    expect(estimate).toBe(2);
    expect(n).toBe(3);
    expect(ci[0]).toBeCloseTo(2 - 4.303 / Math.sqrt(3), 4);
    expect(ci[1]).toBeCloseTo(2 + 4.303 / Math.sqrt(3), 4);
    expect(meanWithStudentCi([1]).ci[0]).toBeNaN();
    expect(studentQuantile975(40)).toBeCloseTo(2.021, 2); // table value 2.021
    expect(() => studentQuantile975(0)).toThrow(/degrees of freedom/);
  });

  test('health gates: scratch-learns, reward-r2 and open-loop pass on healthy runs and fail on each fault', () => {
    const healthy = unitsOf([
      ...scratchCurves,
      ...[0, 1, 2].flatMap((s) => curve('pt-actor', s, [0.1, 0.2, 0.3, 0.9, 0.9])),
    ]);
    expect(scratchGains(healthy)).toHaveLength(3);
    const passed = (u: typeof healthy) => Object.fromEntries(healthGates(u).map((g) => [g.name, g.passed]));
    expect(passed(healthy)).toEqual({
      'finite-losses': true,
      'scratch-learns': true,
      'reward-r2': true,
      'open-loop': true,
    });
    const flat = unitsOf([
      ...[0, 1, 2].flatMap((s) => curve('scratch', s, [0.1, 0.1, 0.1, 0.1, 0.1])),
      ...healthy.curves.filter((p) => p.condition !== 'scratch'),
    ]);
    expect(passed(flat)['scratch-learns']).toBe(false);
    const badR2 = { ...healthy, runs: healthy.runs.map((r) => ({ ...r, rewardR2: 0.2 })) };
    expect(passed(badR2)['reward-r2']).toBe(false);
    const badModel = { ...healthy, runs: healthy.runs.map((r) => ({ ...r, openLoopError: 2 })) };
    expect(passed(badModel)['open-loop']).toBe(false);
    const unmeasured = { ...healthy, runs: [healthyRun('scratch', 0)] };
    expect(passed(unmeasured)['reward-r2']).toBe(false); // no pt-actor run: not measured → fails
  });

  test('C1 and C3 reach each verdict on AUC; a failed gate makes them inconclusive', () => {
    const pt = (scores: number[][]) => scores.flatMap((s, seed) => curve('pt-actor', seed, s));
    const ahead = pt([
      [0.5, 0.6, 0.8, 0.95, 0.95],
      [0.45, 0.65, 0.85, 0.9, 0.92],
      [0.5, 0.62, 0.8, 0.93, 0.9],
    ]);
    expect(verdictOf('C1', unitsOf([...scratchCurves, ...ahead]))).toBe('reproduced');
    const same = pt([
      [0.05, 0.05, 0.2, 0.9, 0.9],
      [0.05, 0.06, 0.2, 0.9, 0.9],
      [0.05, 0.04, 0.2, 0.9, 0.9],
    ]);
    expect(verdictOf('C1', unitsOf([...scratchCurves, ...same]))).toBe('not reproduced');
    const noisy = pt([
      [0.5, 0.6, 0.8, 0.95, 0.95],
      [0.05, 0.05, 0.1, 0.5, 0.9],
      [0.3, 0.4, 0.5, 0.9, 0.9],
    ]);
    expect(verdictOf('C1', unitsOf([...scratchCurves, ...noisy]))).toBe('inconclusive');
    const brokenModel = unitsOf([...scratchCurves, ...ahead]);
    const broken = { ...brokenModel, runs: brokenModel.runs.map((r) => ({ ...r, openLoopError: 3 })) };
    expect(verdictOf('C1', broken)).toBe('inconclusive');
    const frozen = [0, 1, 2].flatMap((seed) => curve('pt-frozen', seed, [0.05, 0.05, 0.2, 0.9, 0.9]));
    expect(verdictOf('C3', unitsOf([...scratchCurves, ...ahead, ...frozen]))).toBe('reproduced');
  });

  test('C2 non-inferiority: equal curves reproduce it, a worse planner does not', () => {
    const actor = [0, 1, 2].flatMap((s) => curve('pt-actor', s, [0.1, 0.3, 0.6, 0.9, 0.9]));
    const equal = [0, 1, 2].flatMap((s) => curve('pt-mpc', s, [0.1, 0.31 + 0.01 * s, 0.6, 0.9, 0.9]));
    expect(verdictOf('C2', unitsOf([...scratchCurves, ...actor, ...equal]))).toBe('reproduced');
    const worse = [0, 1, 2].flatMap((s) => curve('pt-mpc', s, [0.1, 0.1, 0.2 + 0.01 * s, 0.4, 0.4]));
    expect(verdictOf('C2', unitsOf([...scratchCurves, ...actor, ...worse]))).toBe('not reproduced');
  });

  test('claims whose conditions did not run, and C7 without an expert table, are inconclusive', () => {
    const units = unitsOf([
      ...scratchCurves,
      ...[0, 1, 2].flatMap((s) => curve('pt-actor', s, [0.1, 0.3, 0.6, 0.9, 0.9])),
    ]);
    for (const id of ['C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8-critic', 'C8-actor', 'C9'])
      expect(verdictOf(id, units), id).toBe('inconclusive');
    expect(verdictOf('C7', units, 0.95)).toBe('reproduced');
    expect(verdictOf('C7', units, 0.5)).toBe('not reproduced');
  });

  test('C4: Spearman ρ of PT frames and final score over (snapshot, seed) points', () => {
    const curves = [...scratchCurves];
    const runs = [...scratchCurves.filter((p) => p.frame === 0).map((p) => healthyRun('scratch', p.seed))];
    const snapshots = [2000, 4000, 6000];
    for (const [i, frames] of snapshots.entries())
      for (const seed of [0, 1, 2, 3]) {
        const name = frames === 6000 ? 'pt-actor' : `pt-actor@${frames}`;
        curves.push(...curve(name, seed, [0.1, 0.2, 0.3, 0.4, 0.2 + 0.3 * i + 0.01 * seed]));
        runs.push({ ...healthyRun(name, seed), pretrainFrames: frames });
      }
    expect(verdictOf('C4', { curves, runs })).toBe('reproduced');
  });
});
