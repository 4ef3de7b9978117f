// The three-student robustness table (issue 17 point 2): rows agree only when every verdict does,
// runs that differ in anything but the student are refused, criterion 11 reads train tasks only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClaimResult } from 'lab';
import { afterAll, describe, expect, test } from 'vitest';
import {
  checkComparable,
  criterion11Rows,
  oracleStudentScores,
  robustnessMarkdown,
  robustnessRows,
  type StudentRun,
} from '../src/robustness/robustness.js';
import { robustnessCli } from '../src/robustness/robustness-cli.js';
import type { StudentVariant } from '../src/student/variant.js';

function claim(id: string, verdict: ClaimResult['verdict'], estimate: number): ClaimResult {
  return {
    id,
    statement: id,
    paper: '',
    measured: '',
    verdict,
    rule: 'lab',
    effect: {
      quantity: 'q',
      estimate,
      ci: [estimate - 0.01, estimate + 0.01],
      unit: 'u',
      n: 10,
      smallest: 0.05,
    },
    gates: [],
    decision: '',
  };
}

function run(
  variant: StudentVariant,
  verdicts: ClaimResult['verdict'][],
  settings = [['a', '1']],
): StudentRun {
  return {
    runDir: `/r/${variant}`,
    variant,
    preset: variant === 'attention' ? 'default' : `students-${variant}`,
    commit: 'abc1234',
    settings: new Map(settings as [string, string][]),
    claims: verdicts.map((v, i) => claim(`C${i + 1}`, v, 0.1)),
    oracle: { offlineExact: 0.92, onlineSr: 0.65 },
  };
}

describe('robustness table', () => {
  test('a claim is "same in all" only when every student gives its verdict', () => {
    const rows = robustnessRows([
      run('detectors', ['reproduced', 'reproduced']),
      run('plain', ['reproduced', 'inconclusive']),
      run('attention', ['reproduced', 'reproduced']),
    ]);
    expect(rows.map((r) => r['same in all'])).toEqual(['yes: reproduced', 'no']);
    expect(rows[1]?.plain).toBe('inconclusive: 0.100 [0.090, 0.110]');
    expect(rows[0]?.δ).toBe(0.05);
  });

  test('runs differing in anything but the student are refused, naming the key', () => {
    expect(() =>
      checkComparable([run('detectors', [], [['sft.epochs', '8']]), run('plain', [], [['sft.epochs', '4']])]),
    ).toThrow(/sft\.epochs/);
    expect(() => checkComparable([run('plain', []), run('plain', [])])).toThrow(/each student once/);
    expect(() => checkComparable([run('plain', []), run('attention', [])])).not.toThrow();
  });

  test('criterion 11 marks each bar met or missed', () => {
    const [row] = criterion11Rows([run('attention', [])]);
    expect(Object.values(row ?? {})).toEqual([
      'attention',
      'default/attention (abc1234)',
      '92.0 % ✓',
      '65.0 % ✗',
    ]);
  });

  test('the markdown orders students detectors, plain, attention', () => {
    const text = robustnessMarkdown([run('attention', ['reproduced']), run('detectors', ['reproduced'])]);
    expect(text).toMatch(/\| claim \| δ \| detectors \| attention \| same in all \|/);
  });

  test('criterion 11 scores: the final oracle student on train tasks only, in the evaluation mode', () => {
    const units = {
      offline: [
        {
          config: 'oracle',
          ckpt: 'final',
          traces: 'oracle',
          task: 't',
          steps: 10,
          exact: 9,
          valid: 9,
          thought: 0,
          thoughtSteps: 0,
        },
        {
          config: 'oracle',
          ckpt: 'final',
          traces: 'oracle',
          task: 'held',
          steps: 10,
          exact: 0,
          valid: 0,
          thought: 0,
          thoughtSteps: 0,
        },
        {
          config: 'oracle',
          ckpt: '1',
          traces: 'oracle',
          task: 't',
          steps: 10,
          exact: 0,
          valid: 0,
          thought: 0,
          thoughtSteps: 0,
        },
      ] as const,
      episodes: [
        { config: 'oracle', ckpt: 'final', evalMode: 'think', task: 't', seed: 1, success: 1, steps: 2 },
        { config: 'oracle', ckpt: 'final', evalMode: 'think', task: 't', seed: 2, success: 0, steps: 2 },
        { config: 'oracle', ckpt: 'final', evalMode: 'act', task: 't', seed: 1, success: 0, steps: 2 },
        { config: 'oracle', ckpt: 'final', evalMode: 'think', task: 'held', seed: 1, success: 0, steps: 2 },
      ],
      offpolicy: [],
    };
    expect(oracleStudentScores(units, ['t'], 'think')).toEqual({ offlineExact: 0.9, onlineSr: 0.5 });
  });
});

describe('robustness CLI', () => {
  const root = mkdtempSync(join(tmpdir(), 'robustness-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('without run folders it names the student presets that have no finished run', async () => {
    const errors: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => errors.push(chunk) > 0) as typeof process.stderr.write;
    try {
      expect(await robustnessCli([], root)).toBe(2);
      expect(await robustnessCli(['--bogus'], root)).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(errors[0]).toMatch(/students-detectors, students-plain, default/);
    expect(errors[1]).toMatch(/--bogus.*valid flags: --out FILE/s);
  });
});
