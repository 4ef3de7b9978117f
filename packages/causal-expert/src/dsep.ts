// A d-separation oracle (§3.2): x ⊥ y | S in G* iff x and y are disconnected in the moral graph
// of the ancestral set of {x, y} ∪ S after removing S. As a CiTest it returns p = 1 when
// d-separated and 0 otherwise, so PC with it must return CPDAG(G*) exactly.
import type { CiTest } from './ci-tests.js';
import type { Dag } from './graph.js';

export function dSeparated(dag: Dag, x: number, y: number, conditioning: readonly number[]): boolean {
  const n = dag.names.length;
  const relevant = new Uint8Array(n);
  const stack = [x, y, ...conditioning];
  for (const node of stack) relevant[node] = 1;
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const parent of dag.parents[node]!)
      if (!relevant[parent]) {
        relevant[parent] = 1;
        stack.push(parent);
      }
  }
  const neighbours: number[][] = Array.from({ length: n }, () => []);
  for (let child = 0; child < n; child++) {
    if (!relevant[child]) continue;
    const ps = dag.parents[child]!;
    for (const p of ps) {
      neighbours[p]!.push(child);
      neighbours[child]!.push(p);
    }
    for (let i = 0; i < ps.length; i++)
      for (let j = i + 1; j < ps.length; j++) {
        neighbours[ps[i]!]!.push(ps[j]!); // moralise: marry the parents
        neighbours[ps[j]!]!.push(ps[i]!);
      }
  }
  const blocked = new Uint8Array(n);
  for (const s of conditioning) blocked[s] = 1;
  const seen = new Uint8Array(n);
  const queue = [x];
  seen[x] = 1;
  while (queue.length > 0) {
    const node = queue.pop()!;
    if (node === y) return false;
    for (const next of neighbours[node]!)
      if (!seen[next] && !blocked[next]) {
        seen[next] = 1;
        queue.push(next);
      }
  }
  return true;
}

export class DSeparationOracle implements CiTest {
  constructor(readonly dag: Dag) {}
  pValue(x: number, y: number, conditioning: readonly number[]): number {
    return dSeparated(this.dag, x, y, conditioning) ? 1 : 0;
  }
}
