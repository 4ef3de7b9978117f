// Every PC output usable by the expert pipeline (§3.5 "Invalid PDAGs", issue 18 point 5). A PDAG
// with no consistent extension (Dor–Tarsi fails) has an empty class. We retry the orientation with
// pcalg's conflict handling, in this order, and keep the first PDAG that has an extension:
//   relaxed (pc's default), conservative (the brief's "retry with the conservative rule"),
//   majority, solve.confl on the relaxed orientation (conflict edges left undirected).
// When none has one, we do what pcalg's udag2pdag ("rand") and udag2pdagSpecial do: a DAG that
// keeps a PDAG's arcs but may add v-structures (pdag2dag with keepVstruct = FALSE), and the class
// is that DAG's MEC. The relaxed orientation's arcs can hold a directed cycle (later triples and R2
// overwrite earlier marks), so each orientation is tried in the same order; when every one is
// cyclic, the DAG orients the skeleton along the node order [ours; pcalg's fallback there,
// amat2dag, is not confirmed].
import type { CiTest } from './ci-tests.js';
import { cpdagOf } from './cpdag.js';
import { adjacent, type Dag, directed, type Pdag } from './graph.js';
import { orientPc, type PcResult } from './pc-stable.js';
import { extendPdagToDag } from './pdag-extension.js';

/** The orientation whose PDAG was kept. */
export const Orientations = ['relaxed', 'conservative', 'majority', 'solve-conflicts'] as const;
export type OrientationChoice = (typeof Orientations)[number];
/** How the class was formed: the PDAG's consistent extensions, or the MEC of a fallback DAG. */
export const Extensions = ['consistent', 'new-v-structures', 'node-order'] as const;
export type ExtensionKind = (typeof Extensions)[number];

export interface UsablePdag {
  /** The PDAG whose consistent extensions form the class (a fallback DAG's CPDAG). */
  pdag: Pdag;
  orientation: OrientationChoice;
  extension: ExtensionKind;
  /** A DAG of the class: Dor–Tarsi's extension, or the fallback DAG. */
  dag: Dag;
}

/** pdag2dag with keepVstruct = FALSE: Dor–Tarsi's sink removal without the v-structure condition. */
function dagKeepingArcs(pdag: Pdag): Dag | null {
  const n = pdag.n;
  const alive = new Uint8Array(n).fill(1);
  const parents: number[][] = Array.from({ length: n }, () => []);
  for (let removed = 0; removed < n; removed++) {
    let sink = -1;
    for (let x = 0; x < n && sink < 0; x++) {
      if (alive[x] !== 1) continue;
      let isSink = true;
      for (let y = 0; y < n && isSink; y++) if (alive[y] === 1 && directed(pdag, x, y)) isSink = false;
      if (isSink) sink = x;
    }
    if (sink < 0) return null; // the arcs hold a directed cycle
    for (let y = 0; y < n; y++)
      if (y !== sink && alive[y] === 1 && adjacent(pdag, y, sink)) parents[sink]!.push(y);
    alive[sink] = 0;
  }
  return { names: pdag.names, parents };
}

/** The skeleton oriented along the node order (i→j for i < j): always a DAG. */
function nodeOrderDag(pdag: Pdag): Dag {
  const parents: number[][] = Array.from({ length: pdag.n }, (_, j) => {
    const ps: number[] = [];
    for (let i = 0; i < j; i++) if (adjacent(pdag, i, j)) ps.push(i);
    return ps;
  });
  return { names: pdag.names, parents };
}

/**
 * A usable PDAG for a PC result (without background knowledge): the relaxed PDAG when it has a
 * consistent extension, else the first of the orientations above that has one, else the MEC of a
 * DAG that keeps the arcs of the first orientation whose arcs are acyclic (new v-structures
 * allowed), else of the node-order DAG. `test` and `alpha` are the ones PC ran with (the
 * conservative and majority rules run their own CI tests).
 */
export function usablePdag(result: PcResult, names: string[], test: CiTest, alpha: number): UsablePdag {
  const orient: Record<OrientationChoice, () => Pdag> = {
    relaxed: () => result.pdag,
    conservative: () => orientPc(result.skeleton, names, test, alpha, { vstructRule: 'conservative' }).pdag,
    majority: () => orientPc(result.skeleton, names, test, alpha, { vstructRule: 'majority' }).pdag,
    'solve-conflicts': () => orientPc(result.skeleton, names, test, alpha, { solveConflicts: true }).pdag,
  };
  const pdags = new Map<OrientationChoice, Pdag>();
  const pdagOf = (choice: OrientationChoice) => {
    if (!pdags.has(choice)) pdags.set(choice, orient[choice]());
    return pdags.get(choice)!;
  };
  for (const orientation of Orientations) {
    const pdag = pdagOf(orientation);
    const dag = extendPdagToDag(pdag);
    if (dag) return { pdag, orientation, extension: 'consistent', dag };
  }
  for (const orientation of Orientations) {
    const dag = dagKeepingArcs(pdagOf(orientation));
    if (dag) return { pdag: cpdagOf(dag), orientation, extension: 'new-v-structures', dag };
  }
  const dag = nodeOrderDag(result.pdag);
  return { pdag: cpdagOf(dag), orientation: 'relaxed', extension: 'node-order', dag };
}
