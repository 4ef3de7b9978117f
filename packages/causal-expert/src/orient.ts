// Orientation in pcalg's "relaxed" order (§3.4, no conflict resolution): v-structures over the
// skeleton pairs column-major (later triples overwrite earlier ones), then Meek R1, R2, R3 passes
// repeated until nothing changes; each pass lists its candidate pairs at the start, column-major,
// and tests them on a snapshot refreshed after each pair.
import { emptyPdag, type Pdag } from './graph.js';
import type { Skeleton } from './pc-stable.js';

export function orientRelaxed(skeleton: Skeleton, names: string[]): Pdag {
  const d = skeleton.d;
  const pdag = emptyPdag(names);
  const P = pdag.marks;
  P.set(skeleton.adjacency);
  const adj = (i: number, j: number) => skeleton.adjacency[i * d + j] === 1;
  const inSepset = (a: number, b: number, v: number) =>
    skeleton.sepsets.get(`${a},${b}`)?.includes(v) ?? false;

  // 1. V-structures: pairs (x, y) of the skeleton, y outer, x inner.
  for (let y = 0; y < d; y++)
    for (let x = 0; x < d; x++) {
      if (!adj(x, y)) continue;
      for (let z = 0; z < d; z++) {
        if (z === x || !adj(y, z) || adj(x, z)) continue;
        if (!inSepset(x, z, y) && !inSepset(z, x, y)) {
          P[x * d + y] = 1;
          P[z * d + y] = 1;
          P[y * d + x] = 0;
          P[y * d + z] = 0;
        }
      }
    }

  const listPairs = (predicate: (a: number, b: number) => boolean) => {
    const pairs: [number, number][] = [];
    for (let b = 0; b < d; b++)
      for (let a = 0; a < d; a++) if (a !== b && predicate(a, b)) pairs.push([a, b]);
    return pairs;
  };
  const isDirected = (S: Uint8Array, a: number, b: number) => S[a * d + b] === 1 && S[b * d + a] === 0;
  const isUndirected = (S: Uint8Array, a: number, b: number) => S[a * d + b] === 1 && S[b * d + a] === 1;
  const isAdjacent = (S: Uint8Array, a: number, b: number) => S[a * d + b] === 1 || S[b * d + a] === 1;
  const set = (a: number, b: number) => {
    P[a * d + b] = 1;
    P[b * d + a] = 0;
  };

  const rule1 = () => {
    let S = P.slice();
    for (const [a, b] of listPairs((a, b) => isDirected(P, a, b))) {
      for (let c = 0; c < d; c++) if (c !== a && isUndirected(S, b, c) && !isAdjacent(S, a, c)) set(b, c); // R1
      S = P.slice();
    }
  };
  const rule2 = () => {
    let S = P.slice();
    for (const [a, b] of listPairs((a, b) => isUndirected(P, a, b))) {
      for (let c = 0; c < d; c++)
        if (isDirected(S, a, c) && isDirected(S, c, b)) {
          set(a, b); // R2
          break;
        }
      S = P.slice();
    }
  };
  const rule3 = () => {
    let S = P.slice();
    for (const [a, b] of listPairs((a, b) => isUndirected(P, a, b))) {
      const middles: number[] = [];
      for (let c = 0; c < d; c++) if (isUndirected(S, a, c) && isDirected(S, c, b)) middles.push(c);
      outer: for (let i = 0; i < middles.length; i++)
        for (let j = i + 1; j < middles.length; j++)
          if (!isAdjacent(S, middles[i]!, middles[j]!)) {
            set(a, b); // R3
            break outer;
          }
      S = P.slice();
    }
  };
  for (;;) {
    const before = P.slice();
    rule1();
    rule2();
    rule3();
    if (P.every((v, i) => v === before[i])) break;
  }
  return pdag;
}
