// Statistics of brief §7.4–7.6: Wilson interval, mid-ranks, Spearman ρ, Kendall τ_b, exact McNemar.
// Each is unit-tested against a hand computation. The percentile bootstrap is lab's.

export { kendallTauB } from 'lab'; // §7.6, with the tie correction

/** 95 % Wilson interval (§7.4): centre (p̂ + z²/2M)/(1 + z²/M), half-width z·√(p̂(1−p̂)/M + z²/4M²)/(1 + z²/M). */
export function wilson(successes: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Mid-ranks (1-based; ties get the mean of their ranks). */
export function midRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  for (let s = 0; s < order.length; ) {
    let e = s;
    while (e + 1 < order.length && order[e + 1]!.v === order[s]!.v) e++;
    const mid = (s + e) / 2 + 1;
    for (let k = s; k <= e; k++) ranks[order[k]!.i] = mid;
    s = e + 1;
  }
  return ranks;
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Spearman ρ (§7.6): Pearson correlation of mid-ranks; NaN when either side has constant ranks. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  return pearson(midRanks(x), midRanks(y));
}

/** Binomial CDF P(X ≤ k), X ~ Bin(n, ½), exactly (log-space sums). */
export function binomCdfHalf(k: number, n: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let logC = 0; // log C(n, 0)
  let total = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    total += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, total);
}

/** Exact McNemar (§7.6): b = only p solves, c = only q solves; p = min(1, 2·BinomCDF(min(b, c); b + c, ½)). */
export function mcnemarExact(b: number, c: number): number {
  if (b + c === 0) return 1;
  return Math.min(1, 2 * binomCdfHalf(Math.min(b, c), b + c));
}

/** Discordant counts of two paired outcome maps (key → 0/1) over their shared keys. */
export function discordant(
  p: ReadonlyMap<string, number>,
  q: ReadonlyMap<string, number>,
): { b: number; c: number; n: number } {
  let b = 0;
  let c = 0;
  let n = 0;
  for (const [key, sp] of p) {
    const sq = q.get(key);
    if (sq === undefined) continue;
    n++;
    if (sp > 0 && !(sq > 0)) b++;
    if (sq > 0 && !(sp > 0)) c++;
  }
  return { b, c, n };
}
