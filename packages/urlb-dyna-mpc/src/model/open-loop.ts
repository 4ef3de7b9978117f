// Open-loop prediction error of the world model: the state analogue of the official `video_pred`
// (mastering-urlb `WorldModel.video_pred`: posterior on the first 5 steps of each chunk, then the
// prior alone with the recorded actions, decoded and compared with the truth). The baseline copies
// the last observed state forward; a model whose open-loop error is not below that has learned no
// dynamics worth planning or imagining with. Shape letters: B chunks, T chunk length, D observation
// size (all observation dimensions flattened), c context steps, k = T − c predicted steps.
import { type Rng, tf } from 'core-tensor';
import type { Batch } from '../replay.js';
import type { LatentState } from './rssm.js';
import { preprocess, type WorldModel } from './world-model.js';

export interface OpenLoopError {
  /** Mean squared error per observation dimension of the decoded prior over the k predicted steps. */
  model: number;
  /** The same error for the prediction "the observation stays as it was at step c − 1". */
  copyLast: number;
  steps: number;
}

/**
 * Posterior over steps 0..c−1 of each chunk, then prior steps c..T−1 driven by the chunk's own
 * actions (action t leads to observation t); decoded means against the true observations.
 */
export function openLoopError(
  worldModel: WorldModel,
  batch: Batch,
  context: number,
  rng: Rng,
): OpenLoopError {
  const [chunks, length] = batch.actions.shape;
  if (context < 1 || context >= length)
    throw new Error(`openLoopError: context ${context} must be in [1, chunk length ${length} − 1]`);
  const { rssm } = worldModel;
  return tf.tidy(() => {
    const observations = preprocess(batch.observations).reshape([chunks, length, -1]); // [B, T, D]
    const embeds = worldModel.encoder
      .apply(preprocess(batch.observations).reshape([chunks * length, ...worldModel.observationShape]))
      .reshape([chunks, length, -1]); // [B, T, E]
    const at = (x: tf.Tensor, t: number) =>
      tf.slice(x, [0, t, 0], [-1, 1, -1]).reshape([chunks, -1]) as tf.Tensor2D; // [B, ·] at step t
    let state: LatentState = rssm.initialState(chunks);
    for (let t = 0; t < context; t++) {
      const isFirst = tf.slice(batch.isFirst, [0, t], [-1, 1]) as tf.Tensor2D; // [B, 1]
      state = rssm.observeStep(state, at(batch.actions, t), at(embeds, t), isFirst, rng).state;
    }
    const lastSeen = at(observations, context - 1); // [B, D]
    let modelError = tf.scalar(0);
    let copyError = tf.scalar(0);
    for (let t = context; t < length; t++) {
      state = rssm.imagineStep(state, at(batch.actions, t), rng);
      const truth = at(observations, t);
      const predicted = worldModel.decoder.apply(rssm.feature(state)).reshape([chunks, -1]);
      modelError = modelError.add(tf.squaredDifference(predicted, truth).mean());
      copyError = copyError.add(tf.squaredDifference(lastSeen, truth).mean());
    }
    const steps = length - context;
    return {
      model: modelError.dataSync()[0]! / steps,
      copyLast: copyError.dataSync()[0]! / steps,
      steps,
    };
  });
}
