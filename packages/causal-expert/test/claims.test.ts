// The claims' measurements on hand-made unit tables: C2 sets tie cells apart and says how the
// strict `>` and the `≥ 1 − η` readings would go, C5 leaves out cells where the strategies tie,
// the coverage promise's worst-cell interval, and the ECE the C7 claims use.
import { join } from 'node:path';
import { evaluateClaims } from 'lab';
import { describe, expect, test } from 'vitest';
import { calibrationReport } from '../src/calibration.js';
import {
  expectedCalibrationError,
  normalQuantile,
  promiseMargin,
  wilsonInterval,
} from '../src/claim-stats.js';
import type { ClaimUnits, OracleCellUnit } from '../src/claim-units.js';
import { claims } from '../src/claims.js';
import { answersByEdge, readAnswerCsv, scoredAnswers } from '../src/expert-replay.js';
import { dataDir, oracleProblem } from '../src/oracle.js';
import type { Summary } from '../src/summary.js';

const summary = {} as Summary;
const units = (oracleCells: OracleCellUnit[]): ClaimUnits => ({
  oracleCells,
  bayesCells: [],
  naiveCells: [],
  replayRuns: [],
  answers: [],
});

function cell(fields: Partial<OracleCellUnit>): OracleCellUnit {
  return {
    network: 'net',
    epsilon: 0.05,
    eta: 0.1,
    strategy: 'risk',
    semantics: 'corrected',
    runs: 200,
    mecFull: 16,
    m: 4,
    mecSize: 4,
    shd: 2,
    coverage: 0.9,
    claimed: 0.95,
    tieChecked: true,
    tieRuns: 0,
    mecSizeAtLeast: 4,
    shdAtLeast: 2,
    ...fields,
  };
}

const decide = (id: string, unitTables: ClaimUnits) =>
  evaluateClaims(
    claims.filter((c) => c.id === id),
    summary,
    unitTables,
  )[0]!;

describe('C2 sets threshold ties apart', () => {
  const decided = ['asia', 'sachs', 'child', 'insurance'].map((network) => cell({ network }));
  const alarmTie = cell({
    network: 'alarm',
    epsilon: 0.1,
    mecSize: 16,
    shd: 4,
    tieRuns: 200,
    mecSizeAtLeast: 8,
    shdAtLeast: 3.1,
  });

  test('decided on the other cells; the tie cell read both ways in the text', () => {
    const result = decide('C2', units([...decided, alarmTie]));
    expect(result.verdict).toBe('reproduced'); // 4 cells at 1 − 4/16 = 0.75, 1 − 2/4 = 0.5: min 0.5 ≥ δ
    expect(result.effect?.n).toBe(4);
    expect(result.effect?.estimate).toBeCloseTo(0.5, 12);
    expect(result.measured).toContain('4/4 decided cells shrink');
    expect(result.measured).toContain('alarm ε=0.1 (200/200 runs)');
    expect(result.measured).toContain('shrink in 0/1 under δ and under the official strict >');
    expect(result.measured).toContain("1/1 under the paper's ≥ 1 − η");
    expect(result.measured).toContain('reads not reproduced under > and reproduced under ≥');
  });

  test('a cell that does not shrink among the decided ones is named', () => {
    const result = decide('C2', units([...decided, cell({ network: 'water', mecSize: 16, shd: 4 })]));
    expect(result.measured).toContain('4/5 decided cells shrink');
    expect(result.measured).toContain('not: water ε=0.05');
  });

  test('too few decided cells: inconclusive by the gate', () => {
    const result = decide('C2', units([decided[0]!, alarmTie]));
    expect(result.verdict).toBe('inconclusive');
    expect(result.decision).toMatch(/gate failed: decided-cells = 1/);
  });
});

describe('C5 counts only the cells where the strategies differ', () => {
  const pair = (network: string, riskSize: number, sizeSize: number, riskCov: number, sizeCov: number) => [
    cell({ network, semantics: 'corrected-product', strategy: 'risk', mecSize: riskSize, coverage: riskCov }),
    cell({ network, semantics: 'corrected-product', strategy: 'size', mecSize: sizeSize, coverage: sizeCov }),
  ];
  const cells = [
    ...pair('a', 8, 4, 0.9, 0.8), // size smaller by 4/16, risk higher by 0.1
    ...pair('b', 8, 6, 0.9, 0.85),
    ...pair('c', 8, 5, 0.9, 0.9), // coverage tie
    ...pair('d', 8, 8, 0.9, 0.9), // full tie
    ...pair('e', 8, 8, 0.95, 0.9), // size tie
  ];

  test('C5-size: the mean over the 3 cells where |M′| differs', () => {
    const result = decide('C5-size', units(cells));
    expect(result.effect?.n).toBe(3);
    expect(result.effect?.estimate).toBeCloseTo((4 / 16 + 2 / 16 + 3 / 16) / 3, 12);
    expect(result.measured).toContain("|M'| differs in 3/5 cells (2 ties left out)");
  });

  test('C5-risk: the mean over the 3 cells where coverage differs', () => {
    const result = decide('C5-risk', units(cells));
    expect(result.effect?.n).toBe(3);
    expect(result.effect?.estimate).toBeCloseTo((0.1 + 0.05 + 0.05) / 3, 12);
  });
});

describe('claim statistics', () => {
  test('Wilson interval, hand value: p = 0.9, n = 200, z = 1.96 → [0.8506, 0.9343]', () => {
    // centre (0.9 + 1.96²/400)/(1 + 1.96²/200) = 0.89246; half 1.96/1.01921 · √(0.00045 + 0.0000240) = 0.04185
    const [lo, hi] = wilsonInterval(0.9, 200, 1.96);
    expect(lo).toBeCloseTo(0.8506, 4);
    expect(hi).toBeCloseTo(0.9343, 4);
  });

  test('normal quantile: two-sided 0.05 → 1.95996, 0.05/243 → 3.71', () => {
    expect(normalQuantile(0.05)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.05 / 243)).toBeCloseTo(3.71, 2);
  });

  test('the promise margin is the worst cell, with the Bonferroni-level interval of the minimum', () => {
    const cells = [
      { coverage: 0.95, runs: 200, eta: 0.1 },
      { coverage: 0.6, runs: 200, eta: 0.3 }, // worst: margin −0.1
      { coverage: 0.8, runs: 200, eta: 0.5 },
    ];
    const margin = promiseMargin(cells);
    expect(margin.worst).toBe(cells[1]);
    expect(margin.estimate).toBeCloseTo(-0.1, 12);
    expect(margin.holding).toBe(2);
    const z = normalQuantile(0.05 / 3);
    const [lo, hi] = wilsonInterval(0.6, 200, z);
    expect(margin.ci).toEqual([lo - 0.7, hi - 0.7]);
  });

  test('the ECE the C7 claims use equals the calibration report’s on the cached GPT-3 answers', () => {
    const { mec } = oracleProblem('insurance');
    for (const engine of ['text-davinci-002', 'text-davinci-003']) {
      const rows = readAnswerCsv(join(dataDir, 'llm-answers', `insurance_${engine}.csv`));
      const answers = scoredAnswers(mec, answersByEdge(mec, rows));
      expect(expectedCalibrationError(answers)).toBeCloseTo(calibrationReport(answers).ece, 12);
    }
  });
});
