// Markov equivalence class enumeration (§2.2, §3.5): the consistent extensions of a PDAG. A DAG
// is in the class iff it orients each undirected chain component acyclically and without a new
// v-structure; components are independent, so the class is the product of per-component sets,
// each found by backtracking with incremental v-structure checks. Members are stored as bit
// vectors over the undirected edges U (1 = oriented as the edge's reference arc, e.g. G*'s arc).
import { adjacent, directedArcs, hasDirectedCycle, type Pdag, undirected } from './graph.js';

/** An undirected edge with its reference orientation (for the oracle: the arc of G*). */
export interface RefEdge {
  from: number;
  to: number;
}

export interface Mec {
  pdag: Pdag;
  /** U, sorted by reference arc (from name, to name) in code-unit order (§2.5 candidate order). */
  edges: RefEdge[];
  m: number;
  /** Members, K × m bits, row-major; empty when the class is too large or has no member. */
  members: Uint8Array;
  size: number;
  /** Node lists of the chain components with at least one undirected edge. */
  components: number[][];
  componentCounts: number[];
  /** Product of per-component counts (may exceed the cap). */
  countProduct: number;
  tooLarge: boolean;
}

export const defaultMecCap = 100_000;

/** Code-unit order of (from name, to name): JS `<`, never localeCompare (§2.5 ties). */
export function compareArcNames(a: [string, string], b: [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

function chainComponents(pdag: Pdag): number[][] {
  const seen = new Uint8Array(pdag.n);
  const components: number[][] = [];
  for (let start = 0; start < pdag.n; start++) {
    if (seen[start]) continue;
    const component: number[] = [];
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const node = stack.pop()!;
      component.push(node);
      for (let other = 0; other < pdag.n; other++)
        if (!seen[other] && undirected(pdag, node, other)) {
          seen[other] = 1;
          stack.push(other);
        }
    }
    if (component.length > 1) components.push(component.sort((a, b) => a - b));
  }
  return components;
}

/**
 * Orientations of one component's edges (as 0/1 per edge: 1 = edge[0]→edge[1]) that create no
 * v-structure with each other or with the PDAG's arcs and no directed cycle, up to `cap`.
 */
function enumerateComponent(
  pdag: Pdag,
  edges: [number, number][],
  fixedArcs: [number, number][],
  cap: number,
): { orientations: Uint8Array[]; count: number; capped: boolean } {
  const n = pdag.n;
  // parentsOf[node] holds current parents: fixed arcs plus assigned component edges.
  const parentsOf: number[][] = Array.from({ length: n }, () => []);
  for (const [from, to] of fixedArcs) parentsOf[to]!.push(from);
  const assignment = new Uint8Array(edges.length);
  const orientations: Uint8Array[] = [];
  let count = 0;
  let capped = false;
  const createsVStructure = (from: number, to: number) => {
    for (const other of parentsOf[to]!) if (other !== from && !adjacent(pdag, other, from)) return true;
    return false;
  };
  const recurse = (k: number) => {
    if (capped) return;
    if (k === edges.length) {
      const arcs: [number, number][] = [...fixedArcs];
      edges.forEach(([a, b], i) => {
        arcs.push(assignment[i] ? [a, b] : [b, a]);
      });
      if (hasDirectedCycle(n, arcs)) return;
      count++;
      if (count > cap) capped = true;
      else orientations.push(assignment.slice());
      return;
    }
    const [a, b] = edges[k]!;
    for (const bit of [1, 0]) {
      const from = bit ? a : b;
      const to = bit ? b : a;
      if (createsVStructure(from, to)) continue;
      assignment[k] = bit;
      parentsOf[to]!.push(from);
      recurse(k + 1);
      parentsOf[to]!.pop();
    }
  };
  recurse(0);
  return { orientations, count, capped };
}

/** Orders a component's edges breadth-first so that constraints bite early in the backtracking. */
function bfsEdgeOrder(pdag: Pdag, component: number[]): [number, number][] {
  const order: [number, number][] = [];
  const seenEdge = new Set<string>();
  const seenNode = new Set<number>([component[0]!]);
  const queue = [component[0]!];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const other of component) {
      if (other === node || !undirected(pdag, node, other)) continue;
      const key = node < other ? `${node},${other}` : `${other},${node}`;
      if (!seenEdge.has(key)) {
        seenEdge.add(key);
        order.push([node, other]);
      }
      if (!seenNode.has(other)) {
        seenNode.add(other);
        queue.push(other);
      }
    }
  }
  return order;
}

