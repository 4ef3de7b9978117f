// Choosing the fine-tuning target among the candidates of a search (brief §2.4, §2.5):
// y* = argmax over Y ∪ {y_abstain} of Q, with Q(y_abstain) = 0 and ties at 0 going to abstention [O];
// without the abstention candidate (`research-noabst-sft`) the argmax is over the samples only, even
// when it is negative. y_worst = argmin over Y of Q (DPO's rejected answer).
// Reconstructed (not confirmed from the paper text).

export interface Scored {
  /** Index of the candidate in the pool. */
  index: number;
  q: number;
}

export interface Selection {
  /** Pool index of y*, or -1 for abstention. */
  chosen: number;
  chosenQ: number;
  /** Pool index of y_worst (-1 for an empty pool). */
  worst: number;
  worstQ: number;
  /** Pool indices ordered by decreasing Q (for several targets per entity). */
  ranked: number[];
}

export function selectTarget(qs: readonly number[], allowAbstention: boolean): Selection {
  if (qs.length === 0) {
    if (!allowAbstention) throw new Error('selectTarget: an empty pool needs the abstention candidate');
    return { chosen: -1, chosenQ: 0, worst: -1, worstQ: 0, ranked: [] };
  }
  const ranked = qs.map((_, i) => i).sort((a, b) => qs[b]! - qs[a]! || a - b);
  const best = ranked[0]!;
  const worst = ranked[ranked.length - 1]!;
  const abstain = allowAbstention && qs[best]! <= 0; // ties at 0 go to abstention [O]
  return {
    chosen: abstain ? -1 : best,
    chosenQ: abstain ? 0 : qs[best]!,
    worst,
    worstQ: qs[worst]!,
    ranked,
  };
}
