import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { chiSquareUpper, gammaQ, normalTwoSided } from '../src/chi-square.js';
import { correlationMatrix, DiscreteCiTest, fisherZPValue, partialCorrelation } from '../src/ci-tests.js';
import { cpdagOf } from '../src/cpdag.js';
import { DSeparationOracle, dSeparated } from '../src/dsep.js';
import { dagFromArcs, dagFromBayesNet } from '../src/graph.js';
import { dataDir, loadNetwork, networkNames } from '../src/oracle.js';
import { pdagShd } from '../src/pc-metrics.js';
import { pcStable } from '../src/pc-stable.js';
import { type FixtureRow, fixtureNtests, runFixtureComparison } from '../src/pc-sweep.js';
import { discreteFromCsv } from '../src/sampler.js';

describe('incomplete gamma and tails against tabulated quantiles', () => {
  test.each([
    [3.841459, 1, 0.05],
    [6.634897, 1, 0.01],
    [5.991465, 2, 0.05],
    [11.0705, 5, 0.05],
    [23.20925, 10, 0.01],
    [124.3421, 100, 0.05],
    [0.1015308, 1, 0.75],
  ])('P(χ²_%s... > %s | df=%s) = %s', (x, df, p) => {
    expect(chiSquareUpper(x, df)).toBeCloseTo(p, 5);
  });
  test('normal tails: 1.959964 → 0.05, 2.575829 → 0.01, 0 → 1', () => {
    expect(normalTwoSided(1.959964)).toBeCloseTo(0.05, 6);
    expect(normalTwoSided(2.575829)).toBeCloseTo(0.01, 6);
    expect(normalTwoSided(0)).toBe(1);
  });
  test('Q(1, x) = e^{−x} and bad input is rejected', () => {
    expect(gammaQ(1, 2.5)).toBeCloseTo(Math.exp(-2.5), 12);
    expect(() => gammaQ(-1, 1)).toThrow(/needs a > 0/);
  });
});

describe('CI tests by hand', () => {
  test('G² and X² on a 2×2 table', () => {
    // rows (x, y): (0,0)×30, (0,1)×10, (1,0)×10, (1,1)×30; n = 80, all margins 40, E = 20.
    const values: number[] = [];
    const add = (x: number, y: number, count: number) => {
      for (let i = 0; i < count; i++) values.push(x, y);
    };
    add(0, 0, 30);
    add(0, 1, 10);
    add(1, 0, 10);
    add(1, 1, 30);
    const data = { names: ['x', 'y'], n: 80, d: 2, values: Uint8Array.from(values), levels: [2, 2] };
    const g2 = 2 * (2 * 30 * Math.log(30 / 20) + 2 * 10 * Math.log(10 / 20));
    expect(new DiscreteCiTest(data, 'g2-bnlearn').statistic(0, 1, [])).toBeCloseTo(g2, 10);
    expect(new DiscreteCiTest(data, 'x2').statistic(0, 1, [])).toBeCloseTo((4 * (10 * 10)) / 20, 10);
    // pcalg's rule: n = 80 ≥ 10·df = 10, so the p-value is computed
    expect(new DiscreteCiTest(data, 'g2-pcalg').pValue(0, 1, [])).toBeCloseTo(chiSquareUpper(g2, 1), 12);
    const small = { ...data, n: 8, values: Uint8Array.from(values.slice(0, 16)) };
    expect(new DiscreteCiTest(small, 'g2-pcalg').pValue(0, 1, [])).toBe(1); // n = 8 < 10·df
  });
  test('Fisher-z: partial correlations of order 1 and 2 agree with the precision-matrix formula', () => {
    const corr = Float64Array.from([
      1, 0.5, 0.3, 0.2, 0.5, 1, 0.4, 0.1, 0.3, 0.4, 1, 0.25, 0.2, 0.1, 0.25, 1,
    ]);
    const order1 = partialCorrelation(corr, 4, 0, 1, [2]);
    expect(order1).toBeCloseTo((0.5 - 0.3 * 0.4) / Math.sqrt((1 - 0.09) * (1 - 0.16)), 12);
    const order2 = partialCorrelation(corr, 4, 0, 1, [2, 3]);
    const viaRecursion = (() => {
      const r = (a: number, b: number) => partialCorrelation(corr, 4, a, b, [2]);
      return (r(0, 1) - r(0, 3) * r(1, 3)) / Math.sqrt((1 - r(0, 3) ** 2) * (1 - r(1, 3) ** 2));
    })();
    expect(order2).toBeCloseTo(viaRecursion, 12);
    const z = Math.sqrt(100 - 1 - 3) * Math.atanh(order1);
    expect(fisherZPValue(order1, 100, 1)).toBeCloseTo(normalTwoSided(z), 12);
  });
});

describe('d-separation oracle', () => {
  test('chain, fork and collider', () => {
    const dag = dagFromArcs(
      ['a', 'b', 'c', 'd'],
      [
        [0, 1],
        [1, 2],
        [0, 3],
        [2, 3],
      ],
    );
    expect(dSeparated(dag, 0, 2, [1])).toBe(true);
    expect(dSeparated(dag, 0, 2, [])).toBe(false);
    expect(dSeparated(dag, 1, 3, [0, 2])).toBe(true);
    expect(dSeparated(dag, 0, 2, [1, 3])).toBe(false); // conditioning on the collider d opens a→d←c
  });
  test.each(networkNames)('%s: PC with the oracle returns CPDAG(G*) exactly', (name) => {
    const dag = dagFromBayesNet(loadNetwork(name));
    const result = pcStable(new DSeparationOracle(dag), dag.names, 0.5);
    expect(pdagShd(result.pdag, cpdagOf(dag))).toBe(0);
  });
});

