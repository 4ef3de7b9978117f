// Inference-time filtering, `filter16@ρ` (brief §5) [O]: from K base samples, answer each attribute's
// most likely value if its p̂ > ρ, and abstain when no attribute qualifies. Costs K samples per query.
import { type ClaimLikelihood, consistencyLikelihood, type PoolSample } from './selfEval.js';
import type { Vocab } from './vocab.js';
import { type Claim, IDK } from './vocab.js';

export function filterAtInference(
  pool: readonly PoolSample[],
  rho: number,
  discount: number,
  vocab: Vocab,
  likelihood: ClaimLikelihood = consistencyLikelihood(pool, discount),
): number[] {
  const best = new Map<number, { claim: Claim; p: number }>();
  for (const sample of pool) {
    for (const claim of sample.generated) {
      const p = likelihood(claim);
      const current = best.get(claim.attribute);
      if (p > rho && (!current || p > current.p)) best.set(claim.attribute, { claim, p });
    }
  }
  if (best.size === 0) return [IDK];
  const claims = [...best.keys()].sort((a, b) => a - b).map((a) => best.get(a)!.claim);
  return vocab.claimTokens(claims);
}
