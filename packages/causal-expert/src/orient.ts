// Orientation in pcalg's "relaxed" order (§3.4; pcalg's udag2pdagRelaxed): v-structures over the
// skeleton pairs column-major (later triples overwrite earlier ones), then Meek R1, R2, R3 passes
// repeated until nothing changes; each pass lists its candidate pairs at the start, column-major,
// and tests them on a snapshot refreshed after each pair.
//
// pcalg's conflict handling (§3.4 options), both off by default (today's behaviour):
// - `ambiguous`: unshielded triples the conservative or majority rule could not decide
//   (ambiguous-triples.ts, pcalg's unfVect). They are never oriented as v-structures, and R1 and R3
//   never use them.
// - `solveConflicts` (pcalg's solve.confl): the snapshot is not refreshed within a pass, and an
//   edge that two rules (or two v-structures) orient both ways becomes a conflict, a ↔ mark (2).
//   Our Pdag has no ↔: a conflict edge is returned undirected and listed in `conflicts`
//   [ours; pcalg's graphNEL conversion also shows it with marks both ways, not confirmed].
import { emptyPdag, type Pdag } from './graph.js';
import type { Skeleton } from './pc-stable.js';

export interface OrientOptions {
  /** Keys `${a},${b},${c}` with a < c of the unshielded triples a–b–c left undecided. */
  ambiguous?: ReadonlySet<string>;
  /** pcalg's solve.confl. */
  solveConflicts?: boolean;
}

export interface Orientation {
  pdag: Pdag;
  /** Pairs [a, b] (a < b) oriented both ways under solveConflicts, returned undirected. */
  conflicts: [number, number][];
}

/** The key of the unshielded triple a–b–c, endpoints in ascending order. */
export const tripleKey = (a: number, b: number, c: number): string =>
  a < c ? `${a},${b},${c}` : `${c},${b},${a}`;

const conflictMark = 2;

/** Marks on a d × d matrix: 1/0 is an arc, 1/1 undirected, 2/2 a conflict (↔). */
class Marks {
  constructor(
    readonly d: number,
    readonly values: Uint8Array,
  ) {}
  at(S: Uint8Array, a: number, b: number): number {
    return S[a * this.d + b]!;
  }
  isDirected(S: Uint8Array, a: number, b: number): boolean {
    return this.at(S, a, b) === 1 && this.at(S, b, a) === 0;
  }
  isUndirected(S: Uint8Array, a: number, b: number): boolean {
    return this.at(S, a, b) === 1 && this.at(S, b, a) === 1;
  }
  isAdjacent(S: Uint8Array, a: number, b: number): boolean {
    return this.at(S, a, b) !== 0 || this.at(S, b, a) !== 0;
  }
  set(a: number, b: number): void {
    this.values[a * this.d + b] = 1;
    this.values[b * this.d + a] = 0;
  }
  setConflict(a: number, b: number): void {
    this.values[a * this.d + b] = conflictMark;
    this.values[b * this.d + a] = conflictMark;
  }
  /** Pairs (a, b) with predicate true on the current marks, column-major (b outer, a inner). */
  listPairs(predicate: (S: Uint8Array, a: number, b: number) => boolean): [number, number][] {
    const pairs: [number, number][] = [];
    for (let b = 0; b < this.d; b++)
      for (let a = 0; a < this.d; a++) if (a !== b && predicate(this.values, a, b)) pairs.push([a, b]);
    return pairs;
  }
}

/** pcalg's orientConflictCollider for one side x–y of a collider x→y←z. */
function orientIntoCollider(marks: Marks, x: number, y: number): void {
  if (marks.at(marks.values, x, y) === 1)
    marks.values[y * marks.d + x] = 0; // x–y or x→y: x→y
  else marks.setConflict(x, y); // y→x or x↔y: x↔y
}

function orientColliders(marks: Marks, skeleton: Skeleton, options: OrientOptions): void {
  const d = skeleton.d;
  const adj = (i: number, j: number) => skeleton.adjacency[i * d + j] === 1;
  const inSepset = (a: number, b: number, v: number) =>
    skeleton.sepsets.get(`${a},${b}`)?.includes(v) ?? false;
  // Pairs (x, y) of the skeleton, y outer, x inner; z ascending.
  for (let y = 0; y < d; y++)
    for (let x = 0; x < d; x++) {
      if (!adj(x, y)) continue;
      for (let z = 0; z < d; z++) {
        if (z === x || !adj(y, z) || adj(x, z)) continue;
        if (inSepset(x, z, y) || inSepset(z, x, y)) continue;
        if (options.ambiguous?.has(tripleKey(x, y, z))) continue;
        if (options.solveConflicts) {
          orientIntoCollider(marks, x, y);
          orientIntoCollider(marks, z, y);
        } else {
          marks.set(x, y);
          marks.set(z, y);
        }
      }
    }
}

