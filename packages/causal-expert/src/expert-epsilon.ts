// The ε-expert (§2.3): for each edge independently, reports the true arc with probability 1 − ε,
// else the reverse. Likelihood modes:
//   report-keyed (default, ours): L[o_e] = 1 − ε whatever the truth;
//   truth-keyed (official code): L[true] = 1 − ε, L[false] = ε read at the reported arc, so a
//   wrong answer gets ε and the posterior ignores the answers (the leak).
import type { Rng } from 'core-tensor';
import { z } from 'zod';
import type { Report } from './posterior.js';

export const LikelihoodMode = z.enum(['report-keyed', 'truth-keyed']);
export type LikelihoodMode = z.infer<typeof LikelihoodMode>;

/** Draws which edges the expert gets right: correct[e] = 1 with probability 1 − ε. */
export function drawEpsilonAnswers(rng: Rng, m: number, epsilon: number): Uint8Array {
  if (!(epsilon >= 0 && epsilon <= 0.5))
    throw new Error(`epsilon ${epsilon} is invalid; valid: a number in [0, 0.5]`);
  return Uint8Array.from({ length: m }, () => (rng.next() < epsilon ? 0 : 1));
}

/**
 * The report over U given which arc is true for each edge (`truth[e]` = 1 when the reference arc is
 * the truth, normally all 1) and which answers are correct.
 */
export function epsilonReport(
  truth: Uint8Array,
  correct: Uint8Array,
  epsilon: number,
  mode: LikelihoodMode,
): Report {
  const m = truth.length;
  const reported = Uint8Array.from({ length: m }, (_, e) => (correct[e] ? truth[e]! : 1 - truth[e]!));
  const likelihood = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    if (mode === 'report-keyed')
      likelihood[e] = 1 - epsilon; // §2.3 report-keyed: L[o_e] = 1 − ε
    else likelihood[e] = correct[e] ? 1 - epsilon : epsilon; // §2.3 truth-keyed: L read at o_e from the truth's table
  }
  return { reported, likelihood };
}
