// Strict input (issue 18 point 4): each bad input is an InputFileError naming the file, line and
// column, and the commands write nothing. The shipped networks still parse (bif.test.ts).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseBif, rowSumTolerance } from '../src/bif.js';
import { runAmendCli } from '../src/cli/amend.js';
import { runDiscoverCli } from '../src/cli/discover.js';
import { continuousFromCsv, discreteFromCsv } from '../src/data-csv.js';
import { declaredFromNetwork, parseLevelsJson } from '../src/declared-levels.js';
import { parseAnswerCsv } from '../src/expert-replay.js';
import { parseEdgesFile } from '../src/graph-format.js';
import { InputFileError } from '../src/input-file-error.js';
import { loadNetwork, networkNames } from '../src/oracle.js';

/** The InputFileError `parse` throws, as [file, line, column, message]. */
function failure(parse: () => unknown): [string, number, number, string] {
  try {
    parse();
  } catch (error) {
    if (error instanceof InputFileError) return [error.file, error.line, error.column, error.message];
    throw error;
  }
  throw new Error('expected an InputFileError, nothing was thrown');
}

const header = [
  'network x {', // 1
  '}', // 2
  'variable a {', // 3
  '  type discrete [ 2 ] { y, n };', // 4
  '}', // 5
  'variable b {', // 6
  '  type discrete [ 2 ] { y, n };', // 7
  '}', // 8
  'variable c {', // 9
  '  type discrete [ 2 ] { y, n };', // 10
  '}', // 11
];
const bif = (...blocks: string[]) => `${[...header, ...blocks].join('\n')}\n`;
const root = (name: string, row = 'table 0.5, 0.5;') => `probability ( ${name} ) {\n  ${row}\n}`;
const child = (name: string, parent: string, rows = ['(y) 0.1, 0.9;', '(n) 0.2, 0.8;']) =>
  `probability ( ${name} | ${parent} ) {\n${rows.map((r) => `  ${r}`).join('\n')}\n}`;

