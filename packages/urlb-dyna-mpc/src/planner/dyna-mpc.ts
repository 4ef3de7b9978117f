// Dyna-MPC (brief §6), as the official `plan`: a short-horizon CEM-style planner in latent space
// mixing Gaussian action sequences with actor sequences, scored by the learned reward plus the
// slow critic through the λ-return, returning V_1. Shape letters: C candidates, H horizon, A actions.
import { type Rng, tf } from 'core-tensor';
import type { ActorCritic } from '../agent/actor-critic.js';
import { lambdaReturn } from '../agent/lambda-return.js';
import type { PlannerConfig } from '../config.js';
import type { LatentState } from '../model/rssm.js';
import type { WorldModel } from '../model/world-model.js';

export interface PlanResult {
  action: Float32Array;
  /** Latent prior steps computed for this action (candidates × horizon × iterations + actor rollouts). */
  latentSteps: number;
}

/** Candidates per iteration: numSamples + floor(mixtureCoef · numSamples) (§6). */
export function candidateCount(config: PlannerConfig): number {
  return config.numSamples + Math.floor(config.mixtureCoef * config.numSamples);
}

/** w_k ∝ exp(temperature · (G_k − max G)) over the elites, normalised (§6). */
export function eliteWeights(eliteScores: readonly number[], temperature: number): number[] {
  const best = Math.max(...eliteScores);
  const raw = eliteScores.map((score) => Math.exp(temperature * (score - best)));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((w) => w / total);
}

/** μ' = Σ w_k a_k; σ' = clip(sqrt(Σ w_k (a_k − μ')²), minStd, maxStd) per entry (§6). */
export function refit(
  elites: readonly Float32Array[],
  weights: readonly number[],
  minStd: number,
  maxStd: number,
) {
  const size = elites[0]!.length;
  const mean = new Float32Array(size);
  const std = new Float32Array(size);
  elites.forEach((elite, k) => {
    for (let i = 0; i < size; i++) mean[i]! += weights[k]! * elite[i]!;
  });
  elites.forEach((elite, k) => {
    for (let i = 0; i < size; i++) std[i]! += weights[k]! * (elite[i]! - mean[i]!) ** 2;
  });
  for (let i = 0; i < size; i++) std[i] = Math.min(maxStd, Math.max(minStd, Math.sqrt(std[i]!)));
  return { mean, std };
}

/** Warm start: μ[0..H−2] ← μ_prev[1..H−1], μ[H−1] = 0; zeros when there is no previous mean (§6). */
export function shiftedMean(
  previous: Float32Array | undefined,
  horizon: number,
  actionSize: number,
): Float32Array {
  const mean = new Float32Array(horizon * actionSize);
  if (previous) mean.set(previous.subarray(actionSize), 0);
  return mean;
}

export class DynaMpcPlanner {
  private previousMean: Float32Array | undefined;

  constructor(
    readonly config: PlannerConfig,
    readonly actionSize: number,
  ) {
    if (config.horizon < 2)
      throw new Error(`planner horizon ${config.horizon} must be >= 2 (the score is V_1)`);
    if (config.numElites > candidateCount(config)) {
      throw new Error(
        `planner numElites ${config.numElites} exceeds the ${candidateCount(config)} candidates per iteration`,
      );
    }
  }

  reset(): void {
    this.previousMean = undefined;
  }

  /**
   * value(s0, A) of §6: roll s1..sH with prior steps (action t makes s_{t+1}), r_t = reward-head
   * mean and v_t = slow critic (0 without useValue) at feat_t for t = 0..H, λ-return; returns V_1.
   * start has one row; actions [C, H, A] -> scores [C].
   */
  value(
    worldModel: WorldModel,
    actorCritic: ActorCritic,
    start: LatentState,
    actions: tf.Tensor3D,
    rng: Rng,
    discount: number,
    lambda: number,
  ): tf.Tensor1D {
    return tf.tidy(() => {
      const [count, horizon] = actions.shape;
      let state: LatentState = { h: tf.tile(start.h, [count, 1]), z: tf.tile(start.z, [count, 1]) };
      const features = [worldModel.rssm.feature(state)];
      const steps = tf.unstack(tf.transpose(actions, [1, 0, 2])) as tf.Tensor2D[];
      for (let t = 0; t < horizon; t++) {
        state = worldModel.rssm.imagineStep(state, steps[t]!, rng);
        features.push(worldModel.rssm.feature(state));
      }
      const feat = tf.stack(features); // [H+1, C, F]
      const rewards = worldModel.reward(feat) as tf.Tensor2D;
      const values = this.config.useValue
        ? (actorCritic.slowCritic.apply(feat).squeeze([-1]) as tf.Tensor2D)
        : tf.zerosLike(rewards);
      const returns = lambdaReturn(rewards, values, discount, lambda); // [H, C]
      return tf.slice(returns, [1, 0], [1, -1]).reshape([count]) as tf.Tensor1D;
    });
  }

