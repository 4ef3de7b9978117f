// Selective-prediction metrics (issue 15, point 6) [O]: how well a model's abstention score ranks
// the answers it would have got wrong. Each item is one query: `abstain` is the model's abstention
// score (P(<idk>) at the first answer token) and `loss` ∈ [0, 1] the loss of the answer it would give
// if forced to answer (1 = wrong). Answering the items with the lowest abstention scores first gives
// the risk–coverage curve (Geifman & El-Yaniv 2017); AURC is its mean over coverage (Geifman et al.
// 2019); AUROC of the abstention score against wrong answers is stats.ts's auroc.
import { auroc } from './stats.js';

export interface SelectiveItem {
  abstain: number;
  loss: number;
}

export interface RiskCoveragePoint {
  /** Share of items answered. */
  coverage: number;
  /** Mean loss of the answered items. */
  risk: number;
}

/**
 * Risk at every coverage k/n, k = 1..n, answering in order of increasing abstention score. Within a
 * group of tied scores the order is arbitrary, so the risk there is its expectation over the orders:
 * risk(k) = (L + (k − k₀)·m) / k, with L the loss before the group, k₀ its start, m its mean loss.
 */
export function riskCoverage(items: readonly SelectiveItem[]): RiskCoveragePoint[] {
  const sorted = items.slice().sort((a, b) => a.abstain - b.abstain);
  const n = sorted.length;
  const points: RiskCoveragePoint[] = [];
  let before = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    let groupLoss = 0;
    while (end < n && sorted[end]!.abstain === sorted[start]!.abstain) groupLoss += sorted[end++]!.loss;
    const mean = groupLoss / (end - start);
    // risk(k) = (L + (k − k₀)·m) / k (expected over tie orders)
    for (let k = start + 1; k <= end; k++)
      points.push({ coverage: k / n, risk: (before + (k - start) * mean) / k });
    before += groupLoss;
    start = end;
  }
  return points;
}

/** AURC = (1/n) Σ_k risk(k/n): the area under the risk–coverage curve (NaN without items). */
export function aurc(items: readonly SelectiveItem[]): number {
  const curve = riskCoverage(items);
  return curve.length ? curve.reduce((s, p) => s + p.risk, 0) / curve.length : Number.NaN;
}

/** The AURC of a perfect ranking (lowest losses first): the floor AURC is compared with. */
export function optimalAurc(items: readonly SelectiveItem[]): number {
  return aurc(items.map((x) => ({ abstain: x.loss, loss: x.loss })));
}

/** AUROC of the abstention score as a detector of wrong answers (loss ≥ 0.5 counts as wrong). */
export function abstentionAuroc(items: readonly SelectiveItem[]): number {
  return auroc(items.map((x) => ({ p: x.abstain, truth: x.loss >= 0.5 })));
}

export interface SelectiveSummary {
  aurc: number;
  optimalAurc: number;
  auroc: number;
  /** The risk–coverage curve, for the report's plot. */
  curve: RiskCoveragePoint[];
}

export function selectiveSummary(items: readonly SelectiveItem[]): SelectiveSummary {
  return {
    aurc: aurc(items),
    optimalAurc: optimalAurc(items),
    auroc: abstentionAuroc(items),
    curve: riskCoverage(items),
  };
}
