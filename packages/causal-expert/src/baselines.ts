// Baselines (§2.6). naive: the reported arcs ∪ the directed CPDAG arcs (may be cyclic or outside
// the MEC; its SHD is the number of wrong answers). pcOnly: M' = MEC with confidence 1.
import { hasDirectedCycle } from './graph.js';
import { type Mec, memberArcs, memberIndex } from './mec.js';

export interface NaiveResult {
  shd: number;
  cyclic: boolean;
  inMec: boolean;
}

export function naiveBaseline(mec: Mec, reported: Uint8Array, truth: Uint8Array): NaiveResult {
  let shd = 0;
  for (let e = 0; e < mec.m; e++) if (reported[e] !== truth[e]) shd++;
  const cyclic = hasDirectedCycle(mec.pdag.n, memberArcs(mec.pdag, mec.edges, reported));
  return { shd, cyclic, inMec: !cyclic && memberIndex(mec, reported) >= 0 };
}

/** pcOnly keeps the whole class: SHD = the undirected edges not all members agree on (m in oracle mode). */
export function pcOnlyBaseline(mec: Mec): { mecSize: number; confidence: number; shd: number } {
  return { mecSize: mec.size, confidence: 1, shd: mec.m };
}
