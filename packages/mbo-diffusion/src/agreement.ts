// M_Agr of brief §4 (from MINs): (1/n_v)·Σ_{y∈V} (ỹ − f_valid(x_y))², in normalised units, lower is
// better; and its baseline E(ỹ − mean ỹ)², the agreement of a sampler that ignored its label.
export function agreementMetric(labels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (labels.length !== predicted.length || labels.length === 0)
    throw new Error(
      `agreement needs equal, non-empty label and prediction lists (${labels.length} vs ${predicted.length})`,
    );
  let total = 0;
  for (let i = 0; i < labels.length; i++) total += (labels[i]! - predicted[i]!) ** 2;
  return total / labels.length;
}

export function agreementBaseline(labels: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < labels.length; i++) mean += labels[i]! / labels.length;
  let total = 0;
  for (let i = 0; i < labels.length; i++) total += (labels[i]! - mean) ** 2;
  return total / labels.length;
}
