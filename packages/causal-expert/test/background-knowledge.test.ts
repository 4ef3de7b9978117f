import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DiscreteCiTest } from '../src/ci-tests.js';
import { DSeparationOracle } from '../src/dsep.js';
import { dagFromArcs, directed, undirected } from '../src/graph.js';
import { dataDir } from '../src/oracle.js';
import { pdagShd } from '../src/pc-metrics.js';
import { pcStable } from '../src/pc-stable.js';
import { discreteFromCsv } from '../src/sampler.js';

const asia = discreteFromCsv(
  readFileSync(join(dataDir, 'peer-fixtures', 'asia_discrete_n5000_seed20231.csv'), 'utf8'),
);
const test2 = () => new DiscreteCiTest(asia, 'g2-pcalg');

describe('strict background knowledge', () => {
  test('forbidding an edge that is absent anyway changes nothing, not even ntests (cf. causal-learn#224)', () => {
    const plain = pcStable(test2(), asia.names, 0.01);
    const forbidden = pcStable(test2(), asia.names, 0.01, {
      forbidden: [
        ['asia', 'dysp'],
        ['xray', 'smoke'],
      ],
    });
    expect(pdagShd(forbidden.pdag, plain.pdag)).toBe(0);
    expect(forbidden.skeleton.ntests).toBe(plain.skeleton.ntests);
  });

  test('a forbidden present edge is removed without creating a v-structure', () => {
    const plain = pcStable(test2(), asia.names, 0.01);
    const i = (name: string) => asia.names.indexOf(name);
    expect(undirected(plain.pdag, i('smoke'), i('lung'))).toBe(true);
    const result = pcStable(test2(), asia.names, 0.01, { forbidden: [['smoke', 'lung']] });
    const n = result.pdag.n;
    expect(
      result.pdag.marks[i('smoke') * n + i('lung')]! + result.pdag.marks[i('lung') * n + i('smoke')]!,
    ).toBe(0);
    expect(undirected(result.pdag, i('smoke'), i('bronc'))).toBe(true);
  });

  test('a required arc is kept, oriented and propagated by Meek rules; tiers orient across tiers', () => {
    // chain a – b – c – d from the oracle: all undirected; requiring a→b orients the whole chain (R1).
    const dag = dagFromArcs(
      ['a', 'b', 'c', 'd'],
      [
        [1, 0],
        [1, 2],
        [2, 3],
      ],
    );
    const oracle = new DSeparationOracle(dag);
    const plain = pcStable(oracle, dag.names, 0.5);
    expect(undirected(plain.pdag, 0, 1)).toBe(true);
    const required = pcStable(oracle, dag.names, 0.5, { required: [['a', 'b']] });
    expect([
      directed(required.pdag, 0, 1),
      directed(required.pdag, 1, 2),
      directed(required.pdag, 2, 3),
    ]).toEqual([true, true, true]);
    const tiers = pcStable(oracle, dag.names, 0.5, { tiers: [['d'], ['a', 'b', 'c']] });
    expect([directed(tiers.pdag, 3, 2), directed(tiers.pdag, 2, 1), directed(tiers.pdag, 1, 0)]).toEqual([
      true,
      true,
      true,
    ]);
  });

  test('a required edge survives the tests that would delete it', () => {
    const dag = dagFromArcs(
      ['a', 'b', 'c'],
      [
        [0, 1],
        [1, 2],
      ],
    );
    const result = pcStable(new DSeparationOracle(dag), dag.names, 0.5, { required: [['a', 'c']] });
    expect(directed(result.pdag, 0, 2)).toBe(true);
  });

  test('unknown names and contradictions are clear errors', () => {
    expect(() => pcStable(test2(), asia.names, 0.01, { required: [['asia', 'nowhere']] })).toThrow(
      /background knowledge required names unknown node 'nowhere'; valid: asia, tub/,
    );
    expect(() =>
      pcStable(test2(), asia.names, 0.01, { required: [['asia', 'tub']], forbidden: [['tub', 'asia']] }),
    ).toThrow(/asia→tub is both required and forbidden/);
    expect(() =>
      pcStable(test2(), asia.names, 0.01, { required: [['tub', 'asia']], tiers: [['asia'], ['tub']] }),
    ).toThrow(/required tub→asia points to an earlier tier/);
  });
});
