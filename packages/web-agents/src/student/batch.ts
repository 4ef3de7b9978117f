// Training samples and batches (brief §6.1, §6.4): typed arrays per sample, packed into one batch of
// typed arrays; targets become one-hot masks built in JS (no gather in the loss, pitfall 1–3).

import {
  dims,
  elementFeatureWidth,
  type FeaturisedObs,
  optionMask,
  type StudentTarget,
  studentVerbs,
} from '../data/featurise.js';
import { numberFeatureWidth } from '../data/number-features.js';
import type { Thought } from '../experts/thought.js';
import { progressKinds } from '../experts/thought.js';

export interface Sample {
  fo: FeaturisedObs;
  target: StudentTarget;
  /** gold thought: progress index and sub-goal element index (E = none); null: no thought (loss masked) */
  thought: { progress: number; subgoal: number } | null;
}

export function encodeThought(thought: Thought | null, fo: FeaturisedObs): Sample['thought'] {
  if (!thought) return null;
  const progress = progressKinds.indexOf(thought.progress);
  const subgoal =
    thought.subgoalBid === null ? -1 : fo.elements.findIndex((el) => el.bid === thought.subgoalBid);
  return { progress, subgoal: subgoal < 0 ? dims.maxElements : subgoal };
}

export interface Batch {
  size: number;
  /** elements per sample in this batch: the largest pruned list, rounded up to 8 (≤ dims.maxElements) */
  elements: number;
  elTokens: Int32Array;
  elTokenMask: Float32Array;
  elFeatures: Float32Array;
  elNumbers: Float32Array; // [B, E, numberFeatureWidth]
  elMask: Float32Array;
  goalIds: Int32Array;
  goalMask: Float32Array;
  global: Float32Array;
  verbOneHot: Float32Array; // [B, 8]
  elementOneHot: Float32Array; // [B, E]
  usesElement: Float32Array; // [B]
  sourceOneHot: Float32Array; // [B, 2]
  usesSource: Float32Array; // [B]
  startOneHot: Float32Array; // [B, G]
  endOneHot: Float32Array; // [B, G]
  usesSpan: Float32Array; // [B]
  textElementOneHot: Float32Array; // [B, E]
  textElementMask: Float32Array; // [B, E] (all elements for fill, the select's options for select_option)
  usesTextElement: Float32Array; // [B]
  progressOneHot: Float32Array; // [B, 4]
  subgoalOneHot: Float32Array; // [B, E + 1]
  hasThought: Float32Array; // [B]
  hasSubgoal: Float32Array; // [B]
  /** 1: the gold thought is fed (teacher forcing); 0: the null thought t_∅ */
  feedThought: Float32Array; // [B]
}

/** Packs samples into a batch; `feed[i]` says whether sample i gets its gold thought fed. */
export function makeBatch(samples: readonly Sample[], feed: readonly boolean[]): Batch {
  const B = samples.length;
  const { tokensPerElement: T, goalTokens: G, globalWidth } = dims;
  // Elements are front-packed, so a batch only needs as many element rows as its longest list.
  const longest = Math.max(1, ...samples.map((s) => s.fo.elements.length));
  const E = Math.min(dims.maxElements, Math.ceil(longest / 8) * 8);
  const EMax = dims.maxElements;
  const F = elementFeatureWidth;
  const N = numberFeatureWidth;
  const K = studentVerbs.length;
  const batch: Batch = {
    size: B,
    elements: E,
    elTokens: new Int32Array(B * E * T),
    elTokenMask: new Float32Array(B * E * T),
    elFeatures: new Float32Array(B * E * F),
    elNumbers: new Float32Array(B * E * N),
    elMask: new Float32Array(B * E),
    goalIds: new Int32Array(B * G),
    goalMask: new Float32Array(B * G),
    global: new Float32Array(B * globalWidth),
    verbOneHot: new Float32Array(B * K),
    elementOneHot: new Float32Array(B * E),
    usesElement: new Float32Array(B),
    sourceOneHot: new Float32Array(B * 2),
    usesSource: new Float32Array(B),
    startOneHot: new Float32Array(B * G),
    endOneHot: new Float32Array(B * G),
    usesSpan: new Float32Array(B),
    textElementOneHot: new Float32Array(B * E),
    textElementMask: new Float32Array(B * E),
    usesTextElement: new Float32Array(B),
    progressOneHot: new Float32Array(B * 4),
    subgoalOneHot: new Float32Array(B * (E + 1)),
    hasThought: new Float32Array(B),
    hasSubgoal: new Float32Array(B),
    feedThought: new Float32Array(B),
  };
  samples.forEach((s, b) => {
    const { fo, target } = s;
    batch.elTokens.set(fo.elTokens.subarray(0, E * T), b * E * T);
    batch.elTokenMask.set(fo.elTokenMask.subarray(0, E * T), b * E * T);
    batch.elFeatures.set(fo.elFeatures.subarray(0, E * F), b * E * F);
    batch.elNumbers.set(fo.elNumbers.subarray(0, E * N), b * E * N);
    batch.elMask.set(fo.elMask.subarray(0, E), b * E);
    batch.goalIds.set(fo.goalIds, b * G);
    batch.goalMask.set(fo.goalMask, b * G);
    batch.global.set(fo.global, b * globalWidth);
    batch.verbOneHot[b * K + target.verb] = 1;
    if (target.element >= 0) {
      batch.elementOneHot[b * E + target.element] = 1;
      batch.usesElement[b] = 1;
    }
    if (target.textSource >= 0) {
      batch.sourceOneHot[b * 2 + target.textSource] = 1;
      batch.usesSource[b] = 1;
    }
    if (target.textSource === 0) {
      batch.startOneHot[b * G + target.spanStart] = 1;
      batch.endOneHot[b * G + target.spanEnd] = 1;
      batch.usesSpan[b] = 1;
    }
    if (target.textElement >= 0) {
      batch.textElementOneHot[b * E + target.textElement] = 1;
      batch.usesTextElement[b] = 1;
      const isSelect = studentVerbs[target.verb] === 'select_option';
      batch.textElementMask.set(
        (isSelect ? optionMask(fo, target.element) : fo.elMask).subarray(0, E),
        b * E,
      );
    } else batch.textElementMask.set(fo.elMask.subarray(0, E), b * E);
    if (s.thought) {
      batch.hasThought[b] = 1;
      batch.progressOneHot[b * 4 + s.thought.progress] = 1;
      const subgoal = s.thought.subgoal >= EMax ? E : s.thought.subgoal; // 'none' is the last slot
      batch.subgoalOneHot[b * (E + 1) + subgoal] = 1;
      batch.hasSubgoal[b] = subgoal < E ? 1 : 0;
      batch.feedThought[b] = feed[b] ? 1 : 0;
    }
  });
  return batch;
}