describe('BIF', () => {
  test('a CPT row that does not sum to 1: 0.3, 0.3 (the issue: it sampled as 0.297)', () => {
    // Line 13 is '  table 0.3, 0.3;': the numbers start at column 9.
    const [file, line, column, message] = failure(() =>
      parseBif(bif(root('a', 'table 0.3, 0.3;'), root('b'), root('c')), 'x.bif'),
    );
    expect([file, line, column]).toEqual(['x.bif', 13, 9]);
    expect(message).toMatch(
      /probabilities of 'a' summing to 1 \(within 0.000001\), found '0.3, 0.3 \(sum 0.6\)'/,
    );
  });
  test('a keyed row 5, 7 (the issue: it sampled as 1.0) names its row and column', () => {
    const text = bif(root('a'), child('b', 'a', ['(y) 0.1, 0.9;', '(n) 5, 7;']), root('c'));
    // Lines 12–14 hold a's block, 15 b's header, 16 '(y) …'; line 17 is '  (n) 5, 7;': '5' is at column 7.
    expect(failure(() => parseBif(text, 'x.bif')).slice(0, 3)).toEqual(['x.bif', 17, 7]);
  });
  test(`a row off by more than ${rowSumTolerance} fails, one off by less parses`, () => {
    expect(() => parseBif(bif(root('a', 'table 0.5, 0.500002;'), root('b'), root('c')))).toThrow(
      /summing to 1/,
    );
    expect(parseBif(bif(root('a', 'table 0.5, 0.5000005;'), root('b'), root('c'))).nodes).toHaveLength(3);
  });
  test('a directed cycle names its nodes, in arc order', () => {
    // Parents c → a, a → b, b → c.
    const text = bif(child('a', 'c'), child('b', 'a'), child('c', 'b'));
    const [file, line, , message] = failure(() => parseBif(text, 'x.bif'));
    expect([file, line]).toEqual(['x.bif', 12]); // the header of a's block, which closes the cycle
    expect(message).toMatch(
      /expected an acyclic network \(a DAG\), found 'the directed cycle a → b → c → a'/,
    );
  });
  test('a self-loop names the parent column', () => {
    const headerLine = 'probability ( a | a ) {';
    const text = bif(`${headerLine}\n  (y) 0.1, 0.9;\n  (n) 0.2, 0.8;\n}`, root('b'), root('c'));
    const [, line, column, message] = failure(() => parseBif(text, 'x.bif'));
    expect([line, column]).toEqual([12, headerLine.lastIndexOf('a') + 1]);
    expect(message).toMatch(/a parent other than 'a' itself \(a self-loop\)/);
  });
  test('a duplicate parent names the second one', () => {
    const headerLine = 'probability ( b | a, a ) {';
    const text = bif(root('a'), `${headerLine}\n  (y, y) 0.1, 0.9;\n}`, root('c'));
    const [, line, column, message] = failure(() => parseBif(text, 'x.bif'));
    expect([line, column]).toEqual([15, headerLine.lastIndexOf('a') + 1]);
    expect(message).toMatch(/each parent once \('a' repeats\)/);
  });
  test('a duplicate CPT row names the earlier line', () => {
    const text = bif(root('a'), child('b', 'a', ['(y) 0.1, 0.9;', '(y) 0.2, 0.8;']), root('c'));
    const [, line, column, message] = failure(() => parseBif(text, 'x.bif'));
    expect([line, column]).toEqual([17, 3]);
    expect(message).toMatch(/one row per parent configuration of 'b' \(this one is also at line 16\)/);
  });
  test('a second table row of a root is a duplicate row', () => {
    const text = bif(`probability ( a ) {\n  table 0.5, 0.5;\n  table 0.4, 0.6;\n}`, root('b'), root('c'));
    expect(failure(() => parseBif(text, 'x.bif')).slice(1, 3)).toEqual([14, 3]);
  });
  test('an empty file', () => {
    const [file, line, column, message] = failure(() => parseBif('  \n\n', 'empty.bif'));
    expect([file, line, column]).toEqual(['empty.bif', 1, 1]);
    expect(message).toMatch(/found '<empty file>'/);
  });
  test('a state declared twice', () => {
    const text = bif(root('a'), root('b'), root('c')).replace('{ y, n }', '{ y, y }');
    const [, line, column] = failure(() => parseBif(text, 'x.bif'));
    expect([line, column]).toEqual([4, '  type discrete [ 2 ] { y, y }'.lastIndexOf('y') + 1]);
  });
  test.each(networkNames)('shipped %s: every CPT row sums to 1 within the tolerance', (name) => {
    const net = loadNetwork(name);
    for (const node of net.nodes) {
      const k = node.states.length;
      for (let r = 0; r < node.cpt.length / k; r++) {
        const sum = node.cpt.subarray(r * k, (r + 1) * k).reduce((s, v) => s + v, 0);
        expect(Math.abs(sum - 1)).toBeLessThanOrEqual(rowSumTolerance);
      }
    }
  });
});

describe('data CSV', () => {
  test('an empty cell is an error, never a 0', () => {
    const [file, line, column, message] = failure(() => discreteFromCsv('a,b,c\n0,1,0\n1,,0\n', 'd.csv'));
    expect([file, line, column]).toEqual(['d.csv', 3, 3]);
    expect(message).toMatch(/expected a state code of 'b' \(an integer from 0 to 254\), found ''/);
    expect(failure(() => continuousFromCsv('a,b\n0.5,1.5\n2.5,\n', 'g.csv')).slice(1, 3)).toEqual([3, 5]);
  });
  test('a non-numeric cell', () => {
    const [, line, column, message] = failure(() => continuousFromCsv('a,b\n0.5,1.5\n2.5,abc\n', 'g.csv'));
    expect([line, column]).toEqual([3, 5]);
    expect(message).toMatch(/expected a number for 'b', found 'abc'/);
    expect(failure(() => discreteFromCsv('a,b\n0,1\n1,x\n', 'd.csv')).slice(1, 3)).toEqual([3, 3]);
  });
  test('a code beyond the declared states, and a state name that is not declared', () => {
    const declared = declaredFromNetwork(loadNetwork('asia'), 'asia.bif');
    const [, line, column, message] = failure(() =>
      discreteFromCsv('asia,tub\n0,1\n2,0\n', 'd.csv', declared),
    );
    expect([line, column]).toEqual([3, 1]);
    expect(message).toMatch(/an integer from 0 to 1, as declared in asia.bif/);
    expect(failure(() => discreteFromCsv('asia,tub\nyes,no\nmaybe,no\n', 'd.csv', declared))[3]).toMatch(
      /expected a state of 'asia' \(one of yes, no\), found 'maybe'/,
    );
  });
  test('a column the network does not have', () => {
    const declared = declaredFromNetwork(loadNetwork('asia'), 'asia.bif');
    expect(failure(() => discreteFromCsv('asia,weather\n0,1\n', 'd.csv', declared)).slice(1, 3)).toEqual([
      1, 6,
    ]);
  });
  test('an empty file, a header alone, a short row and a repeated column name', () => {
    expect(failure(() => discreteFromCsv('', 'd.csv'))[3]).toMatch(/found '<empty file>'/);
    expect(failure(() => discreteFromCsv('a,b\n', 'd.csv')).slice(1, 4)).toEqual([
      2,
      1,
      expect.stringMatching(/at least one data row/),
    ]);
    expect(failure(() => discreteFromCsv('a,b\n0,1\n0\n', 'd.csv')).slice(1, 3)).toEqual([3, 1]);
    expect(failure(() => discreteFromCsv('a,b,a\n0,1,0\n', 'd.csv')).slice(1, 3)).toEqual([1, 5]);
  });
  test('a levels JSON entry that is not a count or a list of states', () => {
    const text = '{\n  "a": 2,\n  "b": 0\n}';
    const [, line, column, message] = failure(() => parseLevelsJson(text, 'levels.json'));
    expect([line, column]).toEqual([3, 3]);
    expect(message).toMatch(/an integer from 1 to 255 or a list of distinct state names/);
  });
});

