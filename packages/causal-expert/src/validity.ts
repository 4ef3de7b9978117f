// An independent check of the enumeration (for C1): every member, as a full DAG, must be acyclic
// and have the same CPDAG as the class (Markov equivalence = same skeleton and v-structures).
import { cpdagOf } from './cpdag.js';
import { dagFromArcs, hasDirectedCycle } from './graph.js';
import { type Mec, memberArcs, memberBits } from './mec.js';

/** Number of members that are cyclic or not Markov equivalent to the class's CPDAG. */
export function invalidMemberCount(mec: Mec, reference = mec.pdag): number {
  let invalid = 0;
  for (let k = 0; k < mec.size; k++) {
    const arcs = memberArcs(mec.pdag, mec.edges, memberBits(mec, k));
    if (hasDirectedCycle(mec.pdag.n, arcs)) {
      invalid++;
      continue;
    }
    const cpdag = cpdagOf(dagFromArcs(mec.pdag.names, arcs));
    if (!cpdag.marks.every((value, i) => value === reference.marks[i])) invalid++;
  }
  return invalid;
}