/**
 * Enumerates the consistent extensions of `pdag`. `reference(a, b)` gives each undirected edge's
 * reference arc. With `checkCrossCycles` (PC outputs, whose arcs may link components into a
 * cycle), each combined member is checked for acyclicity as a whole.
 */
export function enumerateMec(
  pdag: Pdag,
  reference: (a: number, b: number) => RefEdge,
  options: { cap?: number; checkCrossCycles?: boolean } = {},
): Mec {
  const cap = options.cap ?? defaultMecCap;
  const names = pdag.names;
  const fixedArcs = directedArcs(pdag);
  const components = chainComponents(pdag);
  const edges: RefEdge[] = [];
  for (let i = 0; i < pdag.n; i++)
    for (let j = i + 1; j < pdag.n; j++) if (undirected(pdag, i, j)) edges.push(reference(i, j));
  edges.sort((x, y) => compareArcNames([names[x.from]!, names[x.to]!], [names[y.from]!, names[y.to]!]));
  const m = edges.length;
  const edgeIndex = new Map(edges.map((e, i) => [`${Math.min(e.from, e.to)},${Math.max(e.from, e.to)}`, i]));

  // Per component: orientations re-expressed as (edge index in U, bit relative to the reference).
  const perComponent: { indices: number[]; bits: Uint8Array[] }[] = [];
  const componentCounts: number[] = [];
  let tooLarge = false;
  for (const component of components) {
    const local = bfsEdgeOrder(pdag, component);
    const result = enumerateComponent(pdag, local, fixedArcs, cap);
    componentCounts.push(result.count);
    if (result.capped) tooLarge = true;
    const indices = local.map(([a, b]) => edgeIndex.get(`${Math.min(a, b)},${Math.max(a, b)}`)!);
    const bits = result.orientations.map((o) =>
      Uint8Array.from(local, ([a], i) => {
        const ref = edges[indices[i]!]!;
        const from = o[i] ? a : local[i]![1];
        return from === ref.from ? 1 : 0;
      }),
    );
    perComponent.push({ indices, bits });
  }
  const countProduct = componentCounts.reduce((p, c) => p * c, 1);
  if (countProduct > cap) tooLarge = true;
  if (tooLarge || countProduct === 0) {
    return {
      pdag,
      edges,
      m,
      members: new Uint8Array(0),
      size: tooLarge ? countProduct : 0,
      components,
      componentCounts,
      countProduct,
      tooLarge,
    };
  }
  // Cartesian product of the components.
  let rows: Uint8Array[] = [new Uint8Array(m)];
  for (const { indices, bits } of perComponent) {
    const next: Uint8Array[] = [];
    for (const row of rows)
      for (const choice of bits) {
        const combined = row.slice();
        indices.forEach((edge, i) => {
          combined[edge] = choice[i]!;
        });
        next.push(combined);
      }
    rows = next;
  }
  if (options.checkCrossCycles === true && perComponent.length > 1) {
    rows = rows.filter((row) => !hasDirectedCycle(pdag.n, memberArcs(pdag, edges, row, fixedArcs)));
  }
  const members = new Uint8Array(rows.length * m);
  rows.forEach((row, k) => {
    members.set(row, k * m);
  });
  return {
    pdag,
    edges,
    m,
    members,
    size: rows.length,
    components,
    componentCounts,
    countProduct,
    tooLarge: false,
  };
}

/** All arcs of a member (the PDAG's arcs plus its orientation of U). */
export function memberArcs(
  pdag: Pdag,
  edges: readonly RefEdge[],
  bits: ArrayLike<number>,
  fixedArcs: [number, number][] = directedArcs(pdag),
): [number, number][] {
  const arcs = [...fixedArcs];
  edges.forEach((edge, i) => {
    arcs.push(bits[i] ? [edge.from, edge.to] : [edge.to, edge.from]);
  });
  return arcs;
}

/** Member k's bits (a view). */
export function memberBits(mec: Mec, k: number): Uint8Array {
  return mec.members.subarray(k * mec.m, (k + 1) * mec.m);
}

/** The index of the member with these bits, or −1. */
export function memberIndex(mec: Mec, bits: ArrayLike<number>): number {
  outer: for (let k = 0; k < mec.size; k++) {
    const offset = k * mec.m;
    for (let e = 0; e < mec.m; e++) if (mec.members[offset + e] !== bits[e]) continue outer;
    return k;
  }
  return -1;
}