describe('answers and edges files', () => {
  const answersHeader = 'var_a,var_b,p_a_causes_b,p_b_causes_a';
  test('a missing probability (the issue: read as 0)', () => {
    const [file, line, column, message] = failure(() =>
      parseAnswerCsv(`${answersHeader}\nAge,DrivingSkill,,1\n`, 'a.csv'),
    );
    expect([file, line, column]).toEqual(['a.csv', 2, 18]);
    expect(message).toMatch(/p_a_causes_b is missing/);
  });
  test('an empty answers file', () => {
    expect(failure(() => parseAnswerCsv('', 'a.csv'))[3]).toMatch(/found '<empty file>'/);
  });
  test('an edges file: empty, a self-loop, a pair twice', () => {
    expect(failure(() => parseEdgesFile('\n', 'g.edges'))[3]).toMatch(/<empty file>/);
    expect(failure(() => parseEdgesFile('a -> b\nb -> b\n', 'g.edges')).slice(1, 3)).toEqual([2, 6]);
    expect(failure(() => parseEdgesFile('a -> b\nb -- a\n', 'g.edges'))[3]).toMatch(/also at line 1/);
  });
});

describe('the commands write nothing on bad input', () => {
  const work = mkdtempSync(join(tmpdir(), 'strict-input-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const quiet = () => {
    const output = { stdout: '', stderr: '' };
    return {
      output,
      sink: {
        stdout: (t: string) => {
          output.stdout += t;
        },
        stderr: (t: string) => {
          output.stderr += t;
        },
      },
    };
  };

  test('discover on a CSV with an empty cell: exit 2, the error names file, line and column, no output file', async () => {
    const csv = join(work, 'bad.csv');
    writeFileSync(csv, 'a,b\n0,1\n1,\n');
    const out = join(work, 'bad.edges');
    const { output, sink } = quiet();
    const code = await runDiscoverCli(
      ['--data', csv, '--test', 'g2-pcalg', '--alpha', '0.05', '--format', 'edges', '--out', out],
      sink,
    );
    expect(code).toBe(2);
    expect(output.stderr).toContain(`${csv} line 3: expected a state code of 'b'`);
    expect(output.stderr).toContain('(column 3)');
    expect(existsSync(out)).toBe(false);
  });
  test('amend with an answers file missing a probability: exit 2, no output file', async () => {
    const cpdag = join(work, 'chain.edges');
    writeFileSync(cpdag, 'a -- b\nb -- c\n');
    const answers = join(work, 'answers.csv');
    writeFileSync(answers, 'var_a,var_b,p_a_causes_b,p_b_causes_a\na,b,0.9,\n');
    const out = join(work, 'amended.edges');
    const { output, sink } = quiet();
    const code = await runAmendCli(
      ['--cpdag', cpdag, '--expert', `answers:${answers}`, '--eta', '0.1', '--format', 'edges', '--out', out],
      sink,
    );
    expect(code).toBe(2);
    expect(output.stderr).toMatch(/line 2: expected .*p_b_causes_a is missing/);
    expect(existsSync(out)).toBe(false);
    expect(readFileSync(answers, 'utf8')).toContain('a,b,0.9,'); // inputs untouched
  });
});
