// A 95% Student-t interval for a mean. Used where the units are too few for a percentile bootstrap
// (cg-stronger's guidance gate resamples 4 c.g. models at the default n; a bootstrap of 4 values
// excluded 0 in 25% of simulated runs without any shift, test/claims-calibration.test.ts).
// Two-sided 97.5% quantiles of t for df = 1…30 (standard tables); beyond, the Cornish-Fisher
// expansion t ≈ z + (z³ + z)/(4·df) with z = 1.959964.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

export function tQuantile975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new Error(`t quantile needs an integer df ≥ 1, got ${df}`);
  const z = 1.959964;
  return T975[df - 1] ?? z + (z ** 3 + z) / (4 * df);
}

/** Mean of the finite values with its 95% t interval (NaN bounds for fewer than 2 values). */
export function meanTInterval(values: readonly number[]): {
  estimate: number;
  ci: [number, number];
  n: number;
} {
  const finite = values.filter(Number.isFinite);
  const n = finite.length;
  const estimate = n === 0 ? Number.NaN : finite.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { estimate, ci: [Number.NaN, Number.NaN], n };
  const sd = Math.sqrt(finite.reduce((s, v) => s + (v - estimate) ** 2, 0) / (n - 1));
  const half = (tQuantile975(n - 1) * sd) / Math.sqrt(n); // x̄ ± t·s/√n
  return { estimate, ci: [estimate - half, estimate + half], n };
}