describe('PC-stable against the frozen peer outputs', () => {
  let rows: FixtureRow[] = [];
  beforeAll(async () => {
    await initBackend('wasm');
    rows = runFixtureComparison({ networks: ['asia', 'sachs', 'child', 'child-gauss'], mecCap: 100_000 });
  }, 120_000);
  test('pcalg-mode G²: skeleton, every mark and ntests identical to pcalg (6/6)', () => {
    const pcalg = rows.filter((r) => r.peer === 'pcalg_pc_G2');
    expect(pcalg).toHaveLength(6);
    for (const row of pcalg)
      expect([row.network, row.alpha, row.skeletonEqual, row.marksEqual, row.ourNtests]).toEqual([
        row.network,
        row.alpha,
        true,
        true,
        row.peerNtests,
      ]);
  });
  test('Fisher-z on Gaussian child: identical to pcalg (2/2), skeleton identical to bnlearn zf, tensor = typed', () => {
    const pcalg = rows.filter((r) => r.peer === 'pcalg_pc_fisherz');
    expect(pcalg).toHaveLength(2);
    for (const row of pcalg) {
      expect([row.skeletonEqual, row.marksEqual, row.ourNtests, row.tensorAgrees]).toEqual([
        true,
        true,
        row.peerNtests,
        true,
      ]);
    }
    for (const row of rows.filter((r) => r.peer === 'bnlearn_pcstable_zf'))
      expect(row.skeletonEqual).toBe(true);
  });
  test('bnlearn-mode G² and X² skeletons equal bnlearn mi and x2 (6/6 each)', () => {
    for (const peer of ['bnlearn_pcstable_mi', 'bnlearn_pcstable_x2']) {
      const matching = rows.filter((r) => r.peer === peer);
      expect(matching).toHaveLength(6);
      expect(matching.every((r) => r.skeletonEqual)).toBe(true);
    }
  });
  test("every edge pcalg drops against bnlearn is explained by pcalg's n < 10·df rule (child: 4)", () => {
    const pcalg = rows.filter((r) => r.peer === 'pcalg_pc_G2');
    for (const row of pcalg) expect(row.droppedByRule).toBe(row.droppedVsBnlearn);
    expect(pcalg.find((r) => r.network === 'child')!.droppedVsBnlearn).toBe(4);
  });
  test('consistent extensions match the brief (pcalg / bnlearn mi): sachs 36/0, child 36/54, gauss 8/20', () => {
    const size = (network: string, peer: string, alpha: number) =>
      rows.find((r) => r.network === network && r.peer === peer && r.alpha === alpha)!.peerClassSize;
    expect([size('asia', 'pcalg_pc_G2', 0.01), size('asia', 'bnlearn_pcstable_mi', 0.05)]).toEqual([4, 5]);
    expect([size('sachs', 'pcalg_pc_G2', 0.05), size('sachs', 'bnlearn_pcstable_mi', 0.05)]).toEqual([36, 0]);
    expect([size('child', 'pcalg_pc_G2', 0.01), size('child', 'bnlearn_pcstable_mi', 0.01)]).toEqual([
      36, 54,
    ]);
    expect([size('child', 'pcalg_pc_fisherz', 0.01), size('child', 'bnlearn_pcstable_zf', 0.05)]).toEqual([
      8, 20,
    ]);
  });
  test('Dor–Tarsi finds no extension exactly for the peer PDAGs with an empty class (bnlearn on sachs)', () => {
    for (const row of rows) expect(row.peerHasExtension).toBe(row.peerClassSize > 0);
    const without = rows.filter((r) => !r.peerHasExtension).map((r) => `${r.network}/${r.peer}/${r.alpha}`);
    // The brief says both bnlearn tests at both α; x2 at α = 0.05 has 60 consistent extensions.
    expect(without.sort()).toEqual([
      'sachs/bnlearn_pcstable_mi/0.01',
      'sachs/bnlearn_pcstable_mi/0.05',
      'sachs/bnlearn_pcstable_x2/0.01',
    ]);
  });
  test('a fixture header without ntests is a clear error', () => {
    expect(() => fixtureNtests('# pcalg alpha=0.01', 'x.txt')).toThrow(
      /x.txt line 1: expected a comment with 'ntests=<count>'/,
    );
  });
  test('the correlation matrix has a unit diagonal', () => {
    const text = readFileSync(join(dataDir, 'peer-fixtures', 'asia_discrete_n5000_seed20231.csv'), 'utf8');
    const data = discreteFromCsv(text);
    const corr = correlationMatrix({
      names: data.names,
      n: data.n,
      d: data.d,
      values: Float64Array.from(data.values),
    });
    for (let i = 0; i < data.d; i++) expect(corr[i * data.d + i]).toBeCloseTo(1, 12);
  });
});
