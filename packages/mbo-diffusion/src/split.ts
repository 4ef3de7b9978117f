// Percentile splits of brief §1 and §2: D_train is the `trainCount` lowest labels, ranked by
// (label, index) so ties break deterministically (split by rank, never by an interpolated
// percentile); the rest is shuffled by the split seed in units (single designs, or TFBind8's
// reverse-complement orbits) and assigned to D_valid until it holds at least half, then D_test.
import { Rng } from 'core-tensor';
import type { QueryBudget } from './query-budget.js';

export interface Split {
  trainIndex: Int32Array;
  validIndex: Int32Array;
  testIndex: Int32Array;
  /** Observed labels of D_train and D_valid (noisy on the noisy task). */
  trainLabels: Float32Array;
  validLabels: Float32Array;
  /** The threshold γ: the largest observed label in D_train. */
  threshold: number;
  /** Exact (noiseless) labels of D_test, behind the budget's guard (§2.6). */
  testLabels(budget: QueryBudget, caller: string): Float64Array;
}

export interface SplitInput {
  labels: Float32Array;
  trainCount: number;
  seed: number;
  /** Unit id per design: designs sharing a unit never straddle D_valid / D_test. */
  unitOf?: (index: number) => number;
  exactLabels: (indices: Int32Array) => Float64Array;
}

/**
 * The D_train size nearest `fraction·n` that keeps every group of tied labels on one side, so that
 * max(D_train) < min(D_valid ∪ D_test). For tasks whose labels take few values (Ehrlich functions).
 */
export function tieBoundaryCount(labels: Float32Array, fraction: number): number {
  const sorted = Float32Array.from(labels).sort();
  const target = fraction * sorted.length;
  let best = -1;
  for (let count = 1; count < sorted.length; count++) {
    if (sorted[count - 1] === sorted[count]) continue; // not a boundary between two label values
    if (best < 0 || Math.abs(count - target) < Math.abs(best - target)) best = count;
  }
  if (best < 0) throw new Error(`all ${sorted.length} labels equal ${sorted[0]}: no split by score exists`);
  return best;
}

export function rankSplit(input: SplitInput): Split {
  const { labels, trainCount, seed } = input;
  const n = labels.length;
  if (!Number.isInteger(trainCount) || trainCount < 1 || trainCount >= n)
    throw new Error(`train count ${trainCount} must be an integer in [1, ${n - 1}]`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => labels[a]! - labels[b]! || a - b);
  const trainIndex = Int32Array.from(order.slice(0, trainCount));
  const upper = order.slice(trainCount).sort((a, b) => a - b);
  const unitOf = input.unitOf ?? ((index: number) => index);
  const units = new Map<number, number[]>();
  for (const index of upper) {
    const unit = unitOf(index);
    const members = units.get(unit);
    if (members) members.push(index);
    else units.set(unit, [index]);
  }
  const shuffled = new Rng(`split-${seed}`).shuffle([...units.keys()].sort((a, b) => a - b));
  const half = Math.ceil(upper.length / 2);
  const valid: number[] = [];
  const test: number[] = [];
  for (const unit of shuffled) (valid.length < half ? valid : test).push(...units.get(unit)!);
  const validIndex = Int32Array.from(valid);
  const testIndex = Int32Array.from(test);
  return {
    trainIndex,
    validIndex,
    testIndex,
    trainLabels: Float32Array.from(trainIndex, (i) => labels[i]!),
    validLabels: Float32Array.from(validIndex, (i) => labels[i]!),
    threshold: labels[trainIndex[trainCount - 1]!]!,
    testLabels(budget, caller) {
      budget.chargeTestLabels(caller);
      return input.exactLabels(testIndex);
    },
  };
}
