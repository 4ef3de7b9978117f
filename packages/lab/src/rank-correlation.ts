// Kendall's τ_b, the rank correlation two studies report beside Pearson and Spearman (which
// simple-statistics provides; it has no τ_b). O(n²) pair counting, fine for the hundreds of points
// a claim looks at.

/** Kendall τ_b = (C − D)/√((n₀ − n₁)(n₀ − n₂)), with n₁, n₂ the pairs tied in x and in y; NaN when undefined. */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length)
    throw new Error(`kendallTauB needs equal lengths, got ${x.length} and ${y.length}`);
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  const n = x.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      if (dx === 0) tiesX++;
      if (dy === 0) tiesY++;
      if (dx !== 0 && dy !== 0) {
        if (dx === dy) concordant++;
        else discordant++;
      }
    }
  }
  const pairs = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((pairs - tiesX) * (pairs - tiesY));
  return denominator === 0 ? Number.NaN : (concordant - discordant) / denominator;
}
