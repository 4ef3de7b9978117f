// Structure metrics of a PC output against G* (§2.6 PC extras): skeleton TP/FP/FN, precision,
// recall, F1, arrowhead precision/recall, and the PDAG SHD against CPDAG(G*) (one count per
// unordered pair whose mark pattern differs).
import { adjacent, type Dag, directed, type Pdag, pdagOfDag } from './graph.js';

export interface StructureMetrics {
  edges: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  arrowheadPrecision: number;
  arrowheadRecall: number;
  pdagShd: number;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/** Number of unordered pairs whose marks differ between two PDAGs over the same nodes. */
export function pdagShd(a: Pdag, b: Pdag): number {
  let shd = 0;
  for (let i = 0; i < a.n; i++)
    for (let j = i + 1; j < a.n; j++)
      if (a.marks[i * a.n + j] !== b.marks[i * b.n + j] || a.marks[j * a.n + i] !== b.marks[j * b.n + i])
        shd++;
  return shd;
}

export function structureMetrics(pdag: Pdag, truth: Dag, truthCpdag: Pdag): StructureMetrics {
  const dagPdag = pdagOfDag(truth);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let arrows = 0;
  let correctArrows = 0;
  let trueArcs = 0;
  for (let i = 0; i < pdag.n; i++)
    for (let j = 0; j < pdag.n; j++) {
      if (i < j) {
        const ours = adjacent(pdag, i, j);
        const theirs = adjacent(dagPdag, i, j);
        if (ours && theirs) tp++;
        else if (ours) fp++;
        else if (theirs) fn++;
      }
      if (directed(dagPdag, i, j)) trueArcs++;
      if (directed(pdag, i, j)) {
        arrows++;
        if (directed(dagPdag, i, j)) correctArrows++;
      }
    }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    edges: tp + fp,
    tp,
    fp,
    fn,
    precision,
    recall,
    f1: ratio(2 * precision * recall, precision + recall),
    arrowheadPrecision: ratio(correctArrows, arrows),
    arrowheadRecall: ratio(correctArrows, trueArcs),
    pdagShd: pdagShd(pdag, truthCpdag),
  };
}
