// The corruption check (brief §8) without its frequency confound (issue 15, point 7) [O]. Comparing
// every corrupted pair with every other pair compared frequent pairs with never-mentioned ones:
// corrupted pairs occur only where an entity is mentioned often, so "clean" was dominated by pairs
// the model had never seen. Here a corrupted pair is compared with clean pairs that were mentioned
// (≥ 1 clean mention, no corrupted one) of entities of the same tier, and the tiers are weighted by
// their corrupted false claims.
import type { CalibrationPoint } from './calibrationPoints.js';

export interface CorruptionComparison {
  /** Share of false pool claims rated p̂ > ρ, on pairs with corrupted mentions. */
  corrupted: number;
  /** The same on mentioned clean pairs of the same tiers, tier-weighted like `corrupted`. */
  clean: number;
  corruptedClaims: number;
  cleanClaims: number;
}

export function compareCorruption(points: readonly CalibrationPoint[], rho: number): CorruptionComparison {
  const wrong = points.filter((p) => !p.truth);
  const tiers = [...new Set(wrong.filter((p) => p.corruptedPair).map((p) => p.tier))];
  let corruptedHits = 0;
  let corruptedClaims = 0;
  let cleanWeighted = 0;
  let weight = 0;
  let cleanClaims = 0;
  for (const tier of tiers) {
    const corrupted = wrong.filter((p) => p.tier === tier && p.corruptedPair);
    const clean = wrong.filter((p) => p.tier === tier && !p.corruptedPair && p.cleanMentions > 0);
    corruptedHits += corrupted.filter((p) => p.p > rho).length;
    corruptedClaims += corrupted.length;
    if (clean.length === 0) continue;
    // weight each tier's clean rate by the tier's corrupted false claims
    cleanWeighted += (corrupted.length * clean.filter((p) => p.p > rho).length) / clean.length;
    weight += corrupted.length;
    cleanClaims += clean.length;
  }
  return {
    corrupted: corruptedClaims ? corruptedHits / corruptedClaims : Number.NaN,
    clean: weight ? cleanWeighted / weight : Number.NaN,
    corruptedClaims,
    cleanClaims,
  };
}
