// The discover and amend commands (issue 18 points 2–3), run in-process through their main
// functions. Acceptance: on every shared peer fixture (asia, sachs, child; both α; G² in pcalg
// mode and Fisher-z), `discover … --network <its bif> --format edges` equals pcalg's file edge for
// edge, in the same order, and in its test count.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseBif } from '../src/bif.js';
import { chiSquareUpper } from '../src/chi-square.js';
import { DiscreteCiTest } from '../src/ci-tests.js';
import { runAmendCli } from '../src/cli/amend.js';
import { runDiscoverCli } from '../src/cli/discover.js';
import { discreteFromCsv } from '../src/data-csv.js';
import { declaredFromNetwork } from '../src/declared-levels.js';
import { discoverGraph } from '../src/discovery.js';
import { graphJson, parseEdgesFile } from '../src/graph-format.js';
import { dataDir } from '../src/oracle.js';
import { fixtureNtests } from '../src/pc-sweep.js';

const fixtures = join(dataDir, 'peer-fixtures');
const bifs = join(dataDir, 'bif');
const work = mkdtempSync(join(tmpdir(), 'discover-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a command's main with captured output. */
async function run(main: typeof runDiscoverCli, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

const edgeLines = (text: string) => text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));

const cases = [
  ...['asia', 'sachs', 'child'].flatMap((network) =>
    [0.01, 0.05].map((alpha) => ({
      network,
      alpha,
      test: 'g2-pcalg',
      data: `${network}_discrete_n5000_seed20231.csv`,
      peer: `${network}_discrete_pcalg_pc_G2_a${alpha}.txt`,
    })),
  ),
  ...[0.01, 0.05].map((alpha) => ({
    network: 'child',
    alpha,
    test: 'fisherz',
    data: 'child_gauss_n5000_seed20232.csv',
    peer: `child_gauss_pcalg_pc_fisherz_a${alpha}.txt`,
  })),
];

describe('discover on the peer fixtures equals pcalg (8/8)', () => {
  test.each(cases)(
    '$network $test alpha=$alpha',
    async ({ network, alpha, test: ciTest, data, peer }) => {
      const out = join(work, `${peer}.edges`);
      const result = await run(runDiscoverCli, [
        '--data',
        join(fixtures, data),
        '--network',
        join(bifs, `${network}.bif`),
        '--test',
        ciTest,
        '--alpha',
        String(alpha),
        '--format',
        'edges',
        '--out',
        out,
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const ours = readFileSync(out, 'utf8');
      const theirs = readFileSync(join(fixtures, peer), 'utf8');
      expect(edgeLines(ours)).toEqual(edgeLines(theirs));
      expect(parseEdgesFile(ours, out).ntests).toBe(fixtureNtests(theirs.split('\n')[0]!, peer));
    },
    120_000,
  );
});

describe('declared state counts through the CLI (pcalg uses the declared nlev)', () => {
  // a = b in every row (8 × 0, 7 × 1); c copies them too but declares a third state that never
  // occurs. n = 15, pcalg's G² returns p = 1 when n < 10·df.
  // Observed levels (2, 2, 2): level 0 keeps all 6 ordered pairs (df 1, 15 ≥ 10: dependent);
  // level 1 removes a–b | c, a–c | b, b–c | a (df 2, 15 < 20: p = 1): 6 + 3 = 9 tests, no edge.
  // Declared (2, 2, 3): (a, b) df 1 is tested and kept, (a, c) df 2 goes at once, (b, a) kept,
  // (b, c) goes; level 1 has no neighbour left to condition on: 4 tests, the edge a–b.
  const rows = ['a,b,c', ...Array.from({ length: 15 }, (_, i) => (i < 8 ? '0,0,0' : '1,1,1'))].join('\n');
  const csv = join(work, 'copies.csv');
  writeFileSync(csv, `${rows}\n`);
  const discover = async (extra: string[], out: string) =>
    run(runDiscoverCli, [
      '--data',
      csv,
      '--test',
      'g2-pcalg',
      '--alpha',
      '0.05',
      '--format',
      'edges',
      '--out',
      out,
      ...extra,
    ]);

  test('without a declaration: 9 tests and no edge', async () => {
    const out = join(work, 'observed.edges');
    expect((await discover([], out)).code).toBe(0);
    const file = parseEdgesFile(readFileSync(out, 'utf8'), out);
    expect([file.ntests, edgeLines(readFileSync(out, 'utf8'))]).toEqual([9, []]);
  });
  test('with c declared 3 states (--levels): 4 tests and the edge a -- b', async () => {
    const levels = join(work, 'levels.json');
    writeFileSync(levels, JSON.stringify({ c: ['low', 'mid', 'high'] }));
    const out = join(work, 'declared.edges');
    const result = await discover(['--levels', levels], out);
    expect(result.code).toBe(0);
    const file = parseEdgesFile(readFileSync(out, 'utf8'), out);
    expect([file.ntests, edgeLines(readFileSync(out, 'utf8'))]).toEqual([4, ['a -- b']]);
  });
  test('--adapt-df is accepted with g2-pcalg only', async () => {
    const out = join(work, 'adapt.edges');
    const bad = await discover(['--adapt-df', '--test', 'x2'], out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--adapt-df: is pcalg's option of its G² test; valid only with --test g2-pcalg, not x2/,
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('formats and the amend command', () => {
  const asiaData = join(fixtures, 'asia_discrete_n5000_seed20231.csv');
  const asiaBif = join(bifs, 'asia.bif');
  const discoverAsia = (format: string, out: string) =>
    run(runDiscoverCli, [
      '--data',
      asiaData,
      '--network',
      asiaBif,
      '--test',
      'g2-pcalg',
      '--alpha',
      '0.01',
      '--format',
      format,
      '--out',
      out,
    ]);

  test('json, dot and svg hold every node and the same edges', async () => {
    const outs = Object.fromEntries(['json', 'dot', 'svg'].map((f) => [f, join(work, `asia.${f}`)]));
    for (const [format, out] of Object.entries(outs)) expect((await discoverAsia(format, out)).code).toBe(0);
    const json = JSON.parse(readFileSync(outs.json!, 'utf8'));
    expect(json.nodes).toHaveLength(8);
    expect(json.ntests).toBe(141);
    expect([json.arcs.length, json.edges.length]).toEqual([2, 3]);
    expect(readFileSync(outs.dot!, 'utf8')).toContain('"bronc" -> "dysp" [dir=none];');
    const svg = readFileSync(outs.svg!, 'utf8');
    for (const node of json.nodes) expect(svg).toContain(`<title>${node}</title>`);
    expect(svg).toContain('<title>lung&#45;&gt;either</title>');
  });

  test('--vstruct and --solve-conflicts reach PC: the JSON equals the library run with the same handling', async () => {
    const out = join(work, 'sachs-conservative.json');
    const data = join(fixtures, 'sachs_discrete_n5000_seed20231.csv');
    const sachsBif = join(bifs, 'sachs.bif');
    const result = await run(runDiscoverCli, [
      '--data',
      data,
      '--network',
      sachsBif,
      '--test',
      'g2-pcalg',
      '--alpha',
      '0.05',
      '--vstruct',
      'conservative',
      '--solve-conflicts',
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    const declared = declaredFromNetwork(parseBif(readFileSync(sachsBif, 'utf8')), 'sachs.bif');
    const library = discoverGraph(
      { kind: 'discrete', data: discreteFromCsv(readFileSync(data, 'utf8'), 'sachs.csv', declared) },
      { test: 'g2-pcalg', alpha: 0.05, conflicts: { vstructRule: 'conservative', solveConflicts: true } },
    );
    const expected = graphJson(library.pdag);
    expect([json.arcs, json.edges, json.ambiguousTriples]).toEqual([
      expected.arcs,
      expected.edges,
      library.ambiguous.length,
    ]);
    expect(result.stdout).toMatch(/orientation conservative solve\.confl: \d+ ambiguous triples/);
    const bad = await run(runDiscoverCli, [
      '--data',
      data,
      '--test',
      'g2-pcalg',
      '--alpha',
      '0.05',
      '--vstruct',
      'maj',
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(bad.stderr).toMatch(/--vstruct: 'maj' is not valid; use one of relaxed, conservative, majority/);
  });

  test('amend with an ε-expert writes the amended class and the chosen DAG', async () => {
    const cpdag = join(work, 'asia-for-amend.edges');
    await discoverAsia('edges', cpdag);
    const out = join(work, 'asia-amended.edges');
    const result = await run(runAmendCli, [
      '--cpdag',
      cpdag,
      '--expert',
      'epsilon:0',
      '--network',
      asiaBif,
      '--eta',
      '0.1',
      '--format',
      'edges',
      '--out',
      out,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // ε = 0 answers every edge as the truth orients it; the kept class is the one DAG with the true arcs.
    expect(edgeLines(readFileSync(join(work, 'asia-amended.dag.edges'), 'utf8'))).toEqual([
      'bronc -> dysp',
      'lung -> either',
      'smoke -> bronc',
      'smoke -> lung',
      'tub -> either',
    ]);
    expect(result.stdout).toMatch(/kept 1 of 4/);
  });

  test('amend with an answers file; a pair the file lacks is a clear error and nothing is written', async () => {
    const cpdag = join(work, 'asia-for-answers.edges');
    await discoverAsia('edges', cpdag);
    const answers = join(work, 'answers.csv');
    writeFileSync(
      answers,
      'var_a,var_b,p_a_causes_b,p_b_causes_a\nbronc,dysp,0.9,0.1\nsmoke,bronc,0.8,0.2\n',
    );
    const out = join(work, 'answers-amended.json');
    const result = await run(runAmendCli, [
      '--cpdag',
      cpdag,
      '--expert',
      `answers:${answers}`,
      '--eta',
      '0.1',
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/has no answer for the undirected edge smoke -- lung/);
    expect(existsSync(out)).toBe(false);
    writeFileSync(answers, `${readFileSync(answers, 'utf8')}lung,smoke,0.3,0.7\n`);
    const ok = await run(runAmendCli, [
      '--cpdag',
      cpdag,
      '--expert',
      `answers:${answers}`,
      '--eta',
      '0.1',
      '--format',
      'json',
      '--out',
      out,
    ]);
    expect(ok.code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.arcs).toContainEqual(['bronc', 'dysp']);
    expect(json.confidence).toBeGreaterThanOrEqual(0.9);
  });

  test('a PDAG that is not a CPDAG is amended through its Dor–Tarsi extension, and the output says so', async () => {
    // a -> b -- c: the arc a -> b is compelled by nothing, so CPDAG(extension) is a -- b -- c.
    const pdag = join(work, 'not-cpdag.edges');
    writeFileSync(pdag, 'a -> b\nb -- c\n');
    const out = join(work, 'not-cpdag-amended.edges');
    const answers = join(work, 'chain-answers.csv');
    writeFileSync(answers, 'var_a,var_b,p_a_causes_b,p_b_causes_a\na,b,0.95,0.05\nb,c,0.95,0.05\n');
    const result = await run(runAmendCli, [
      '--cpdag',
      pdag,
      '--expert',
      `answers:${answers}`,
      '--eta',
      '0.2',
      '--format',
      'edges',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/not a CPDAG: extended it to a DAG with extendPdagToDag \(Dor–Tarsi\)/);
    expect(result.stdout).toMatch(/arcs left undirected by it: a -> b/);
  });

  test('a PDAG with no consistent extension fails clearly and writes nothing', async () => {
    // A directed cycle a -> b -> c -> a: no DAG contains these arcs.
    const pdag = join(work, 'cyclic.edges');
    writeFileSync(pdag, 'a -> b\nb -> c\nc -> a\n');
    const out = join(work, 'cyclic-amended.edges');
    const answers = join(work, 'none.csv');
    writeFileSync(answers, 'var_a,var_b,p_a_causes_b,p_b_causes_a\na,b,0.5,0.5\n');
    const result = await run(runAmendCli, [
      '--cpdag',
      pdag,
      '--expert',
      `answers:${answers}`,
      '--eta',
      '0.1',
      '--format',
      'edges',
      '--out',
      out,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no consistent extension \(Dor–Tarsi\)/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("pcalg's adaptDF on the G² test, by hand", () => {
  // x, y, s binary; 10 rows each of (x, y, s) = (0,0,0), (1,1,0), (0,0,1), (0,1,1); n = 40.
  // Table over s: s = 0 has cells (0,0) = (1,1) = 10 and two zeros; s = 1 has (0,0) = (0,1) = 10
  // and two zeros. G² = 2·(10 ln 2 + 10 ln 2 + 0 + 0) = 40 ln 2. df = 1·1·2 = 2; adapted:
  // max(2 − 4 zeros − 4·(2¹ − 2), 1) = 1.
  const rows = [
    ...Array(10).fill([0, 0, 0]),
    ...Array(10).fill([1, 1, 0]),
    ...Array(10).fill([0, 0, 1]),
    ...Array(10).fill([0, 1, 1]),
  ].flat();
  const data = (levels: number[]) => ({
    names: ['x', 'y', 's'],
    n: 40,
    d: 3,
    values: Uint8Array.from(rows),
    levels,
  });

  test('binary S: df 2 → 1, the p-value read with df 1', () => {
    const plain = new DiscreteCiTest(data([2, 2, 2]), 'g2-pcalg').details(0, 1, [2]);
    const adapted = new DiscreteCiTest(data([2, 2, 2]), 'g2-pcalg', { adaptDf: true }).details(0, 1, [2]);
    expect(plain.statistic).toBeCloseTo(40 * Math.LN2, 10);
    expect([plain.df, adapted.df]).toEqual([2, 1]);
    expect(adapted.pValue).toBeCloseTo(chiSquareUpper(40 * Math.LN2, 1), 12);
  });
  test("a declared third state of s: 8 zero cells and pcalg's −4·(3 − 2) term give max(3 − 4, 1) = 1", () => {
    // pcalg's table spans all 3 declared strata (|S| ≤ 4): 2·2·3 − 4 non-zero = 8 zeros; 4·(2¹ − 3) = −4.
    expect(new DiscreteCiTest(data([2, 2, 3]), 'g2-pcalg', { adaptDf: true }).details(0, 1, [2]).df).toBe(1);
    expect(new DiscreteCiTest(data([2, 2, 3]), 'g2-pcalg').details(0, 1, [2]).df).toBe(3);
  });
  test('|S| = 0 is not adapted (pcalg adapts only with a conditioning set)', () => {
    // x, y declared with 3 levels: df = 2·2 = 4 (n = 40 ≥ 40), 6 of the 9 cells are zero; adapting
    // would give max(4 − 6, 1) = 1.
    expect(new DiscreteCiTest(data([3, 3, 2]), 'g2-pcalg', { adaptDf: true }).details(0, 1, []).df).toBe(4);
  });
  test('the n < 10·df rule reads the unadapted df', () => {
    // With 3 declared levels for x and y: df = 2·2·2 = 8, n = 40 < 80: p = 1 without a statistic.
    const details = new DiscreteCiTest(data([3, 3, 2]), 'g2-pcalg', { adaptDf: true }).details(0, 1, [2]);
    expect([details.computed, details.pValue, details.df]).toEqual([false, 1, 8]);
  });
});