  /** Chooses the environment action from the posterior state `start` (one row). */
  plan(
    worldModel: WorldModel,
    actorCritic: ActorCritic,
    start: LatentState,
    options: { isFirst: boolean; evalMode: boolean; discount: number; lambda: number },
    rng: Rng,
  ): PlanResult {
    const { numSamples, numElites, iterations, horizon, temperature, momentum, minStd, maxStd } = this.config;
    const size = horizon * this.actionSize;
    const actorCount = Math.floor(this.config.mixtureCoef * numSamples);
    if (options.isFirst) this.previousMean = undefined;
    // Actor candidates: P rollouts from s0, drawn once.
    const actorSequences: Float32Array[] = [];
    if (actorCount > 0) {
      const rollout = tf.tidy(() => {
        const tiled = {
          h: tf.tile(start.h, [actorCount, 1]),
          z: tf.tile(start.z, [actorCount, 1]),
        } as LatentState;
        const { imagination } = actorCritic.imagine(worldModel.rssm, tiled, horizon, rng);
        return tf.transpose(tf.slice(imagination.actions, [1, 0, 0], [horizon, -1, -1]), [1, 0, 2]); // [P, H, A]
      });
      const data = rollout.dataSync() as Float32Array;
      rollout.dispose();
      for (let p = 0; p < actorCount; p++) actorSequences.push(data.slice(p * size, (p + 1) * size));
    }
    let mean = shiftedMean(this.previousMean, horizon, this.actionSize);
    let std = new Float32Array(size).fill(maxStd);
    let weights: number[] = [];
    let elites: Float32Array[] = [];
    for (let iteration = 0; iteration < iterations; iteration++) {
      const candidates: Float32Array[] = [];
      for (let n = 0; n < numSamples; n++) {
        const sequence = new Float32Array(size);
        for (let i = 0; i < size; i++)
          sequence[i] = Math.min(1, Math.max(-1, mean[i]! + std[i]! * rng.normal()));
        candidates.push(sequence);
      }
      candidates.push(...actorSequences);
      const flat = new Float32Array(candidates.length * size);
      for (const [c, sequence] of candidates.entries()) flat.set(sequence, c * size);
      const scores = tf.tidy(() => {
        const actions = tf.tensor3d(flat, [candidates.length, horizon, this.actionSize]);
        return this.value(worldModel, actorCritic, start, actions, rng, options.discount, options.lambda);
      });
      const values = Array.from(scores.dataSync());
      scores.dispose();
      const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]!);
      const eliteIndex = order.slice(0, numElites);
      elites = eliteIndex.map((i) => candidates[i]!);
      weights = eliteWeights(
        eliteIndex.map((i) => values[i]!),
        temperature,
      );
      const fitted = refit(elites, weights, minStd, maxStd);
      const blended = new Float32Array(size);
      for (let i = 0; i < size; i++) blended[i] = momentum * mean[i]! + (1 - momentum) * fitted.mean[i]!;
      mean = blended;
      std = fitted.std;
    }
    this.previousMean = mean;
    const chosen = elites[rng.categorical(weights)]!;
    const action = chosen.slice(0, this.actionSize);
    if (!options.evalMode) for (let i = 0; i < this.actionSize; i++) action[i]! += std[i]! * rng.normal();
    const latentSteps = iterations * (numSamples + actorCount) * horizon + actorCount * horizon;
    return { action, latentSteps };
  }
}
