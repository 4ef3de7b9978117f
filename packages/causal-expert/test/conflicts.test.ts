// pcalg's conflict handling (§3.4 options) on hand-built skeletons where the options disagree, and
// the repair chain that makes every PC output usable (§3.5, usable-pdag.ts).
import { describe, expect, test } from 'vitest';
import { decideTriples } from '../src/ambiguous-triples.js';
import type { CiTest } from '../src/ci-tests.js';
import { cpdagOf } from '../src/cpdag.js';
import { pdagLines } from '../src/graph.js';
import { enumerateMec } from '../src/mec.js';
import { orientPc, type Skeleton } from '../src/pc-stable.js';
import { extendPdagToDag } from '../src/pdag-extension.js';
import { usablePdag } from '../src/usable-pdag.js';

const names = ['x', 'y', 'z', 'w'];

function skeletonOf(edges: [number, number][], sepsets: Record<string, number[]>): Skeleton {
  const d = names.length;
  const adjacency = new Uint8Array(d * d);
  for (const [a, b] of edges) {
    adjacency[a * d + b] = 1;
    adjacency[b * d + a] = 1;
  }
  return { d, adjacency, sepsets: new Map(Object.entries(sepsets)), ntests: 0 };
}

/** A CI test that answers from a rule: p = 1 (independent) when `independent(a, c, S)`, else 0. */
function ruleTest(independent: (a: number, c: number, s: readonly number[]) => boolean): CiTest & {
  calls: number;
} {
  return {
    calls: 0,
    pValue(a, c, s) {
      this.calls++;
      return independent(Math.min(a, c), Math.max(a, c), s) ? 1 : 0;
    },
  };
}

const setKey = (s: readonly number[]) => [...s].sort((a, b) => a - b).join(',');

// The chain x–y–z–w with empty sepsets has two colliders that disagree on y–z: x→y←z and y→z←w.
// The CI test separates x and z only by sets without y (a collider at y for every rule), and y and
// w by {}, {x} and {z}: w's side gives {} and {z}, y's side {}, {x}, {z}, so z is in 2 of the 5
// separating sets: ambiguous for the conservative rule, a collider for the majority rule (< ½).
const chain = skeletonOf(
  [
    [0, 1],
    [1, 2],
    [2, 3],
  ],
  { '0,2': [], '1,3': [] },
);
const chainTest = () =>
  ruleTest((a, c, s) =>
    a === 0 && c === 2 ? !s.includes(1) : a === 1 && c === 3 ? ['', '0', '2'].includes(setKey(s)) : false,
  );
const orientChain = (handling: Parameters<typeof orientPc>[4]) =>
  orientPc(chain, names, chainTest(), 0.05, handling);

describe('conflict handling on a chain with two disagreeing colliders', () => {
  test('relaxed: the later collider overwrites, x→y→z←w (x→y←z is lost)', () => {
    const result = orientChain({});
    expect(pdagLines(result.pdag)).toEqual(['x -> y', 'y -> z', 'w -> z']);
    expect(result.conflicts).toEqual([]);
  });

  test('solve.confl: y–z becomes a conflict, returned undirected and listed; no consistent extension', () => {
    const result = orientChain({ solveConflicts: true });
    expect(pdagLines(result.pdag)).toEqual(['x -> y', 'y -- z', 'w -> z']);
    expect(result.conflicts).toEqual([[1, 2]]);
    // y→z adds y→z←w, z→y adds x→y←z: both new v-structures.
    expect(extendPdagToDag(result.pdag)).toBeNull();
  });

  test('conservative: y–z–w is ambiguous, so only x→y←z is oriented', () => {
    const result = orientChain({ vstructRule: 'conservative' });
    expect(pdagLines(result.pdag)).toEqual(['x -> y', 'z -> y', 'z -- w']);
    expect(result.ambiguous).toEqual(['1,2,3']);
    expect(extendPdagToDag(result.pdag)).not.toBeNull();
  });

  test('majority: z is in 2 of 5 separating sets, so y→z←w is a collider again (as relaxed)', () => {
    const result = orientChain({ vstructRule: 'majority' });
    expect(pdagLines(result.pdag)).toEqual(['x -> y', 'y -> z', 'w -> z']);
    expect(result.ambiguous).toEqual([]);
    const both = orientChain({ vstructRule: 'majority', solveConflicts: true });
    expect(both.conflicts).toEqual([[1, 2]]);
  });

  test('the triple rules test every subset of both endpoints’ neighbours and update the sepsets', () => {
    const test = chainTest();
    const decided = decideTriples(chain, test, 0.05, 'majority');
    // x–y–z: adj(x) = {y} → 2 sets, adj(z) = {y, w} → 4; y–z–w: adj(y) = {x, z} → 4, adj(w) = {z} → 2.
    expect(decided).toMatchObject({ triples: 2, tests: 12 });
    expect(test.calls).toBe(12);
    expect(decided.skeleton.sepsets.get('1,3')).toEqual([]); // z removed: a collider
    expect(decided.skeleton.sepsets.get('0,2')).toEqual([]);
    expect(decided.skeleton.sepsets).not.toBe(chain.sepsets); // the input is not modified
  });
});

// A chordless 4-cycle x–y–z–w–x. The skeleton's sepsets hold the middle nodes, so the relaxed PDAG
// is the undirected 4-cycle, which has no consistent extension.
const square = skeletonOf(
  [
    [0, 1],
    [1, 2],
    [2, 3],
    [3, 0],
  ],
  { '0,2': [1, 3], '1,3': [0, 2] },
);

describe('usablePdag: every PC output gets a class', () => {
  test('relaxed output with an extension is kept as it is', () => {
    const result = orientChain({});
    const usable = usablePdag(result, names, chainTest(), 0.05);
    expect(usable).toMatchObject({ orientation: 'relaxed', extension: 'consistent' });
    expect(usable.pdag).toBe(result.pdag);
  });

  test('no extension → the conservative rule: x and z separated only by {} gives x→y←z and x→w←z', () => {
    // y and w are never separated: both of their triples are ambiguous (no separating set).
    const test = ruleTest((a, c, s) => a === 0 && c === 2 && s.length === 0);
    const relaxed = orientPc(square, names, test, 0.05, {});
    expect(extendPdagToDag(relaxed.pdag)).toBeNull();
    const usable = usablePdag(relaxed, names, test, 0.05);
    expect(usable.orientation).toBe('conservative');
    expect(usable.extension).toBe('consistent');
    expect(pdagLines(usable.pdag)).toEqual(['x -> y', 'x -> w', 'z -> y', 'z -> w']);
  });

  test('when no orientation has an extension: the MEC of a DAG with a new v-structure', () => {
    const test = ruleTest(() => false); // nothing is ever separated: every triple ambiguous
    const relaxed = orientPc(square, names, test, 0.05, {});
    const usable = usablePdag(relaxed, names, test, 0.05);
    expect(usable.extension).toBe('new-v-structures');
    expect(usable.pdag.marks).toEqual(cpdagOf(usable.dag).marks);
    const mec = enumerateMec(usable.pdag, (a, b) => ({ from: a, to: b }), { checkCrossCycles: true });
    expect(mec.size).toBeGreaterThan(0);
  });
});
