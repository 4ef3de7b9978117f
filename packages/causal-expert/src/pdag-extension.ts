// PDAG → DAG extension (Dor & Tarsi 1992, "A simple algorithm to construct a consistent extension of
// a partially oriented graph"; pcalg's pdag2dag): a DAG with the PDAG's skeleton, all its directed
// arcs and no v-structure the PDAG lacks, or null when none exists. Brief §3.5 "Invalid PDAGs".
//
// The algorithm: repeatedly find a node x that
//   (a) is a sink among the remaining nodes (no arc x→y), and
//   (b) has, for every undirected neighbour y, y adjacent to every other neighbour of x;
// orient every undirected edge at x into x, and remove x. When no remaining node qualifies, the
// PDAG has no consistent extension.
import { adjacent, type Dag, directed, type Pdag, undirected } from './graph.js';

/** Nodes adjacent to x among the remaining ones (any mark). */
function remainingNeighbours(pdag: Pdag, alive: Uint8Array, x: number): number[] {
  const neighbours: number[] = [];
  for (let y = 0; y < pdag.n; y++) if (y !== x && alive[y] === 1 && adjacent(pdag, x, y)) neighbours.push(y);
  return neighbours;
}

/** Dor–Tarsi's conditions (a) and (b) for x in the graph induced by the remaining nodes. */
function isRemovable(pdag: Pdag, alive: Uint8Array, x: number): boolean {
  const neighbours = remainingNeighbours(pdag, alive, x);
  if (neighbours.some((y) => directed(pdag, x, y))) return false; // (a) x is a sink
  for (const y of neighbours) {
    if (!undirected(pdag, x, y)) continue;
    // (b) y – x undirected: y must be adjacent to every other neighbour of x, so orienting y→x
    // creates no new v-structure.
    for (const z of neighbours) if (z !== y && !adjacent(pdag, y, z)) return false;
  }
  return true;
}

/**
 * A consistent extension of `pdag` (Dor–Tarsi), or null when it has none. The nodes are tried in
 * ascending order at each step, so the result is deterministic.
 */
export function extendPdagToDag(pdag: Pdag): Dag | null {
  const n = pdag.n;
  const alive = new Uint8Array(n).fill(1);
  const parents: number[][] = Array.from({ length: n }, () => []);
  for (let removed = 0; removed < n; removed++) {
    let sink = -1;
    for (let x = 0; x < n && sink < 0; x++) if (alive[x] === 1 && isRemovable(pdag, alive, x)) sink = x;
    if (sink < 0) return null;
    // Every remaining neighbour becomes a parent: directed arcs y→x are kept, undirected y–x orient into x.
    parents[sink] = remainingNeighbours(pdag, alive, sink);
    alive[sink] = 0;
  }
  return { names: pdag.names, parents };
}
