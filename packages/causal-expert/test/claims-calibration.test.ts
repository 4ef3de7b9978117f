// Calibration of the claims with lab/testing (lab's contract): each claim is run 200 times on
// simulated unit tables at the `default` preset's n with no effect (it must say "reproduced" in at
// most 5% of runs), with twice its smallest effect (at least 80%), and with a failed gate (always
// inconclusive). The simulators draw cells and runs the way the sweep produces them.
import type { Rng } from 'core-tensor';
import type { EffectClaim } from 'lab';
import { expectCalibrated } from 'lab/testing';
import { describe, expect, test } from 'vitest';
import type { AnswerUnit, ClaimUnits, OracleCellUnit, ReplayRunUnit } from '../src/claim-units.js';
import { claims } from '../src/claims.js';
import { coverageTolerance } from '../src/claims-coverage.js';
import type { Summary } from '../src/summary.js';

const summary = {} as Summary; // the claims read only the unit tables

function claim(id: string): EffectClaim<Summary, ClaimUnits> {
  const found = claims.find((c) => c.id === id);
  if (found === undefined || !('measure' in found)) throw new Error(`no effect claim ${id}`);
  return found;
}

/** Unit tables the simulators fill row by row. */
type Tables = { -readonly [Name in keyof ClaimUnits]: ClaimUnits[Name][number][] };

const emptyUnits = (): Tables => ({
  oracleCells: [],
  bayesCells: [],
  naiveCells: [],
  replayRuns: [],
  answers: [],
});

const binomial = (rng: Rng, n: number, p: number) => {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k;
};
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

function oracleCell(fields: Partial<OracleCellUnit>): OracleCellUnit {
  return {
    network: 'net',
    epsilon: 0.1,
    eta: 0.1,
    strategy: 'risk',
    semantics: 'corrected',
    runs: 200,
    mecFull: 100,
    m: 10,
    mecSize: 100,
    shd: 10,
    coverage: 0.9,
    claimed: 0.9,
    tieChecked: true,
    tieRuns: 0,
    mecSizeAtLeast: 100,
    shdAtLeast: 10,
    ...fields,
  };
}

// C1: the naive graph's outside-MEC share at insurance ε = 0.1 over 200 runs.
function naiveRun(share: number) {
  return (rng: Rng) => {
    const units = emptyUnits();
    units.naiveCells.push({
      network: 'insurance',
      epsilon: 0.1,
      runs: 200,
      outsideMec: binomial(rng, 200, share) / 200,
      cyclic: 0,
      shd: 0,
    });
    return { summary, units };
  };
}

// C2: 14 decided cells (the default grid's count without ties) plus 2 tie cells; per cell the
// shrinkage min(1 − |M'|/|MEC|, 1 − SHD/m) is the effect plus noise, within [0, 1] as |M'| ≤ |MEC|.
function shrinkRun(effect: number, decided = 14) {
  return (rng: Rng) => {
    const units = emptyUnits();
    for (let c = 0; c < decided; c++) {
      const value = effect === 0 ? 0 : clamp01(effect + rng.normal(0, 0.15));
      units.oracleCells.push(
        oracleCell({ network: `net${c}`, mecSize: 100 * (1 - value), shd: 10 * (1 - value) }),
      );
    }
    for (const network of ['tieA', 'tieB'])
      units.oracleCells.push(oracleCell({ network, tieRuns: 200, mecSizeAtLeast: 50, shdAtLeast: 5 }));
    return { summary, units };
  };
}

// C4a/C4b: 243 cells (9 networks × 3 ε × 9 η) at 200 runs; the worst cell's true coverage is
// 1 − η − τ + effect, the others' margins lie up to 0.2 above the worst's.
function promiseRun(semantics: string, effect: number) {
  return (rng: Rng) => {
    const units = emptyUnits();
    for (let c = 0; c < 243; c++) {
      const eta = 0.1 * (1 + (c % 9));
      const worst = effect - coverageTolerance;
      const margin = c === 0 ? worst : worst + rng.uniform(0, 0.2);
      const coverage = binomial(rng, 200, clamp01(1 - eta + margin)) / 200;
      units.oracleCells.push(oracleCell({ network: `net${c}`, eta, semantics, coverage }));
    }
    return { summary, units };
  };
}

// C4c: 48 Bayes cells at 2000 draws; claimed = the true coverage (the exact posterior mass), or
// 0.05 off for the gate.
function bayesRun(effect: number, claimedOffset = 0) {
  return (rng: Rng) => {
    const units = emptyUnits();
    for (let c = 0; c < 48; c++) {
      const eta = [0.1, 0.3, 0.5][c % 3]!;
      const worst = effect - coverageTolerance;
      const margin = c === 0 ? worst : worst + rng.uniform(0, 0.2);
      const truth = clamp01(1 - eta + margin);
      units.bayesCells.push({
        network: `net${c}`,
        epsilon: 0.1,
        eta,
        strategy: c % 2 ? 'risk' : 'size',
        semantics: 'corrected',
        runs: 2000,
        coverage: binomial(rng, 2000, truth) / 2000,
        claimed: clamp01(truth + claimedOffset),
      });
    }
    return { summary, units };
  };
}

