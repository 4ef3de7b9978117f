// Dor–Tarsi's PDAG → DAG extension (§3.5): on hand cases and on random PDAGs, an extension it
// returns has the PDAG's skeleton, keeps every arc, is acyclic and has exactly the PDAG's
// v-structures; it returns null exactly when the class of consistent extensions is empty.
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import { cpdagOf } from '../src/cpdag.js';
import {
  adjacent,
  arcsOf,
  type Dag,
  dagFromArcs,
  directed,
  directedArcs,
  emptyPdag,
  hasDirectedCycle,
  type Pdag,
  parsePdagLines,
  pdagOfDag,
  undirectedEdges,
} from '../src/graph.js';
import { enumerateMec } from '../src/mec.js';
import { extendPdagToDag } from '../src/pdag-extension.js';

/** a→b←c with a, c non-adjacent, as sorted 'a,b,c' keys (a < c). */
function vStructures(
  arcs: readonly (readonly [number, number])[],
  isAdjacent: (a: number, c: number) => boolean,
) {
  const keys = new Set<string>();
  for (const [a, b] of arcs)
    for (const [c, d] of arcs) if (d === b && a < c && !isAdjacent(a, c)) keys.add(`${a},${b},${c}`);
  return [...keys].sort();
}

/** Throws unless `dag` is a consistent extension of `pdag`. */
function expectConsistentExtension(pdag: Pdag, dag: Dag): void {
  const dagPdag = pdagOfDag(dag);
  for (let i = 0; i < pdag.n; i++)
    for (let j = i + 1; j < pdag.n; j++) expect(adjacent(dagPdag, i, j)).toBe(adjacent(pdag, i, j)); // same skeleton
  for (const [from, to] of directedArcs(pdag)) expect(directed(dagPdag, from, to)).toBe(true); // arcs kept
  expect(hasDirectedCycle(pdag.n, arcsOf(dag))).toBe(false);
  const pdagAdjacent = (a: number, c: number) => adjacent(pdag, a, c);
  expect(vStructures(arcsOf(dag), pdagAdjacent)).toEqual(vStructures(directedArcs(pdag), pdagAdjacent));
}

const names = ['a', 'b', 'c', 'd', 'e'];
const pdagOf = (lines: string) => parsePdagLines(names, lines);

describe('extendPdagToDag (Dor–Tarsi)', () => {
  test('an undirected chain a–b–c–d gets an extension without a collider', () => {
    const pdag = pdagOf('a -- b\nb -- c\nc -- d');
    const dag = extendPdagToDag(pdag)!;
    expect(dag).not.toBeNull();
    expectConsistentExtension(pdag, dag);
  });

  test('a→c←b with c–d: the extension must orient c→d (d→c would add a→c←d)', () => {
    const pdag = pdagOf('a -> c\nb -> c\nc -- d');
    const dag = extendPdagToDag(pdag)!;
    expectConsistentExtension(pdag, dag);
    expect(dag.parents[3]).toEqual([2]);
    expect(dag.parents[2]!.sort()).toEqual([0, 1]);
  });

  test('a chordless undirected 4-cycle has no consistent extension: null', () => {
    // Every acyclic orientation of a–b–c–d–a has a node with two non-adjacent parents.
    expect(extendPdagToDag(pdagOf('a -- b\nb -- c\nc -- d\nd -- a'))).toBeNull();
  });

  test('a directed cycle a→b→c→a has none: null', () => {
    expect(extendPdagToDag(pdagOf('a -> b\nb -> c\nc -> a'))).toBeNull();
  });

  test('a→b–c with a, c non-adjacent and c→d→b: both orientations of b–c break it, null', () => {
    // b→c closes b→c→d→b; c→b adds the v-structure a→b←c.
    expect(extendPdagToDag(pdagOf('a -> b\nb -- c\nc -> d\nd -> b'))).toBeNull();
  });

  test('on the CPDAGs of 200 random DAGs the extension is a member of the MEC', () => {
    const rng = new Rng('dor-tarsi/cpdag');
    for (let trial = 0; trial < 200; trial++) {
      const dag = randomDag(rng, 6, 0.4);
      const cpdag = cpdagOf(dag);
      const extension = extendPdagToDag(cpdag)!;
      expect(extension).not.toBeNull();
      expectConsistentExtension(cpdag, extension);
      expect(cpdagOf(extension).marks).toEqual(cpdag.marks); // same Markov equivalence class
    }
  });

  test('on 300 random PDAGs: null exactly when the class is empty, else a consistent extension', () => {
    const rng = new Rng('dor-tarsi/random-pdag');
    let withExtension = 0;
    for (let trial = 0; trial < 300; trial++) {
      const pdag = randomPdag(rng, 6, 0.45);
      const extension = extendPdagToDag(pdag);
      // enumerateMec checks the arcs for cycles only through a chain component, so a PDAG without
      // an undirected edge is checked for a directed cycle directly.
      const empty =
        undirectedEdges(pdag).length === 0
          ? hasDirectedCycle(pdag.n, directedArcs(pdag))
          : enumerateMec(pdag, (a, b) => ({ from: a, to: b }), { checkCrossCycles: true }).size === 0;
      expect(extension === null).toBe(empty);
      if (extension) {
        withExtension++;
        expectConsistentExtension(pdag, extension);
      }
    }
    // Both outcomes occur, so the equivalence above was tested both ways.
    expect(withExtension).toBeGreaterThan(30);
    expect(withExtension).toBeLessThan(270);
  });
});

function randomDag(rng: Rng, n: number, density: number): Dag {
  const arcs: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rng.next() < density) arcs.push([i, j]);
  return dagFromArcs(
    Array.from({ length: n }, (_, i) => `v${i}`),
    arcs,
  );
}

/** Each pair adjacent with `density`; an adjacent pair is undirected, i→j or j→i with equal odds. */
function randomPdag(rng: Rng, n: number, density: number): Pdag {
  const pdag = emptyPdag(Array.from({ length: n }, (_, i) => `v${i}`));
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      if (rng.next() >= density) continue;
      const kind = rng.int(3);
      if (kind !== 2) pdag.marks[i * n + j] = 1;
      if (kind !== 1) pdag.marks[j * n + i] = 1;
    }
  return pdag;
}
