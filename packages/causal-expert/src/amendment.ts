// Amending a user's class with an expert (issue 18 point 2, §2.3–2.5): the class of a CPDAG, an
// expert's report over its undirected edges, the posterior and the greedy amendment, giving the
// amended class M' (drawn as a PDAG: arcs common to all of M' directed) and one chosen DAG (the
// member of M' with the largest posterior). A PDAG that is not a CPDAG is replaced by the CPDAG of
// its Dor–Tarsi extension (the class of DAGs equivalent to that extension), as pcalg does.
import type { Rng } from 'core-tensor';
import { cpdagOf } from './cpdag.js';
import { drawEpsilonAnswers, epsilonReport } from './expert-epsilon.js';
import type { CachedPairAnswer } from './expert-replay.js';
import { ancestorSets, clonePdag, type Dag, dagFromArcs, orient, type Pdag } from './graph.js';
import { greedyAmend } from './greedy.js';
import { defaultMecCap, enumerateMec, type Mec, memberArcs, memberBits } from './mec.js';
import { decisions } from './metrics.js';
import { extendPdagToDag } from './pdag-extension.js';
import { posterior, type Report } from './posterior.js';
import { type Strategy, semanticsFlags } from './semantics.js';

export interface AmendableClass {
  /** The class amended: the input when it is a CPDAG, else CPDAG(extension). */
  cpdag: Pdag;
  /** 'extended' when the input was not a CPDAG and its Dor–Tarsi extension's class is used. */
  repair: 'none' | 'extended';
  /** Arcs of the input that the class leaves undirected (when repaired), as [from, to] names. */
  relaxedArcs: [string, string][];
  mec: Mec;
}

export class ClassError extends Error {
  readonly failureKind = 'input';
  constructor(message: string) {
    super(message);
    this.name = 'ClassError';
  }
}

const sameMarks = (a: Pdag, b: Pdag) => a.marks.every((v, i) => v === b.marks[i]);

/** The class to amend; an input with no consistent extension, or too large a class, is a ClassError. */
export function amendableClass(input: Pdag, cap = defaultMecCap): AmendableClass {
  const extension = extendPdagToDag(input);
  if (extension === null)
    throw new ClassError(
      'the PDAG has no consistent extension (Dor–Tarsi): no DAG has its skeleton, its arcs and no v-structure it lacks; no class to amend',
    );
  const cpdag = cpdagOf(extension);
  const repair = sameMarks(cpdag, input) ? 'none' : 'extended';
  const relaxedArcs: [string, string][] = [];
  for (let i = 0; i < input.n; i++)
    for (let j = 0; j < input.n; j++)
      if (
        input.marks[i * input.n + j] === 1 &&
        input.marks[j * input.n + i] === 0 &&
        cpdag.marks[j * input.n + i] === 1
      )
        relaxedArcs.push([input.names[i]!, input.names[j]!]);
  // Each undirected edge's reference arc is its column-order direction; reports are read against it.
  const mec = enumerateMec(cpdag, (a, b) => ({ from: a, to: b }), { cap });
  if (mec.tooLarge)
    throw new ClassError(
      `the class has ${mec.countProduct} members, over the cap of ${cap} (components of ${mec.components.map((c) => c.length).join(', ')} nodes)`,
    );
  return { cpdag, repair, relaxedArcs, mec };
}

/** A report from P(reference arc) per edge: the likelier arc, with its probability as L_e (§2.3 LLM expert). */
export function reportFromProbabilities(pReference: ArrayLike<number>): Report {
  const m = pReference.length;
  const reported = new Uint8Array(m);
  const likelihood = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const p = pReference[e]!;
    if (!(p >= 0 && p <= 1)) throw new Error(`P(arc) of edge ${e} is ${p}; valid: a number in [0, 1]`);
    reported[e] = p > 0.5 ? 1 : 0;
    likelihood[e] = Math.max(p, 1 - p);
  }
  return { reported, likelihood };
}

