// Statistics the claims measure with (lab's contract: an estimate, a confidence interval, n):
// the per-run outcomes behind a cell's share, Wilson intervals, the worst cell's margin above a
// promised coverage with a simultaneous interval, and the expected calibration error.
import { reliabilityBins } from './calibration.js';
import { normalTwoSided } from './chi-square.js';

export const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** The runs behind a share: round(share · runs) ones, the rest zeros (a cell's Bernoulli outcomes). */
export function bernoulliUnits(share: number, runs: number): number[] {
  const ones = Math.round(share * runs);
  return Array.from({ length: runs }, (_, i) => (i < ones ? 1 : 0));
}

/** z with P(|Z| > z) = twoSidedAlpha, by bisection on the normal tail. */
export function normalQuantile(twoSidedAlpha: number): number {
  if (!(twoSidedAlpha > 0 && twoSidedAlpha < 1))
    throw new Error(`two-sided alpha ${twoSidedAlpha} is invalid; valid: a number in (0, 1)`);
  let lo = 0;
  let hi = 40;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (normalTwoSided(mid) > twoSidedAlpha) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Wilson score interval for a proportion p over n trials at normal quantile z. */
export function wilsonInterval(p: number, n: number, z: number): [number, number] {
  if (n === 0) return [0, 1];
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n); // Wilson: (p + z²/2n) / (1 + z²/n)
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface CoverageCell {
  coverage: number;
  runs: number;
  eta: number;
}

export interface PromiseMargin<Cell extends CoverageCell> {
  /** min over cells of coverage − (1 − η). */
  estimate: number;
  /** Simultaneous interval for that minimum: [min lo_c, min hi_c] of Bonferroni-level Wilson intervals. */
  ci: [number, number];
  worst: Cell | undefined;
  /** Cells whose coverage is at or above 1 − η. */
  holding: number;
}

/**
 * The worst cell's margin above the promise 1 − η. Every cell gets a Wilson interval at level
 * 1 − α/K (Bonferroni over the K cells), so with probability ≥ 1 − α all true coverages lie in
 * their intervals at once, and then the true minimum margin lies in [min lo_c, min hi_c].
 */
export function promiseMargin<Cell extends CoverageCell>(
  cells: readonly Cell[],
  alpha = 0.05,
): PromiseMargin<Cell> {
  if (cells.length === 0)
    return { estimate: Number.NaN, ci: [Number.NaN, Number.NaN], worst: undefined, holding: 0 };
  const z = normalQuantile(alpha / cells.length);
  let estimate = Number.POSITIVE_INFINITY;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  let worst: Cell | undefined;
  for (const cell of cells) {
    const promise = 1 - cell.eta;
    const margin = cell.coverage - promise;
    const [wLo, wHi] = wilsonInterval(cell.coverage, cell.runs, z);
    if (margin < estimate) {
      estimate = margin;
      worst = cell;
    }
    lo = Math.min(lo, wLo - promise);
    hi = Math.min(hi, wHi - promise);
  }
  const holding = cells.filter((c) => c.coverage >= 1 - c.eta).length;
  return { estimate, ci: [lo, hi], worst, holding };
}

/** The reliability bin of a confidence in [0.5, 1] (calibration.ts's bins; the last is closed). */
function binOf(confidence: number): number {
  for (let b = 0; b < reliabilityBins.length - 1; b++) if (confidence < reliabilityBins[b]![1]) return b;
  return reliabilityBins.length - 1;
}

/** ECE = Σ_b (n_b/N)·|acc_b − conf_b| over calibration.ts's bins; confidence max(p, 1 − p), correct when p > ½. */
export function expectedCalibrationError(answers: readonly { pTrue: number }[]): number {
  if (answers.length === 0) return Number.NaN;
  const bins = reliabilityBins.length;
  const count = new Float64Array(bins);
  const confidenceSum = new Float64Array(bins);
  const correctSum = new Float64Array(bins);
  for (const { pTrue } of answers) {
    const confidence = Math.max(pTrue, 1 - pTrue); // always ≥ 0.5, so in some bin
    const bin = binOf(confidence);
    count[bin]!++;
    confidenceSum[bin]! += confidence;
    if (pTrue > 0.5) correctSum[bin]!++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++)
    if (count[b]! > 0)
      ece +=
        (count[b]! / answers.length) * Math.abs(correctSum[b]! / count[b]! - confidenceSum[b]! / count[b]!);
  return ece;
}
