import { join } from 'node:path';
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import { calibrationReport } from '../src/calibration.js';
import { codebookNetworks, leakReport, loadCodebook, namesOnly } from '../src/codebooks.js';
import {
  answersByEdge,
  parseAnswerCsv,
  readAnswerCsv,
  replayReport,
  scoredAnswers,
} from '../src/expert-replay.js';
import { dataDir, loadNetwork, oracleProblem } from '../src/oracle.js';
import { fitTemperature, scaleConfidence } from '../src/temperature.js';

describe('codebooks', () => {
  test.each(codebookNetworks)(
    '%s covers every node and its leak report is clean apart from the allow-list',
    (network) => {
      const codebook = loadCodebook(network);
      const names = loadNetwork(network)
        .nodes.map((n) => n.name)
        .sort();
      expect(codebook.variables.map((v) => v.name).sort()).toEqual(names);
      expect(leakReport(codebook)).toEqual([]);
    },
  );
  test('the leak checker finds a description naming another variable', () => {
    const codebook = loadCodebook('asia');
    const leaky = {
      ...codebook,
      variables: codebook.variables.map((v) =>
        v.name === 'xray' ? { ...v, description: 'an X-ray showing tuberculosis' } : v,
      ),
    };
    expect(leakReport(leaky)).toEqual([{ variable: 'xray', mentions: 'tub' }]);
    expect(namesOnly(codebook).variables[0]).toEqual({ name: 'asia', description: 'asia' });
  });
  test('an unknown network is a clear error', () => {
    expect(() => loadCodebook('water')).toThrow(
      /no codebook for 'water'; valid: asia, sachs, child, insurance, alarm/,
    );
  });
});

describe('calibration', () => {
  test('hand-computed accuracy, ECE, Brier and NLL', () => {
    // confidences 0.55 (right), 0.7 (wrong), 0.99 (right), 0.99 (wrong)
    const report = calibrationReport([
      { edge: 'a', pTrue: 0.55 },
      { edge: 'a', pTrue: 0.3 },
      { edge: 'b', pTrue: 0.99 },
      { edge: 'b', pTrue: 0.01 },
    ]);
    expect(report.accuracy).toBe(0.5);
    // bins: [0.5,0.6): 1 at acc 1 (conf .55); [0.6,0.8): 1 at acc 0 (conf .7); [0.95,1]: 2 at acc .5 (conf .99)
    expect(report.ece).toBeCloseTo(0.25 * 0.45 + 0.25 * 0.7 + 0.5 * 0.49, 12);
    expect(report.brier).toBeCloseTo((0.45 ** 2 + 0.7 ** 2 + 0.01 ** 2 + 0.99 ** 2) / 4, 12);
    expect(report.nll).toBeCloseTo(
      -(Math.log(0.55) + Math.log(0.3) + Math.log(0.99) + Math.log(0.01)) / 4,
      12,
    );
    expect(report.reliability[2]).toEqual({
      bin: '[0.8, 0.95)',
      answers: 0,
      meanConfidence: null,
      accuracy: null,
    });
  });
  test('temperature scaling: T = 1 leaves p, a fitted T on uninformative confidences is large', () => {
    expect(scaleConfidence(0.8, 1)).toBeCloseTo(0.8, 12);
    const rng = new Rng('temperature');
    const confidence = Array.from({ length: 400 }, () => rng.uniform(0.95, 0.999));
    const correct = Array.from({ length: 400 }, () => (rng.next() < 0.55 ? 1 : 0));
    expect(fitTemperature(confidence, correct)).toBeGreaterThan(5);
  });
});

describe('replayed GPT-3 answers', () => {
  const { mec } = oracleProblem('insurance');
  test.each(['text-davinci-002', 'text-davinci-003'])(
    '%s covers the 18 undirected edges; accuracy matches the provenance',
    (engine) => {
      const rows = readAnswerCsv(join(dataDir, 'llm-answers', `insurance_${engine}.csv`));
      const byEdge = answersByEdge(mec, rows);
      expect(byEdge).toHaveLength(18);
      const report = calibrationReport(scoredAnswers(mec, byEdge));
      // PROVENANCE.md: 143/289 (002) and 148/282 (003) answers right
      expect([report.answers, Math.round(report.accuracy * report.answers)]).toEqual(
        engine.endsWith('2') ? [289, 143] : [282, 148],
      );
    },
  );
  test('a replayed report draws one phrasing per edge', () => {
    const byEdge = answersByEdge(
      mec,
      readAnswerCsv(join(dataDir, 'llm-answers', 'insurance_text-davinci-003.csv')),
    );
    const report = replayReport(new Rng(1), byEdge, new Uint8Array(18).fill(1));
    for (let e = 0; e < 18; e++) {
      const pTrue = report.reported[e] ? report.likelihood[e]! : 1 - report.likelihood[e]!;
      expect(byEdge[e]!.some((p) => Math.abs(p - pTrue) < 1e-12)).toBe(true);
    }
  });
  test('a malformed answers CSV names the line', () => {
    expect(() =>
      parseAnswerCsv('var_a,var_b,p_a_causes_b,p_b_causes_a\nAge,DrivingSkill,1.2,-0.2\n', 'x.csv'),
    ).toThrow(/x.csv line 2: expected 'name,name,p,1−p'/);
    expect(() => parseAnswerCsv('a,b\n', 'y.csv')).toThrow(/y.csv line 1: expected header/);
  });
});
