// The greedy amendment (§2.5): commit to expert arcs while the tracked confidence stays above
// 1 − η. S_risk picks the most (or, paper-2023, least) probable candidate, S_size the one giving
// the smallest class; ties go to the first candidate in code-unit order of the true arc.
import type { GreedyFlags } from './semantics.js';

/** δ of §2.5: makes thresholds at exactly 1 − η deterministic. */
export const thresholdSlack = 1e-9;

export interface GreedyInput {
  /** K × m member bits. */
  members: Uint8Array;
  m: number;
  /** Posterior P(G_k | O) of each member (sums to 1). */
  weights: Float64Array;
  /** The expert's reported bit per edge (candidate a_e = {G : bits[e] = reported[e]}). */
  reported: Uint8Array;
  eta: number;
}

export interface GreedyResult {
  /** Indices of M' in the MEC. */
  kept: Int32Array;
  /** The returned p (§2.5): the exact mass of M' or the running product. */
  confidence: number;
  /** The edges chosen, in order. */
  chosen: number[];
  iterations: number;
  /** True when the 10·m iteration guard stopped the loop (exact mode without removeTaken/skipNoOp). */
  hitGuard: boolean;
}

const round12 = (q: number) => Math.round(q * 1e12) / 1e12;

export function greedyAmend(input: GreedyInput, flags: GreedyFlags): GreedyResult {
  const { members, m, weights, reported, eta } = input;
  if (!(eta >= 0 && eta <= 1)) throw new Error(`eta ${eta} is invalid; valid: a number in [0, 1]`);
  const threshold = 1 - eta + thresholdSlack;
  let current = Int32Array.from({ length: weights.length }, (_, k) => k);
  let p = 1;
  const candidates = Array.from({ length: m }, (_, e) => e); // U is already in code-unit order of the true arc
  const chosen: number[] = [];
  const guard = 10 * m;
  let iterations = 0;
  let hitGuard = false;
  while (current.length > 1 && p > threshold) {
    if (iterations >= guard) {
      hitGuard = true;
      break;
    }
    iterations++;
    let best = -1;
    let bestQ = 0;
    let bestSize = 0;
    for (const e of candidates) {
      let size = 0;
      let q = 0;
      for (const k of current) {
        if (members[k * m + e] === reported[e]) {
          size++;
          q += weights[k]!; // q = P(M_a | O), mass relative to the whole MEC
        }
      }
      if (size === 0 || (flags.skipNoOp && size === current.length)) continue;
      const admissible = flags.confidence === 'exact' ? q > threshold : p * q > threshold;
      if (!admissible) continue;
      const better =
        best < 0 ||
        (flags.strategy === 'size'
          ? size < bestSize
          : flags.pickOrder === 'most-likely'
            ? round12(q) > round12(bestQ)
            : round12(q) < round12(bestQ));
      if (better) {
        best = e;
        bestQ = q;
        bestSize = size;
      }
    }
    if (best < 0) break;
    if (flags.removeTaken) candidates.splice(candidates.indexOf(best), 1);
    current = current.filter((k) => members[k * m + best] === reported[best]);
    p = flags.confidence === 'exact' ? bestQ : p * bestQ;
    chosen.push(best);
  }
  return { kept: current, confidence: p, chosen, iterations, hitGuard };
}
