// Paired differences and their statistics (brief §7, §9): mean Δ, share of Δ > 0, 95 % bootstrap
// CI of the mean (10,000 seeded resamples, only with ≥ 10 pairs), Spearman ρ.
import { Rng } from 'core-tensor';
import { mean, quantile, sampleRankCorrelation } from 'simple-statistics';

export interface PairedStats {
  pairs: number;
  meanDelta: number;
  minDelta: number;
  share: number; // fraction of Δ > 0
  ci: [number, number] | null;
}

export function bootstrapMeanCi(deltas: readonly number[], seed = 0, resamples = 10_000): [number, number] {
  const rng = new Rng(seed).split('bootstrap');
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < deltas.length; i++) sum += deltas[rng.int(deltas.length)]!;
    means.push(sum / deltas.length);
  }
  return [quantile(means, 0.025), quantile(means, 0.975)];
}

export function pairedStats(deltas: readonly number[]): PairedStats | null {
  if (deltas.length === 0) return null;
  return {
    pairs: deltas.length,
    meanDelta: mean([...deltas]),
    minDelta: Math.min(...deltas),
    share: deltas.filter((d) => d > 0).length / deltas.length,
    ci: deltas.length >= 10 ? bootstrapMeanCi(deltas) : null,
  };
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length < 3) return Number.NaN;
  return sampleRankCorrelation([...x], [...y]);
}