/** Per class edge, the mean P(reference arc) over the answers file's rows for that pair. */
export function answerProbabilities(
  mec: Mec,
  rows: readonly CachedPairAnswer[],
  source: string,
): Float64Array {
  const names = mec.pdag.names;
  return Float64Array.from(mec.edges, (edge) => {
    const from = names[edge.from]!;
    const to = names[edge.to]!;
    const values = rows.flatMap((row) => {
      if (row.varA === from && row.varB === to) return [row.pAB];
      if (row.varA === to && row.varB === from) return [1 - row.pAB];
      return [];
    });
    if (values.length === 0)
      throw new ClassError(
        `${source} has no answer for the undirected edge ${from} -- ${to}; every such edge needs one`,
      );
    return values.reduce((sum, v) => sum + v, 0) / values.length; // mean over phrasings
  });
}

/** Whether the truth orients a–b as a→b: its arc, else its ancestry, else a fair coin (as pc-pipeline). */
function truthPointsForward(truth: Dag, ancestors: Set<number>[], a: number, b: number, rng: Rng): boolean {
  if (truth.parents[b]!.includes(a)) return true;
  if (truth.parents[a]!.includes(b)) return false;
  if (ancestors[b]!.has(a)) return true;
  if (ancestors[a]!.has(b)) return false;
  return rng.next() < 0.5;
}

/** The ε-expert (§2.3, report-keyed) answering about the class edges with `truth` as G*. */
export function epsilonExpertReport(mec: Mec, truth: Dag, epsilon: number, rng: Rng): Report {
  const index = new Map(truth.names.map((name, i) => [name, i]));
  const ancestors = ancestorSets(truth);
  const coin = rng.split('coin'); // one stream for all edges: split(label) is deterministic
  const truthBits = Uint8Array.from(mec.edges, (edge) => {
    const a = index.get(mec.pdag.names[edge.from]!);
    const b = index.get(mec.pdag.names[edge.to]!);
    if (a === undefined || b === undefined)
      throw new ClassError(
        `the truth network has no node '${mec.pdag.names[a === undefined ? edge.from : edge.to]}'; the epsilon expert needs every class node in it`,
      );
    return truthPointsForward(truth, ancestors, a, b, coin) ? 1 : 0;
  });
  const correct = drawEpsilonAnswers(rng.split('answers'), mec.m, epsilon);
  return epsilonReport(truthBits, correct, epsilon, 'report-keyed');
}

export interface Amendment {
  /** Indices of M' in the class. */
  kept: Int32Array;
  classSize: number;
  /** P(G ∈ M' | O) under the corrected semantics (exact confidence). */
  confidence: number;
  /** The expert arcs the greedy committed to, in order, as [from, to] names. */
  chosenArcs: [string, string][];
  /** M' drawn as a PDAG: the class with every edge that all of M' orient the same way directed. */
  amended: Pdag;
  /** Arcs of `amended` that the amendment decided (undirected in the class). */
  decidedArcs: [string, string][];
  /** The member of M' with the largest posterior (ties: the first). */
  dag: Dag;
  dagPosterior: number;
}

/** The greedy amendment (§2.5, `corrected` semantics) of the class under `report`. */
export function amendClass(mec: Mec, report: Report, eta: number, strategy: Strategy = 'risk'): Amendment {
  const weights = posterior(mec.members, mec.m, report);
  const result = greedyAmend(
    { members: mec.members, m: mec.m, weights, reported: report.reported, eta },
    semanticsFlags('corrected', strategy),
  );
  const names = mec.pdag.names;
  const arcOf = (e: number, bit: number): [string, string] => {
    const edge = mec.edges[e]!;
    return bit ? [names[edge.from]!, names[edge.to]!] : [names[edge.to]!, names[edge.from]!];
  };
  const amended = clonePdag(mec.pdag);
  const decidedArcs: [string, string][] = [];
  decisions(mec.members, mec.m, result.kept).forEach((bit, e) => {
    if (bit < 0) return;
    const edge = mec.edges[e]!;
    if (bit) orient(amended, edge.from, edge.to);
    else orient(amended, edge.to, edge.from);
    decidedArcs.push(arcOf(e, bit));
  });
  let best = result.kept[0]!;
  for (const k of result.kept) if (weights[k]! > weights[best]!) best = k;
  return {
    kept: result.kept,
    classSize: mec.size,
    confidence: result.confidence,
    chosenArcs: result.chosen.map((e) => arcOf(e, report.reported[e]!)),
    amended,
    decidedArcs,
    dag: dagFromArcs(names, memberArcs(mec.pdag, mec.edges, memberBits(mec, best))),
    dagPosterior: weights[best]!,
  };
}
