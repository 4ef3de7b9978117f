import type { Rng } from 'core-tensor';

// M_reward of brief §4: −(1/n_v)·Σ_{y∈V} f_valid(x_y), lower is better (the paper's formula).
export function rewardMetric(predicted: ArrayLike<number>): number {
  if (predicted.length === 0) throw new Error('reward metric of an empty sample');
  let total = 0;
  for (let i = 0; i < predicted.length; i++) total += predicted[i]!;
  return -total / predicted.length;
}

/** n_v labels evenly spanning [min, max] of D_valid's ỹ (the code's grid for its reward variant). */
export function evenGrid(validY: ArrayLike<number>, count: number): Float32Array {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < validY.length; i++) {
    low = Math.min(low, validY[i]!);
    high = Math.max(high, validY[i]!);
  }
  return Float32Array.from({ length: count }, (_, i) =>
    count === 1 ? high : low + ((high - low) * i) / (count - 1),
  );
}

/**
 * `rewardArgmax` of brief §4, the code's reward metric: one sample per grid label, the label whose
 * sample f_valid scores highest, then −mean f_valid over `repeats` new samples conditioned on that
 * grid value (quirk 3: the code conditions on the valid label at that index; we use the grid value).
 * Lower is better. Reported and correlated, never counted in wins.
 */
export function rewardArgmaxMetric(options: {
  gridLabels: Float32Array;
  draw: (yTilde: Float32Array, rng: Rng) => Float32Array;
  score: (rows: Float32Array) => ArrayLike<number>;
  rng: Rng;
  repeats?: number;
}): number {
  const first = options.score(options.draw(options.gridLabels, options.rng.split('grid')));
  let best = 0;
  for (let i = 1; i < first.length; i++) if (first[i]! > first[best]!) best = i;
  const label = options.gridLabels[best]!;
  const again = options.score(
    options.draw(new Float32Array(options.repeats ?? 10).fill(label), options.rng.split('repeat')),
  );
  return rewardMetric(again);
}
