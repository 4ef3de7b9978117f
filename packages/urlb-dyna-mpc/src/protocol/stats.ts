// Statistics the claims use: the mean with a Student-t 95 % interval over a few paired units, and
// Spearman ρ for C4. Why Student-t and not lab's percentile bootstrap: with 3 pairs (the default
// preset's 3 seeds) a percentile bootstrap interval's lower end is the smallest pair, so three
// positive pairs of pure noise (probability 1/8) read as an effect; the calibration tests
// (test/claims-calibration.test.ts) measure this. The t interval is exact for normal differences.
import { sampleRankCorrelation } from 'simple-statistics';

/** Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom. */
const tQuantile975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t_{0.975, df}; beyond 30 the Cornish–Fisher expansion around z = 1.95996 (error < 1e-3). */
export function studentQuantile975(degreesOfFreedom: number): number {
  if (!Number.isInteger(degreesOfFreedom) || degreesOfFreedom < 1)
    throw new Error(`degrees of freedom must be an integer ≥ 1, got ${degreesOfFreedom}`);
  if (degreesOfFreedom <= tQuantile975.length) return tQuantile975[degreesOfFreedom - 1]!;
  const z = 1.959964;
  const df = degreesOfFreedom;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2);
}

export interface MeanInterval {
  estimate: number;
  ci: [number, number];
  n: number;
}

/** Mean x̄ with the 95 % interval x̄ ± t_{0.975, n−1}·s/√n; NaN interval below two values. */
export function meanWithStudentCi(values: readonly number[]): MeanInterval {
  const n = values.length;
  if (n === 0) return { estimate: Number.NaN, ci: [Number.NaN, Number.NaN], n };
  const estimate = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { estimate, ci: [Number.NaN, Number.NaN], n };
  const variance = values.reduce((sum, x) => sum + (x - estimate) ** 2, 0) / (n - 1);
  const halfWidth = studentQuantile975(n - 1) * Math.sqrt(variance / n);
  return { estimate, ci: [estimate - halfWidth, estimate + halfWidth], n };
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length < 3) return Number.NaN;
  return sampleRankCorrelation([...x], [...y]);
}
