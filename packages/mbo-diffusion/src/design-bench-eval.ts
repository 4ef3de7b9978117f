// Design-Bench-style statistics (brief §5.5): of K normalised candidate scores, the 100th and 50th
// percentiles and the mean; aggregated as mean ± sd over seeds or trials.
export interface CandidateScore {
  p100: number;
  p50: number;
  mean: number;
}

/** The 100th percentile, the median (average of the middle two for even K) and the mean. */
export function designBenchScore(scores: ArrayLike<number>): CandidateScore {
  if (scores.length === 0) throw new Error('designBenchScore of no candidates');
  const sorted = Float64Array.from(scores).sort();
  const middle = sorted.length / 2;
  const p50 =
    sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { p100: sorted[sorted.length - 1]!, p50, mean: sorted.reduce((s, v) => s + v, 0) / sorted.length };
}

export interface Aggregate {
  mean: number;
  sd: number;
  n: number;
}

/** Mean and sample sd (n − 1; 0 for one value). */
export function aggregate(values: readonly number[]): Aggregate {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN, n };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

export interface FinalRow {
  p100: Aggregate;
  p50: Aggregate;
  mean: Aggregate;
}

export function aggregateScores(scores: readonly CandidateScore[]): FinalRow {
  return {
    p100: aggregate(scores.map((s) => s.p100)),
    p50: aggregate(scores.map((s) => s.p50)),
    mean: aggregate(scores.map((s) => s.mean)),
  };
}
