// The MEC posterior (§2.4): uniform prior on the members, a per-edge likelihood on the report,
//   p(O | G) = Π_e ( L_e if o_e ∈ G else 1 − L_e ),   P(S | O) = Σ_{G∈S} p(O|G) / Σ_{G∈MEC} p(O|G),
// computed in log space with log-sum-exp (LLM confidences reach 0.9999).

/** A report: per U-edge, reported[e] = 1 when the expert gave the reference arc, and its likelihood L_e. */
export interface Report {
  reported: Uint8Array;
  likelihood: Float64Array;
}

export function logSumExp(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}

function checkLikelihood(value: number, edge: number): void {
  if (!(value >= 0 && value <= 1))
    throw new Error(`likelihood of edge ${edge} is ${value}; valid: a number in [0, 1]`);
}

export const likelihoodClip = 1e-12;

/** log p(O | G_k) for every member k (§2.4). `members` is K × m bits. */
export function logLikelihoods(members: Uint8Array, m: number, report: Report): Float64Array {
  const size = m === 0 ? 1 : members.length / m;
  const logAgree = new Float64Array(m);
  const logDisagree = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    const L = report.likelihood[e]!;
    checkLikelihood(L, e);
    // [ours] clipped to [1e-12, 1 − 1e-12] so a stated certainty (cached answers round to 1.0) cannot
    // give every member likelihood 0.
    const clipped = Math.min(1 - likelihoodClip, Math.max(likelihoodClip, L));
    logAgree[e] = Math.log(clipped);
    logDisagree[e] = Math.log(1 - clipped);
  }
  const out = new Float64Array(size);
  for (let k = 0; k < size; k++) {
    let total = 0;
    const offset = k * m;
    for (let e = 0; e < m; e++)
      total += members[offset + e] === report.reported[e] ? logAgree[e]! : logDisagree[e]!;
    out[k] = total;
  }
  return out;
}

/** Posterior probability of every member (sums to 1). */
export function posterior(members: Uint8Array, m: number, report: Report): Float64Array {
  const logs = logLikelihoods(members, m, report);
  const normaliser = logSumExp(logs);
  if (!Number.isFinite(normaliser))
    throw new Error('every MEC member has likelihood 0 under this report (a likelihood of exactly 0 or 1?)');
  return logs.map((value) => Math.exp(value - normaliser));
}
