// The utility of an answer with target accuracy ρ (brief §2.1) [P?] and its self-estimated
// version Q (brief §2.2), reconstructed (not confirmed from the paper text).

/** λ(ρ) = ρ / (1 − ρ) (brief §2.1). */
export function lambdaOf(rho: number): number {
  if (!(rho > 0 && rho < 1))
    throw new Error(`target accuracy ρ must lie in the open interval (0, 1), got ${rho}`);
  return rho / (1 - rho);
}

/** U(x, y; λ) = Σ_c u(T(x, c)), u(1) = 1, u(0) = −λ (brief §2.1); abstention has no claims: U = 0 [R]. */
export function utility(trueClaims: number, falseClaims: number, rho: number): number {
  return trueClaims - lambdaOf(rho) * falseClaims;
}

/**
 * Q(x, y) = Σ_{c ∈ CS(y)} [(1 + λ) p̂(c) − λ], the expected utility when each claim is true with
 * probability p̂(c) (brief §2.2); Q(abstain) = 0. Reconstructed (not confirmed from the paper text).
 */
export function qValue(claimLikelihoods: readonly number[], rho: number): number {
  const lambda = lambdaOf(rho);
  let q = 0;
  for (const p of claimLikelihoods) q += (1 + lambda) * p - lambda;
  return q;
}
