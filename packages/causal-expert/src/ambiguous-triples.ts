// The conservative and majority v-structure rules (§3.4 options; pcalg's pc.cons.intern and
// checkTriple with pc's version.unf = c(2, 1), i.e. Tetrad's CPC): for every unshielded triple
// a–b–c of the skeleton, test a ⊥ c | S for every subset S of adj(a) and of adj(c), and look at the
// sets S that separate a and c:
// - b in none of them: a v-structure (b is removed from sepset(a, c));
// - b in all of them: no v-structure (b is added to sepset(a, c));
// - otherwise: conservative leaves the triple ambiguous; majority decides by the share of sets
//   holding b (< ½ v-structure, > ½ none, exactly ½ ambiguous).
// A triple with no separating subset at all is ambiguous (version.unf[1] = 2). The initial sepset
// does not vote (version.unf[2] = 1). A NaN p-value counts as independent, as in the skeleton
// (§3.2) [ours: pcalg's checkTriple compares NaN with α, not confirmed how it ends].
import type { CiTest } from './ci-tests.js';
import { tripleKey } from './orient.js';
import type { Skeleton } from './pc-stable.js';

export const TripleRule = ['conservative', 'majority'] as const;
export type TripleRule = (typeof TripleRule)[number];

export interface TripleDecisions {
  /** Keys (tripleKey) of the triples left ambiguous. */
  ambiguous: Set<string>;
  /** The skeleton with its sepsets updated by the decisions (both orders of each pair). */
  skeleton: Skeleton;
  /** Unshielded triples examined, and CI tests run for them (not counted in skeleton.ntests). */
  triples: number;
  tests: number;
}

/** Every subset of `items` (2^k of them), as arrays in ascending element order. */
function allSubsets(items: readonly number[]): number[][] {
  const subsets: number[][] = [];
  for (let mask = 0; mask < 1 << items.length; mask++) subsets.push(items.filter((_, i) => (mask >> i) & 1));
  return subsets;
}

function neighbours(skeleton: Skeleton, node: number): number[] {
  const out: number[] = [];
  for (let v = 0; v < skeleton.d; v++) if (skeleton.adjacency[node * skeleton.d + v] === 1) out.push(v);
  return out;
}

type Decision = 'v-structure' | 'no v-structure' | 'ambiguous';

/** checkTriple: the decision from the membership of b in each separating set (empty: none found). */
function decide(holdsB: readonly boolean[], rule: TripleRule): Decision {
  if (holdsB.length === 0) return 'ambiguous'; // version.unf[1] = 2: no subset separates a and c
  const share = holdsB.filter(Boolean).length / holdsB.length;
  if (share === 0) return 'v-structure';
  if (share === 1) return 'no v-structure';
  if (rule === 'conservative') return 'ambiguous';
  return share < 0.5 ? 'v-structure' : share > 0.5 ? 'no v-structure' : 'ambiguous';
}

function withB(set: readonly number[] | undefined, b: number, keep: boolean): number[] {
  const rest = (set ?? []).filter((v) => v !== b);
  return keep ? [...rest, b] : rest;
}

/** The decisions of `rule` on every unshielded triple of the skeleton. */
export function decideTriples(
  skeleton: Skeleton,
  test: CiTest,
  alpha: number,
  rule: TripleRule,
): TripleDecisions {
  const d = skeleton.d;
  const adj = (i: number, j: number) => skeleton.adjacency[i * d + j] === 1;
  const sepsets = new Map(skeleton.sepsets);
  const ambiguous = new Set<string>();
  let triples = 0;
  let tests = 0;
  for (let b = 0; b < d; b++)
    for (let a = 0; a < d; a++) {
      if (!adj(a, b)) continue;
      for (let c = a + 1; c < d; c++) {
        if (c === b || !adj(b, c) || adj(a, c)) continue;
        triples++;
        const holdsB: boolean[] = [];
        for (const side of [a, c])
          for (const subset of allSubsets(neighbours(skeleton, side))) {
            tests++;
            const p = test.pValue(a, c, subset);
            if (Number.isNaN(p) || p >= alpha) holdsB.push(subset.includes(b));
          }
        const decision = decide(holdsB, rule);
        if (decision === 'ambiguous') ambiguous.add(tripleKey(a, b, c));
        else {
          const keep = decision === 'no v-structure';
          sepsets.set(`${a},${c}`, withB(sepsets.get(`${a},${c}`), b, keep));
          sepsets.set(`${c},${a}`, withB(sepsets.get(`${c},${a}`), b, keep));
        }
      }
    }
  return { ambiguous, skeleton: { ...skeleton, sepsets }, triples, tests };
}