// C5: 17 (network, ε) pairs where the strategies differ (the count: 27 cells, 10 exact
// ties), plus 3 tied pairs; per pair the effect plus noise.
function strategyRun(half: 'size' | 'risk', effect: number, differing = 17) {
  return (rng: Rng) => {
    const units = emptyUnits();
    const add = (network: string, value: number) => {
      const common = { network, semantics: 'corrected-product', mecFull: 100 };
      const sizeDiff = half === 'size' ? value : 0;
      const coverageDiff = half === 'risk' ? value : 0;
      units.oracleCells.push(oracleCell({ ...common, strategy: 'risk', mecSize: 50, coverage: 0.9 }));
      units.oracleCells.push(
        oracleCell({
          ...common,
          strategy: 'size',
          mecSize: 50 - 100 * sizeDiff,
          coverage: 0.9 - coverageDiff,
        }),
      );
    };
    for (let c = 0; c < differing; c++) add(`net${c}`, effect + rng.normal(0, half === 'size' ? 0.08 : 0.03));
    for (let c = 0; c < 3; c++) add(`tie${c}`, 0);
    return { summary, units };
  };
}

// C6: 200 replayed runs; naive SHD ~ Bin(18, ½), the amended SHD lower by the effect plus noise.
function replayRun(engine: string, effect: number, runs = 200) {
  return (rng: Rng) => {
    const units = emptyUnits();
    for (let run = 0; run < runs; run++) {
      const naiveShd = binomial(rng, 18, 0.5);
      const row: ReplayRunUnit = {
        engine,
        run,
        semantics: 'corrected-product',
        strategy: 'risk',
        eta: 0.1,
        mecSize: 10,
        shd: naiveShd - effect - rng.normal(0, 4),
        kept: 0,
        confidence: 0.9,
        naiveShd,
      };
      units.replayRuns.push(row);
    }
    return { summary, units };
  };
}

// C7: 282 answers (003's count) with confidence c ~ U[0.5, 1], correct with probability c − gap.
function answersRun(engine: string, gap: number, count = 282) {
  return (rng: Rng) => {
    const units = emptyUnits();
    for (let i = 0; i < count; i++) {
      const confidence = rng.uniform(0.5, 1);
      const correct = rng.next() < clamp01(confidence - gap);
      const answer: AnswerUnit = { engine, edge: `e${i % 18}`, pTrue: correct ? confidence : 1 - confidence };
      units.answers.push(answer);
    }
    return { summary, units };
  };
}

// A hang guard: each test runs 200 simulated runs × the bootstrap; under CI (every package testing
// at once on 2 cores) one took 129 s.
const calibrationTimeout = 600_000;

describe('claims are calibrated at the default n (200 simulated runs each)', () => {
  test('C1: naive outside-MEC share, 200 runs', () => {
    const c = claim('C1');
    const report = expectCalibrated({
      claim: c,
      noEffect: naiveRun(0),
      planted: naiveRun(2 * c.effect.smallest),
    });
    expect(report.planted.reproduced).toBeGreaterThanOrEqual(0.8);
  });

  test('C2: shrinkage over 14 decided cells; a gate failure with 2 decided cells', () => {
    const c = claim('C2');
    const report = expectCalibrated({
      claim: c,
      noEffect: shrinkRun(0),
      planted: shrinkRun(2 * c.effect.smallest),
      gateFails: shrinkRun(2 * c.effect.smallest, 2),
    });
    expect(report.gateFails?.inconclusive).toBe(1);
  });

  test.each(['C4a', 'C4b'])('%s: worst of 243 cells at 200 runs', (id) => {
    const c = claim(id);
    const semantics = id === 'C4a' ? 'official-2024' : 'corrected';
    const report = expectCalibrated({
      claim: c,
      noEffect: promiseRun(semantics, 0),
      planted: promiseRun(semantics, 2 * c.effect.smallest),
    });
    expect(report.noEffect['not reproduced'] + report.noEffect.inconclusive).toBeGreaterThan(0.95);
  });

  test('C4c: worst of 48 Bayes cells at 2000 draws; the gate fails when claimed ≠ coverage', () => {
    const c = claim('C4c');
    expectCalibrated({
      claim: c,
      noEffect: bayesRun(0),
      planted: bayesRun(2 * c.effect.smallest),
      gateFails: bayesRun(2 * c.effect.smallest, 0.05),
    });
  });

  test.each([
    ['C5-size', 'size'],
    ['C5-risk', 'risk'],
  ] as const)('%s: 17 differing cells; a gate failure with 2', (id, half) => {
    const c = claim(id);
    expectCalibrated({
      claim: c,
      noEffect: strategyRun(half, 0),
      planted: strategyRun(half, 2 * c.effect.smallest),
      gateFails: strategyRun(half, 2 * c.effect.smallest, 2),
    });
  });

  test.each([
    ['C6-003', 'text-davinci-003'],
    ['C6-002', 'text-davinci-002'],
  ])('%s: 200 paired runs; inconclusive without runs', (id, engine) => {
    const c = claim(id);
    expectCalibrated({
      claim: c,
      noEffect: replayRun(engine, 0),
      planted: replayRun(engine, 2 * c.effect.smallest),
      gateFails: replayRun(engine, 2 * c.effect.smallest, 0),
    });
  });

  test.each([
    ['C7-003', 'text-davinci-003'],
    ['C7-002', 'text-davinci-002'],
  ])(
    '%s: ECE over 282 answers; inconclusive with 30',
    (id, engine) => {
      const c = claim(id);
      expectCalibrated({
        claim: c,
        noEffect: answersRun(engine, 0),
        planted: answersRun(engine, 2 * c.effect.smallest),
        gateFails: answersRun(engine, 2 * c.effect.smallest, 30),
      });
    },
    calibrationTimeout,
  );
});
