import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import { cpdagOf } from '../src/cpdag.js';
import { clonePdag, dagFromArcs, directed, emptyPdag, orient, type Pdag, undirected } from '../src/graph.js';
import { enumerateMec, memberArcs, memberBits } from '../src/mec.js';
import { applyMeek } from '../src/meek.js';
import { decisions } from '../src/metrics.js';
import { networkNames, oracleProblem } from '../src/oracle.js';
import { invalidMemberCount } from '../src/validity.js';

// §2.2 reference facts: m, |MEC|, chain-component sizes.
const expected: Record<string, [number, number, number[]]> = {
  asia: [3, 6, [2, 3]],
  cancer: [0, 1, []],
  earthquake: [0, 1, []],
  survey: [0, 1, []],
  sachs: [17, 336, [3, 8]],
  child: [12, 24, [12]],
  insurance: [18, 41, [11]],
  alarm: [4, 16, [2, 2, 2, 2]],
  water: [6, 16, [4, 4]],
  hailfinder: [17, 18, [18]],
  hepar2: [9, 96, [2, 2, 2, 2, 6]],
  win95pts: [12, 640, [2, 2, 2, 2, 4, 4]],
};

describe('CPDAG and MEC', () => {
  test.each(networkNames)('%s: m, |MEC| and chain components are exact, every member valid', (name) => {
    const { mec } = oracleProblem(name);
    const sizes = mec.components.map((c) => c.length).sort((a, b) => a - b);
    expect([mec.m, mec.size, sizes]).toEqual(expected[name]);
    if (mec.size <= 100) expect(invalidMemberCount(mec)).toBe(0);
  });

  test('the cap reports the product count and marks the class too large', () => {
    const { cpdag, dag } = oracleProblem('sachs');
    const mec = enumerateMec(
      cpdag,
      (a, b) => (dag.parents[b]!.includes(a) ? { from: a, to: b } : { from: b, to: a }),
      { cap: 100 },
    );
    expect(mec.tooLarge).toBe(true);
    expect(mec.countProduct).toBeGreaterThan(100);
    expect(mec.members.length).toBe(0);
  });

  const names = ['a', 'b', 'c', 'd', 'e'];
  const undirectedPdag = (edges: [number, number][], arcs: [number, number][] = []): Pdag => {
    const p = emptyPdag(names);
    for (const [i, j] of edges) {
      p.marks[i * p.n + j] = 1;
      p.marks[j * p.n + i] = 1;
    }
    for (const [i, j] of arcs) orient(p, i, j);
    return p;
  };
  test('Meek R1: a→b–c with a, c non-adjacent orients b→c', () => {
    const p = undirectedPdag([[1, 2]], [[0, 1]]);
    applyMeek(p);
    expect(directed(p, 1, 2)).toBe(true);
  });
  test('Meek R2: a→b→c with a–c orients a→c', () => {
    const p = undirectedPdag(
      [[0, 2]],
      [
        [0, 1],
        [1, 2],
      ],
    );
    applyMeek(p);
    expect(directed(p, 0, 2)).toBe(true);
  });
  test('Meek R3: a–c1→b, a–c2→b, c1, c2 non-adjacent, a–b orients a→b', () => {
    // a=0, b=1, c1=2, c2=3
    const p = undirectedPdag(
      [
        [0, 2],
        [0, 3],
        [0, 1],
      ],
      [
        [2, 1],
        [3, 1],
      ],
    );
    applyMeek(p);
    expect(directed(p, 0, 1)).toBe(true);
    expect(undirected(p, 0, 2)).toBe(true);
  });
  test('Meek R4: a–k→l→b with k, b non-adjacent and a adjacent to l orients a→b (only with R4)', () => {
    // a=0, b=1, k=2, l=3; edges a–k, a–l, a–b, arcs k→l, l→b
    const make = () =>
      undirectedPdag(
        [
          [0, 2],
          [0, 3],
          [0, 1],
        ],
        [
          [2, 3],
          [3, 1],
        ],
      );
    const without = make();
    applyMeek(without);
    expect(undirected(without, 0, 1)).toBe(true);
    const withR4 = make();
    applyMeek(withR4, { useR4: true });
    expect(directed(withR4, 0, 1)).toBe(true);
  });

  test('CPDAG of a v-structure keeps it, of a chain leaves it undirected', () => {
    const collider = cpdagOf(
      dagFromArcs(
        ['a', 'b', 'c'],
        [
          [0, 1],
          [2, 1],
        ],
      ),
    );
    expect(directed(collider, 0, 1) && directed(collider, 2, 1)).toBe(true);
    const chain = cpdagOf(
      dagFromArcs(
        ['a', 'b', 'c'],
        [
          [0, 1],
          [1, 2],
        ],
      ),
    );
    expect(undirected(chain, 0, 1) && undirected(chain, 1, 2)).toBe(true);
  });

  test.each(['asia', 'sachs', 'child', 'insurance', 'win95pts'])(
    "%s: decisions(M') equals the Meek R1–R4 closure of randomly chosen arcs",
    (name) => {
      const { mec, cpdag } = oracleProblem(name);
      const rng = new Rng(`decisions/${name}`);
      for (let trial = 0; trial < 20; trial++) {
        const target = rng.int(mec.size);
        const bits = memberBits(mec, target);
        const chosen = mec.edges.map((_, e) => e).filter(() => rng.next() < 0.3);
        const kept: number[] = [];
        for (let k = 0; k < mec.size; k++)
          if (chosen.every((e) => mec.members[k * mec.m + e] === bits[e])) kept.push(k);
        const closure = clonePdag(cpdag);
        for (const e of chosen) {
          const edge = mec.edges[e]!;
          if (bits[e]) orient(closure, edge.from, edge.to);
          else orient(closure, edge.to, edge.from);
        }
        applyMeek(closure, { useR4: true });
        const fromMeek = mec.edges.map((edge) =>
          directed(closure, edge.from, edge.to) ? 1 : directed(closure, edge.to, edge.from) ? 0 : -1,
        );
        expect(Array.from(decisions(mec.members, mec.m, kept))).toEqual(fromMeek);
      }
    },
  );

  test('every member is a DAG with the same arcs outside U', () => {
    const { mec } = oracleProblem('asia');
    for (let k = 0; k < mec.size; k++)
      expect(memberArcs(mec.pdag, mec.edges, memberBits(mec, k)).length).toBe(8);
  });
});
