// DAG → CPDAG (§2.2): keep the arcs of v-structures a→b←c (a, c non-adjacent), make every other
// edge undirected, then close under Meek R1–R3.
import { type Dag, emptyPdag, orient, type Pdag } from './graph.js';
import { applyMeek } from './meek.js';

export function skeletonOf(dag: Dag): Pdag {
  const pdag = emptyPdag(dag.names);
  dag.parents.forEach((ps, child) => {
    for (const parent of ps) {
      pdag.marks[parent * pdag.n + child] = 1;
      pdag.marks[child * pdag.n + parent] = 1;
    }
  });
  return pdag;
}

export function cpdagOf(dag: Dag): Pdag {
  const pdag = skeletonOf(dag);
  const n = pdag.n;
  const isAdjacent = (i: number, j: number) => pdag.marks[i * n + j] === 1 || pdag.marks[j * n + i] === 1;
  dag.parents.forEach((ps, child) => {
    for (let x = 0; x < ps.length; x++)
      for (let y = x + 1; y < ps.length; y++) {
        const a = ps[x]!;
        const c = ps[y]!;
        if (!isAdjacent(a, c)) {
          orient(pdag, a, child);
          orient(pdag, c, child);
        }
      }
  });
  applyMeek(pdag);
  return pdag;
}
