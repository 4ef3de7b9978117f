// M_reward of brief §4: −(1/n_v)·Σ_{y∈V} f_valid(x_y), lower is better (the paper's formula).
export function rewardMetric(predicted: ArrayLike<number>): number {
  if (predicted.length === 0) throw new Error('reward metric of an empty sample');
  let total = 0;
  for (let i = 0; i < predicted.length; i++) total += predicted[i]!;
  return -total / predicted.length;
}
