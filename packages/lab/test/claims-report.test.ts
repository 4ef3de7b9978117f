// Claims are checked against the summary and every one is reported, side by side with the paper,
// whatever its verdict; a broken check is reported, not hidden. These are claims under a study's own
// rule (the older form); claims under lab's rule are in verdict-rule.test.ts.
import { describe, expect, test } from 'vitest';
import {
  type Claim,
  claimsTable,
  evaluateClaims,
  type RunRecord,
  renderReport,
  verdictCounts,
} from '../src/index.js';

type Summary = { accuracy: number };

const claims: Claim<Summary>[] = [
  {
    id: 'acc',
    statement: 'accuracy above 0.8',
    paper: 'Table 1: 0.85',
    check: (s) => ({
      verdict: s.accuracy > 0.8 ? 'reproduced' : 'not reproduced',
      measured: `${s.accuracy}`,
    }),
  },
  {
    id: 'gap',
    statement: 'a | pipe and\na line break',
    paper: 'Fig. 2',
    check: () => ({ verdict: 'inconclusive', measured: 'too few seeds' }),
  },
  {
    id: 'broken',
    statement: 'throws',
    paper: '-',
    check: () => {
      throw new Error('division by zero');
    },
  },
  {
    id: 'malformed',
    statement: 'bad verdict',
    paper: '-',
    check: () => JSON.parse('{"verdict":"yes","measured":"1"}'),
  },
];

describe('evaluateClaims', () => {
  test('every claim gets a verdict; throwing or malformed checks are inconclusive with the reason', () => {
    const results = evaluateClaims(claims, { accuracy: 0.7 });
    expect(results.map((r) => [r.id, r.verdict])).toEqual([
      ['acc', 'not reproduced'],
      ['gap', 'inconclusive'],
      ['broken', 'inconclusive'],
      ['malformed', 'inconclusive'],
    ]);
    expect(results[2]!.measured).toBe('check threw: division by zero');
    expect(results[3]!.measured).toContain('check returned an invalid result');
    expect(verdictCounts(results)).toBe('0 reproduced, 1 not reproduced, 3 inconclusive');
  });

  test('the claims table has one row per claim, cells escaped', () => {
    const table = claimsTable(evaluateClaims(claims, { accuracy: 0.9 }));
    expect(table.split('\n')).toEqual([
      '| id | statement | paper | measured | effect [CI] | gates | verdict |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      "| acc | accuracy above 0.8 | Table 1: 0.85 | 0.9 | — (study's own rule) | — | reproduced |",
      "| gap | a \\| pipe and<br>a line break | Fig. 2 | too few seeds | — (study's own rule) | — | inconclusive |",
      "| broken | throws | - | check threw: division by zero | — (study's own rule) | — | inconclusive |",
      expect.stringContaining('| malformed | bad verdict | - | check returned an invalid result'),
      '',
    ]);
  });
});

describe('renderReport', () => {
  const record: RunRecord = {
    study: 'toy',
    paper: {
      title: 'A Toy Paper',
      authors: 'A. Author',
      venue: 'NeurIPS 2099',
      url: 'https://example.org/paper',
    },
    runId: 'r1',
    preset: 'default',
    seed: 4,
    overrides: { 'opt.lr': 0.01 },
    config: { steps: 100, width: 8, opt: { lr: 0.01, beta: 0.9 } },
    startedAt: '2099-01-01T00:00:00.000Z',
    backend: { name: 'wasm', reason: 'requested explicitly', attempts: [], kernelFixes: [] },
    git: { commit: 'abc', dirty: false },
    versions: { lab: '0.1.0' },
    node: 'v20',
    platform: 'linux',
    cpu: 'cpu',
    cores: 2,
    resumes: [{ at: '2099-01-01T01:00:00.000Z', backend: 'wasm', gitCommit: 'abc' }],
  };
  const report = renderReport({
    record,
    claims: evaluateClaims(claims.slice(0, 2), { accuracy: 0.9 }),
    paperDefaults: { steps: 1000, width: 8, opt: { lr: 0.001, beta: 0.9 } },
    sections: [
      { title: 'Extra figure', markdown: '![loss](loss.svg)' },
      { title: 'Health checks', markdown: '- **FAILED:** loss is NaN', placement: 'top' },
    ],
    finishedAt: '2099-01-01T02:00:00.000Z',
  });

  test('title, paper, run facts, claims, config with the source of each value, sections', () => {
    expect(report).toContain('# toy: A Toy Paper\n\nA. Author. NeurIPS 2099. <https://example.org/paper>');
    expect(report).toContain('| backend | wasm: requested explicitly |');
    expect(report).toContain('| resumed | 1 time(s): 2099-01-01T01:00:00.000Z |');
    expect(report).toContain('## Claims\n\n1 reproduced, 0 not reproduced, 1 inconclusive.');
    expect(report).toContain(
      "| acc | accuracy above 0.8 | Table 1: 0.85 | 0.9 | — (study's own rule) | — | reproduced |",
    );
    expect(report).toContain('How a verdict is decided');
    expect(report).toContain('| steps | 100 | 1000 | preset default |');
    expect(report).toContain('| width | 8 | 8 | paper |');
    expect(report).toContain('| opt.lr | 0.01 | 0.001 | --set |');
    expect(report).toContain('Preset `default`, with --set opt.lr=0.01.');
    expect(report.trimEnd().endsWith('## Extra figure\n\n![loss](loss.svg)')).toBe(true);
  });

  test("a section placed 'top' comes before the claims; others after the config", () => {
    const health = report.indexOf('## Health checks');
    expect(health).toBeGreaterThan(report.indexOf('| node |'));
    expect(health).toBeLessThan(report.indexOf('## Claims'));
    expect(report.indexOf('## Extra figure')).toBeGreaterThan(report.indexOf('## Config'));
  });
});