/** Orients a–b as a→b, or marks a conflict when a rule already oriented it b→a (solve.confl). */
function orientOrConflict(marks: Marks, a: number, b: number, solve: boolean): boolean {
  const P = marks.values;
  if (!solve || marks.isUndirected(P, a, b)) {
    marks.set(a, b);
    return true;
  }
  if (marks.at(P, a, b) === 0 && marks.at(P, b, a) === 1) {
    marks.setConflict(a, b);
    return true;
  }
  return false;
}

function rule1(marks: Marks, options: OrientOptions): void {
  // R1: a→b–c with a, c non-adjacent ⇒ b→c (unless a–b–c is ambiguous).
  const solve = options.solveConflicts === true;
  let S = marks.values.slice();
  for (const [a, b] of marks.listPairs((P, x, y) => marks.isDirected(P, x, y))) {
    for (let c = 0; c < marks.d; c++) {
      if (c === a || !marks.isUndirected(S, b, c) || marks.isAdjacent(S, a, c)) continue;
      if (options.ambiguous?.has(tripleKey(a, b, c))) continue;
      orientOrConflict(marks, b, c, solve);
    }
    if (!solve) S = marks.values.slice();
  }
}

function rule2(marks: Marks, options: OrientOptions): void {
  // R2: a→c→b with a–b ⇒ a→b (this may overwrite an orientation made earlier in the pass).
  const solve = options.solveConflicts === true;
  let S = marks.values.slice();
  for (const [a, b] of marks.listPairs((P, x, y) => marks.isUndirected(P, x, y))) {
    for (let c = 0; c < marks.d; c++)
      if (marks.isDirected(S, a, c) && marks.isDirected(S, c, b)) {
        orientOrConflict(marks, a, b, solve);
        break;
      }
    if (!solve) S = marks.values.slice();
  }
}

function rule3(marks: Marks, options: OrientOptions): void {
  // R3: a–c1→b, a–c2→b, c1 and c2 non-adjacent (first such pair in combination order) ⇒ a→b.
  const solve = options.solveConflicts === true;
  let S = marks.values.slice();
  for (const [a, b] of marks.listPairs((P, x, y) => marks.isUndirected(P, x, y))) {
    const middles: number[] = [];
    for (let c = 0; c < marks.d; c++)
      if (marks.isUndirected(S, a, c) && marks.isDirected(S, c, b)) middles.push(c);
    pairs: for (let i = 0; i < middles.length; i++)
      for (let j = i + 1; j < middles.length; j++) {
        const [c1, c2] = [middles[i]!, middles[j]!];
        if (marks.isAdjacent(S, c1, c2)) continue;
        if (options.ambiguous?.has(tripleKey(c1, a, c2))) continue;
        if (orientOrConflict(marks, a, b, solve)) break pairs;
      }
    if (!solve) S = marks.values.slice();
  }
}

/** The skeleton oriented as pcalg's udag2pdagRelaxed does, with its conflict options. */
export function orientSkeleton(
  skeleton: Skeleton,
  names: string[],
  options: OrientOptions = {},
): Orientation {
  const d = skeleton.d;
  const marks = new Marks(d, skeleton.adjacency.slice());
  orientColliders(marks, skeleton, options);
  for (;;) {
    const before = marks.values.slice();
    rule1(marks, options);
    rule2(marks, options);
    rule3(marks, options);
    if (marks.values.every((v, i) => v === before[i])) break;
  }
  const pdag = emptyPdag(names);
  const conflicts: [number, number][] = [];
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      const mark = marks.values[a * d + b]!;
      pdag.marks[a * d + b] = mark === 0 ? 0 : 1; // a conflict (2/2) reads as undirected
      if (a < b && mark === conflictMark) conflicts.push([a, b]);
    }
  return { pdag, conflicts };
}

/** pcalg's relaxed orientation without conflict handling (pc's default). */
export function orientRelaxed(skeleton: Skeleton, names: string[]): Pdag {
  return orientSkeleton(skeleton, names).pdag;
}
