// Selective prediction over the run (issue 15, point 6) [O]: each variant's items (src/selectiveItems.ts)
// pooled over seeds, scored by src/selectivePrediction.ts, and the risk–coverage curves for the plot.
// "Own abstention" is where the variant's greedy answer abstains: off it, the greedy answer is the forced
// answer itself (same argmax at every step, unless the greedy answer is empty: `<eos>` first), so its
// risk is the true loss of what the model says.
import type { SeedResult } from './seedJob.js';
import {
  abstentionAuroc,
  aurc,
  optimalAurc,
  riskCoverage,
  type SelectiveItem,
} from './selectivePrediction.js';

type Results = readonly Pick<SeedResult, 'selective' | 'greedyUnits'>[];

export interface SelectiveRow {
  /** Held-out entities pooled over seeds. */
  items: number;
  /** Mean loss at full coverage (every forced answer). */
  risk: number;
  /** Items whose forced answer is wrong (loss ≥ 0.5): the positives of the AUROC. */
  wrong: number;
  aurc: number;
  optimalAurc: number;
  /** AUROC of P(<idk>) against the wrong forced answers. */
  auroc: number;
  /** Share of items the greedy answer does not abstain on, and the mean loss there (NaN if none). */
  ownCoverage: number;
  ownRisk: number;
}

/** Variants with items, in order of first appearance. */
export function selectiveVariants(results: Results): string[] {
  return [...new Set(results.flatMap((r) => Object.keys(r.selective ?? {})))];
}

export function pooledItems(results: Results, variant: string): SelectiveItem[] {
  return results.flatMap((r) => r.selective?.[variant] ?? []);
}

/** The items a variant's greedy answer does not abstain on, pooled over seeds. */
function ownAnswered(results: Results, variant: string): SelectiveItem[] {
  return results.flatMap((r) => {
    const items = r.selective?.[variant] ?? [];
    const greedy = r.greedyUnits[variant] ?? [];
    return items.filter((_, i) => greedy[i]?.abstained === 0);
  });
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : Number.NaN);

export function selectiveRowOf(results: Results, variant: string): SelectiveRow {
  const items = pooledItems(results, variant);
  const answered = ownAnswered(results, variant);
  return {
    items: items.length,
    risk: mean(items.map((x) => x.loss)),
    wrong: items.filter((x) => x.loss >= 0.5).length,
    aurc: aurc(items),
    optimalAurc: optimalAurc(items),
    auroc: abstentionAuroc(items),
    ownCoverage: items.length ? answered.length / items.length : Number.NaN,
    ownRisk: mean(answered.map((x) => x.loss)),
  };
}

export function selectiveTable(results: Results): Record<string, SelectiveRow> {
  return Object.fromEntries(selectiveVariants(results).map((v) => [v, selectiveRowOf(results, v)]));
}

/**
 * The variants of the plot, at most `max` so the lines stay readable: research-sft at the main ρ first,
 * then every other variant, and the other ρ of the sweep last (they are the first to be left out).
 */
export function plotVariants(variants: readonly string[], rho: number, max = 8): string[] {
  const main = `research-sft@${rho}`;
  const sweep = (v: string) => v.startsWith('research-sft@') && v !== main;
  return [
    ...variants.filter((v) => v === main),
    ...variants.filter((v) => v !== main && !sweep(v)),
    ...variants.filter(sweep),
  ].slice(0, max);
}

/** At most `max` (≥ 2) points evenly spaced by index, the first and the last included. */
export function downsample<T>(points: readonly T[], max: number): T[] {
  if (points.length <= max) return points.slice();
  return Array.from({ length: max }, (_, i) => points[Math.round((i * (points.length - 1)) / (max - 1))]!);
}

/** Rows of the risk–coverage plot: one curve per variant, each downsampled to `maxPoints`. */
export function riskCoverageRows(results: Results, variants: readonly string[], maxPoints = 200) {
  return variants.flatMap((variant) =>
    downsample(riskCoverage(pooledItems(results, variant)), maxPoints).map((p) => ({
      variant,
      coverage: p.coverage,
      risk: p.risk,
    })),
  );
}
