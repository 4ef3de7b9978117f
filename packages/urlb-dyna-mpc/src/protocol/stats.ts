// Paired differences and their statistics (brief §7, §9): mean Δ, share of Δ > 0, 95 % CI of the
// mean Δ from lab's bootstrap over the (task, seed) pairs (10,000 resamples, only with ≥ 10 pairs),
// Spearman ρ.
import { bootstrap, meanOf } from 'lab';
import { mean, sampleRankCorrelation } from 'simple-statistics';

export interface PairedStats {
  pairs: number;
  meanDelta: number;
  minDelta: number;
  share: number; // fraction of Δ > 0
  ci: [number, number] | null;
}

/** 95 % percentile CI of the mean Δ: lab's bootstrap, resampling the pairs (one seed for every claim). */
function meanDeltaCi(deltas: readonly number[]): [number, number] {
  return bootstrap(deltas, (sample) => meanOf(sample, (delta) => delta), {
    seed: 'paired-delta',
    resamples: 10_000,
    level: 0.95,
  }).ci;
}

export function pairedStats(deltas: readonly number[]): PairedStats | null {
  if (deltas.length === 0) return null;
  return {
    pairs: deltas.length,
    meanDelta: mean([...deltas]),
    minDelta: Math.min(...deltas),
    share: deltas.filter((d) => d > 0).length / deltas.length,
    ci: deltas.length >= 10 ? meanDeltaCi(deltas) : null,
  };
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length < 3) return Number.NaN;
  return sampleRankCorrelation([...x], [...y]);
}
