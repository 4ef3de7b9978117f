// The clean-label gate (issue 15, point 2) [O]: the smallest clean-label AUROC over the seeds. Each
// seed fine-tunes its own model, so a seed whose model cannot learn oracle-selective labels cannot
// show learned self-restraint either; the minimum, not the mean, is what every seed must reach.
import type { SeedResult } from './seedJob.js';

/** AUROC of P(<idk>), unknown vs top held-out entities, that SFT on oracle-selective targets must reach. */
export const CLEAN_LABEL_MIN_AUROC = 0.8;

export interface CleanLabelGate {
  /** min over seeds of the clean-label AUROC (NaN when a seed could not measure it). */
  value: number;
  perSeed: { seed: number; auroc: number; idkByTier: Record<string, number> }[];
}

export function cleanLabelGateOf(
  results: readonly Pick<SeedResult, 'seed' | 'cleanLabel'>[],
): CleanLabelGate {
  const perSeed = results.map((r) => ({
    seed: r.seed,
    auroc: r.cleanLabel.auroc,
    idkByTier: r.cleanLabel.idkByTier,
  }));
  const values = perSeed.map((s) => s.auroc);
  const value =
    values.some((v) => !Number.isFinite(v)) || values.length === 0 ? Number.NaN : Math.min(...values);
  return { value, perSeed };
}
