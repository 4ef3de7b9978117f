// The BC loss of brief §6.3:
//   log π_θ(a | s, t) = log p(k | s,t) + 1[k uses e]·log p(e | s,k,t) + 1[k uses x]·log p(x | s,k,e,t)
//   log p(c | s)      = log p(progress | s) + 1[c has a sub-goal]·log p(e_c | s)
//   L(θ) = −(1/N) Σ_t [ log π_θ(a_t | s_t, t_t) + λ·log p(c_t | s_t) ]
// t_t is the gold thought's embedding where batch.feedThought = 1 and t_∅ otherwise ('gold'), or
// the embedding of the student's own predicted thought distribution ('predicted', issue 17 point 3:
// the thought is predicted first and the action head reads it, so the action loss trains the
// thought head too, and λ only decides whether the thought also gets targets).
import { tf } from 'core-tensor';
import { dims, studentVerbs } from '../data/featurise.js';
import type { Batch } from './batch.js';
import { type BatchTensors, endMask, inputTensors, maskedLogSoftmax, StudentNet } from './model.js';

export interface TargetTensors {
  verb: tf.Tensor2D;
  element: tf.Tensor2D;
  usesElement: tf.Tensor1D;
  source: tf.Tensor2D;
  usesSource: tf.Tensor1D;
  start: tf.Tensor2D;
  end: tf.Tensor2D;
  usesSpan: tf.Tensor1D;
  textElement: tf.Tensor2D;
  textElementMask: tf.Tensor2D;
  usesTextElement: tf.Tensor1D;
  progress: tf.Tensor2D;
  subgoal: tf.Tensor2D;
  hasThought: tf.Tensor1D;
  hasSubgoal: tf.Tensor1D;
  feed: tf.Tensor1D;
}

export function targetTensors(batch: Batch): TargetTensors {
  const B = batch.size;
  const E = batch.elements;
  const { goalTokens: G } = dims;
  return {
    verb: tf.tensor2d(batch.verbOneHot, [B, studentVerbs.length]),
    element: tf.tensor2d(batch.elementOneHot, [B, E]),
    usesElement: tf.tensor1d(batch.usesElement),
    source: tf.tensor2d(batch.sourceOneHot, [B, 2]),
    usesSource: tf.tensor1d(batch.usesSource),
    start: tf.tensor2d(batch.startOneHot, [B, G]),
    end: tf.tensor2d(batch.endOneHot, [B, G]),
    usesSpan: tf.tensor1d(batch.usesSpan),
    textElement: tf.tensor2d(batch.textElementOneHot, [B, E]),
    textElementMask: tf.tensor2d(batch.textElementMask, [B, E]),
    usesTextElement: tf.tensor1d(batch.usesTextElement),
    progress: tf.tensor2d(batch.progressOneHot, [B, 4]),
    subgoal: tf.tensor2d(batch.subgoalOneHot, [B, E + 1]),
    hasThought: tf.tensor1d(batch.hasThought),
    hasSubgoal: tf.tensor1d(batch.hasSubgoal),
    feed: tf.tensor1d(batch.feedThought),
  };
}

/** What the action heads read during training: the gold thought (with dropout) or the predicted one. */
export const ThoughtInput = ['gold', 'predicted'] as const;
export type ThoughtInput = (typeof ThoughtInput)[number];

const picked = (oneHot: tf.Tensor, logp: tf.Tensor) => oneHot.mul(logp).sum(-1); // [B]

/** Per-sample log π(a | s, t) [B] and log p(c | s) [B]. */
export function logProbs(
  net: StudentNet,
  x: BatchTensors,
  y: TargetTensors,
  thoughtInput: ThoughtInput = 'gold',
): { action: tf.Tensor1D; thought: tf.Tensor1D } {
  return tf.tidy(() => {
    const enc = net.encode(x);
    const th = net.thoughtLogits(enc);
    const B = x.elMask.shape[0];
    const subMask = tf.concat([x.elMask, tf.ones([B, 1])], 1);
    const t =
      thoughtInput === 'gold'
        ? net.thoughtEmbedding(enc, y.subgoal, y.progress, y.feed)
        : net.thoughtEmbedding(
            enc,
            tf.exp(maskedLogSoftmax(th.subgoal, subMask)) as tf.Tensor2D, // p(e_c | s)
            tf.softmax(th.progress) as tf.Tensor2D, // p(progress | s)
            tf.ones([B]) as tf.Tensor1D,
          );
    const ones = tf.onesLike(y.verb);
    const logVerb = picked(y.verb, maskedLogSoftmax(net.verbLogits(enc, t), ones));
    const logElement = picked(y.element, maskedLogSoftmax(net.elementLogits(enc, y.verb, t), x.elMask)).mul(
      y.usesElement,
    );
    const hStar = StudentNet.pick(enc.h, y.element);
    const logSource = picked(
      y.source,
      maskedLogSoftmax(net.sourceLogits(enc, t, hStar), tf.onesLike(y.source)),
    ).mul(y.usesSource);
    const logStart = picked(y.start, maskedLogSoftmax(net.startLogits(enc, hStar), x.goalMask)).mul(
      y.usesSpan,
    );
    const logEnd = picked(
      y.end,
      maskedLogSoftmax(net.endLogits(enc, hStar, y.start), endMask(y.start, x.goalMask)),
    ).mul(y.usesSpan);
    const logText = picked(
      y.textElement,
      maskedLogSoftmax(net.textElementLogits(enc, hStar), y.textElementMask),
    ).mul(y.usesTextElement);
    const action = logVerb
      .add(logElement)
      .add(logSource)
      .add(logStart)
      .add(logEnd)
      .add(logText) as tf.Tensor1D;
    const logProgress = picked(y.progress, maskedLogSoftmax(th.progress, tf.onesLike(y.progress)));
    const logSubgoal = picked(y.subgoal, maskedLogSoftmax(th.subgoal, subMask)).mul(y.hasSubgoal);
    const thought = logProgress.add(logSubgoal).mul(y.hasThought) as tf.Tensor1D;
    return { action, thought };
  });
}

/** L(θ) of brief §6.3 for one batch. */
export function bcLoss(
  net: StudentNet,
  x: BatchTensors,
  y: TargetTensors,
  lambda: number,
  thoughtInput: ThoughtInput = 'gold',
): tf.Scalar {
  return tf.tidy(() => {
    const { action, thought } = logProbs(net, x, y, thoughtInput);
    return action.add(thought.mul(lambda)).mean().neg() as tf.Scalar;
  });
}

export function disposeAll(...groups: object[]): void {
  for (const group of groups) tf.dispose(Object.values(group) as tf.Tensor[]);
}

export { inputTensors };
