// The expert pipeline started from a PC output (§3.5, ours): the class = the consistent
// extensions of PC's PDAG; the expert's truth on a PC edge is G*'s arc, else the ancestral
// direction in G*, else a fair coin (noGroundTruth); SHD is measured against G*.
import type { Rng } from 'core-tensor';
import { drawEpsilonAnswers, epsilonReport } from './expert-epsilon.js';
import { adjacent, ancestorSets, type Dag, directedArcs, type Pdag, pdagOfDag } from './graph.js';
import { greedyAmend } from './greedy.js';
import { enumerateMec, type Mec, type RefEdge } from './mec.js';
import { posterior } from './posterior.js';
import { semanticsFlags } from './semantics.js';

export interface PcClass {
  mec: Mec;
  /** Edges of U with no orientation in G* (neither arc nor ancestry): the reference is a coin flip. */
  noGroundTruth: number;
  /** Per U-edge: 1 when the pair is adjacent in G*. */
  inTruth: Uint8Array;
  /** SHD part shared by every member: adjacency differences plus wrongly directed PDAG arcs. */
  baseShd: number;
  /** Whether G* itself is a member (same skeleton, PDAG arcs all in G*, its orientation valid). */
  admitsTruth: boolean;
  truthIndex: number;
  /** Members at the smallest SHD to G*. */
  bestMembers: Set<number>;
}

export function pcClass(pdag: Pdag, truth: Dag, rng: Rng, cap: number): PcClass {
  const truthPdag = pdagOfDag(truth);
  const ancestors = ancestorSets(truth);
  let noGroundTruth = 0;
  const reference = (a: number, b: number): RefEdge => {
    if (truth.parents[b]!.includes(a)) return { from: a, to: b };
    if (truth.parents[a]!.includes(b)) return { from: b, to: a };
    if (ancestors[b]!.has(a)) return { from: a, to: b };
    if (ancestors[a]!.has(b)) return { from: b, to: a };
    noGroundTruth++;
    return rng.next() < 0.5 ? { from: a, to: b } : { from: b, to: a };
  };
  const mec = enumerateMec(pdag, reference, { cap, checkCrossCycles: true });
  const inTruth = Uint8Array.from(mec.edges, (e) => (adjacent(truthPdag, e.from, e.to) ? 1 : 0));
  // Adjacency differences, plus PDAG arcs reversed on true adjacencies (arcs on false adjacencies
  // are already counted as adjacency differences).
  let adjacencyDiff = 0;
  for (let i = 0; i < pdag.n; i++)
    for (let j = i + 1; j < pdag.n; j++)
      if (adjacent(pdag, i, j) !== adjacent(truthPdag, i, j)) adjacencyDiff++;
  const arcs = directedArcs(pdag);
  const reversedArcs = arcs.filter(([from, to]) => truth.parents[from]!.includes(to)).length;
  const arcsNotInTruth = arcs.filter(([from, to]) => !truth.parents[to]!.includes(from)).length;
  const baseShd = adjacencyDiff + reversedArcs;
  let truthIndex = -1;
  const bestMembers = new Set<number>();
  if (mec.size > 0 && !mec.tooLarge) {
    let best = Number.POSITIVE_INFINITY;
    const shds = new Int32Array(mec.size);
    for (let k = 0; k < mec.size; k++) {
      let wrong = 0;
      let all = true;
      for (let e = 0; e < mec.m; e++) {
        const bit = mec.members[k * mec.m + e]!;
        if (bit === 0) all = false;
        if (inTruth[e] && bit === 0) wrong++;
      }
      if (all) truthIndex = k;
      shds[k] = wrong;
      best = Math.min(best, wrong);
    }
    for (let k = 0; k < mec.size; k++) if (shds[k] === best) bestMembers.add(k);
  }
  const admitsTruth = adjacencyDiff === 0 && arcsNotInTruth === 0 && truthIndex >= 0;
  return {
    mec,
    noGroundTruth,
    inTruth,
    baseShd,
    admitsTruth,
    truthIndex: admitsTruth ? truthIndex : -1,
    bestMembers,
  };
}

export interface PcExpertRun {
  mecSize: number;
  shd: number;
  kept: number;
  keptBest: number;
  confidence: number;
}

/** One corrected S_risk run of the ε-expert on a PC class (§8 default "on each PC output"). */
export function runExpertOnPcClass(cls: PcClass, rng: Rng, epsilon: number, eta: number): PcExpertRun {
  const { mec } = cls;
  const truthBits = new Uint8Array(mec.m).fill(1);
  const correct = drawEpsilonAnswers(rng, mec.m, epsilon);
  const report = epsilonReport(truthBits, correct, epsilon, 'report-keyed');
  const weights = posterior(mec.members, mec.m, report);
  const result = greedyAmend(
    { members: mec.members, m: mec.m, weights, reported: report.reported, eta },
    semanticsFlags('corrected', 'risk'),
  );
  let unionWrong = 0;
  for (let e = 0; e < mec.m; e++) {
    if (!cls.inTruth[e]) continue;
    for (const k of result.kept)
      if (mec.members[k * mec.m + e] === 0) {
        unionWrong++;
        break;
      }
  }
  let kept = 0;
  let keptBest = 0;
  for (const k of result.kept) {
    if (k === cls.truthIndex) kept = 1;
    if (cls.bestMembers.has(k)) keptBest = 1;
  }
  return {
    mecSize: result.kept.length,
    shd: cls.baseShd + unionWrong,
    kept,
    keptBest,
    confidence: result.confidence,
  };
}
