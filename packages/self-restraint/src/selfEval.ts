// Claim likelihood p(T | x, c, Y) (brief §2.3, §4.4). In the world the model evaluates itself by the
// consistency of its own samples [O]: over an entity's pool, counting only pairs the model generated
// (never hint copies, brief §2.4):
//   p̂(a, v) = n(a, v) / (n(a) + s)
// where n(a) = samples that generated some value for attribute a, n(a, v) = those that generated v,
// s = selfEval.discount. "Absent = unsupported" is deliberately not used: documents mention random
// subsets of attributes (brief §13, pitfall 8). The `oracle` variant uses the exact truth instead.
import type { Claim } from './vocab.js';
import type { World } from './world.js';

/** p̂ for a claim about one entity. */
export type ClaimLikelihood = (claim: Claim) => number;

/** One sampled answer in a search pool. */
export interface PoolSample {
  /** The complete answer after the name: hint claims (rounds 2–3) followed by the continuation. */
  answer: number[];
  /** The claims the model generated itself (the continuation only). */
  generated: Claim[];
  /** The hint claims copied into the prompt (not evidence). */
  hints: Claim[];
  round: number;
}

export function consistencyLikelihood(pool: readonly PoolSample[], discount: number): ClaimLikelihood {
  if (!(discount >= 0)) throw new Error(`selfEval.discount must be ≥ 0, got ${discount}`);
  const perAttribute = new Map<number, number>(); // n(a)
  const perPair = new Map<string, number>(); // n(a, v)
  for (const sample of pool) {
    const attributes = new Set<number>();
    const pairs = new Set<string>();
    for (const claim of sample.generated) {
      attributes.add(claim.attribute);
      pairs.add(`${claim.attribute}:${claim.valueToken}`);
    }
    for (const a of attributes) perAttribute.set(a, (perAttribute.get(a) ?? 0) + 1);
    for (const key of pairs) perPair.set(key, (perPair.get(key) ?? 0) + 1);
  }
  return (claim) => {
    const pair = perPair.get(`${claim.attribute}:${claim.valueToken}`) ?? 0;
    const attribute = perAttribute.get(claim.attribute) ?? 0;
    return attribute + discount === 0 ? 0 : pair / (attribute + discount);
  };
}

/** The oracle: p̂ = T(x, c) exactly (brief §5, `oracle-research-sft`). */
export function oracleLikelihood(world: World, entity: number): ClaimLikelihood {
  return (claim) => (world.isTrue(entity, claim) ? 1 : 0);
}
