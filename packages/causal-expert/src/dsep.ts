// A d-separation oracle (§3.2) by the Bayes-ball reachability algorithm (Koller & Friedman,
// Algorithm 3.1): x ⊥ y | S in G* iff y is not reachable from x along an active trail. As a CiTest
// it returns p = 1 when d-separated and 0 otherwise, so PC with it must return CPDAG(G*) exactly.
// Buffers are allocated once per oracle: PC on hepar2 asks millions of questions.
import type { CiTest } from './ci-tests.js';
import type { Dag } from './graph.js';

export class DSeparationOracle implements CiTest {
  private readonly children: number[][];
  private readonly inS: Uint8Array;
  private readonly ancestorOfS: Uint8Array;
  private readonly visitedUp: Uint8Array;
  private readonly visitedDown: Uint8Array;
  private readonly stack: Int32Array;

  constructor(readonly dag: Dag) {
    const n = dag.names.length;
    this.children = Array.from({ length: n }, () => []);
    dag.parents.forEach((ps, child) => {
      for (const p of ps) this.children[p]!.push(child);
    });
    this.inS = new Uint8Array(n);
    this.ancestorOfS = new Uint8Array(n);
    this.visitedUp = new Uint8Array(n);
    this.visitedDown = new Uint8Array(n);
    this.stack = new Int32Array(4 * n + 4); // each (node, direction) is pushed at most once
  }

  separated(x: number, y: number, conditioning: readonly number[]): boolean {
    const { inS, ancestorOfS, visitedUp, visitedDown, stack, children } = this;
    const parents = this.dag.parents;
    inS.fill(0);
    ancestorOfS.fill(0);
    visitedUp.fill(0);
    visitedDown.fill(0);
    // Phase 1: S and its ancestors (a collider is open iff it is in this set).
    let top = 0;
    for (const s of conditioning) {
      inS[s] = 1;
      if (!ancestorOfS[s]) {
        ancestorOfS[s] = 1;
        stack[top++] = s;
      }
    }
    while (top > 0) {
      const node = stack[--top]!;
      for (const p of parents[node]!)
        if (!ancestorOfS[p]) {
          ancestorOfS[p] = 1;
          stack[top++] = p;
        }
    }
    // Phase 2: traverse (node, direction); direction 0 = arrived from a child (up), 1 = from a parent
    // (down). A pair is marked when pushed, so each is pushed at most once.
    top = 0;
    const push = (node: number, direction: number) => {
      const visited = direction === 0 ? visitedUp : visitedDown;
      if (visited[node]) return;
      visited[node] = 1;
      stack[top++] = node;
      stack[top++] = direction;
    };
    push(x, 0);
    while (top > 0) {
      const direction = stack[--top]!;
      const node = stack[--top]!;
      if (node === y && !inS[node]) return false;
      if (direction === 0 && !inS[node]) {
        for (const p of parents[node]!) push(p, 0);
        for (const c of children[node]!) push(c, 1);
      } else if (direction === 1) {
        if (!inS[node]) for (const c of children[node]!) push(c, 1);
        if (ancestorOfS[node]) for (const p of parents[node]!) push(p, 0);
      }
    }
    return true;
  }

  pValue(x: number, y: number, conditioning: readonly number[]): number {
    return this.separated(x, y, conditioning) ? 1 : 0;
  }
}

export function dSeparated(dag: Dag, x: number, y: number, conditioning: readonly number[]): boolean {
  return new DSeparationOracle(dag).separated(x, y, conditioning);
}
