// The world model of brief §3.2: encoder, RSSM, decoder and reward head trained together with
// L = L_KL + Σ_heads −log p(x_head | feat). Heads in gradHeads read feat, the others sg(feat).
// Shape letters: B batch, T chunk length, N = T·B rows (time-major), F feature size.

import type { Mlp } from 'core-tensor';
import { prefixed, type Rng, stopGradient, tf, type Variables } from 'core-tensor';
import type { AgentConfig, GradHead } from '../config.js';
import type { Batch } from '../replay.js';
import { createDecoder, type ObservationDecoder } from './decoder.js';
import { unitNormalNll } from './distributions.js';
import { createEncoder, type ObservationEncoder } from './encoder.js';
import { mlpHead } from './heads.js';
import { DecayedAdam } from './optimizer.js';
import { type LatentState, Rssm } from './rssm.js';

export interface WorldModelUpdate {
  /** Posterior states of the batch, time-major rows [N, ·], no gradient. */
  posterior: LatentState;
  /** KL[q ‖ sg(p)] per row [N] (what LBS regresses). */
  klValue: tf.Tensor1D;
  /** Encoder embeddings per row [N, E], no gradient. */
  embed: tf.Tensor2D;
  /** Actions per row [N, A] (the action that led to each row's observation). */
  action: tf.Tensor2D;
  /** B: rows t·B + b are time-major. */
  batchSize: number;
  metrics: { klLoss: number; decoderLoss: number; rewardLoss: number; modelLoss: number; klMean: number };
}

export function disposeUpdate(update: WorldModelUpdate): void {
  tf.dispose([update.posterior.h, update.posterior.z, update.klValue, update.embed, update.action]);
}

/** Observations as network input: pixels x/255 − 0.5 (§2.5), states raw. */
export function preprocess(observations: tf.Tensor): tf.Tensor {
  return observations.dtype === 'int32'
    ? tf.tidy(() => tf.cast(observations, 'float32').div(255).sub(0.5))
    : observations;
}

export class WorldModel {
  readonly encoder: ObservationEncoder;
  readonly rssm: Rssm;
  readonly decoder: ObservationDecoder;
  readonly rewardHead: Mlp;
  readonly optimizer: DecayedAdam;
  readonly rewardOptimizer: DecayedAdam;

  constructor(
    readonly observationShape: number[],
    readonly actionSize: number,
    readonly config: AgentConfig,
    rng: Rng,
  ) {
    const sizes = config.model;
    this.encoder = createEncoder(observationShape, sizes, rng.split('encoder'));
    this.rssm = new Rssm(sizes, actionSize, this.encoder.embedSize, rng.split('rssm'));
    this.decoder = createDecoder(this.rssm.featureSize, observationShape, sizes, rng.split('decoder'));
    this.rewardHead = mlpHead(this.rssm.featureSize, 1, sizes.mlpLayers, sizes.mlpUnits, rng.split('reward'));
    const options = {
      epsilon: config.adamEpsilon,
      clipNorm: config.clipNorm,
      weightDecay: config.weightDecay,
    };
    this.optimizer = new DecayedAdam(config.modelLr, options);
    this.rewardOptimizer = new DecayedAdam(config.modelLr, options);
  }

  get featureSize(): number {
    return this.rssm.featureSize;
  }

  /** Encoder, RSSM and decoder: what fine-tuning copies from a snapshot (§5). */
  transferVariables(): Variables {
    return {
      ...prefixed('encoder', this.encoder),
      ...prefixed('rssm', this.rssm),
      ...prefixed('decoder', this.decoder),
    };
  }

  variables(): Variables {
    return { ...this.transferVariables(), ...prefixed('reward', this.rewardHead) };
  }

  /** Reward-head mean at features [..., F] -> [...]. */
  reward(features: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.rewardHead.apply(features).squeeze([-1]));
  }

  private timeMajor(batch: Batch) {
    const obs = preprocess(batch.observations);
    const perm = [1, 0, ...obs.shape.slice(2).map((_, i) => i + 2)];
    return {
      observations: tf.transpose(obs, perm), // [T, B, ...]
      actions: tf.transpose(batch.actions, [1, 0, 2]) as tf.Tensor3D, // [T, B, A]
      rewards: tf.transpose(batch.rewards, [1, 0]) as tf.Tensor2D, // [T, B]
      isFirst: tf.transpose(batch.isFirst, [1, 0]) as tf.Tensor2D, // [T, B]
    };
  }

  /**
   * One model update (§3.2). `trainReward` fits the reward head on batch.rewards; `frozen` keeps
   * encoder, RSSM and decoder fixed and trains only the reward head on sg(feat) (§5 freezeWorldModel).
   */
  update(
    batch: Batch,
    options: { gradHeads: GradHead[]; trainReward: boolean; frozen: boolean },
    rng: Rng,
  ): WorldModelUpdate {
    const [batchSize, length] = batch.actions.shape;
    const rows = batchSize * length;
    const seq = tf.tidy(() => this.timeMajor(batch));
    const kept: { posterior?: LatentState; klValue?: tf.Tensor1D; embed?: tf.Tensor2D } = {};
    const metrics = { klLoss: 0, decoderLoss: 0, rewardLoss: 0, modelLoss: 0, klMean: 0 };
    const targets = {
      observations: tf.tidy(() => seq.observations.reshape([rows, ...seq.observations.shape.slice(2)])),
      rewards: tf.tidy(() => seq.rewards.reshape([rows])),
    };
    const encodeAndObserve = () => {
      const embedRows = this.encoder.apply(targets.observations); // [N, E]
      const embeds = embedRows.reshape([length, batchSize, -1]) as tf.Tensor3D;
      const out = this.rssm.observe(embeds, seq.actions, seq.isFirst, rng, {
        balance: this.config.klBalance,
        freeNats: this.config.freeNats,
      });
      const h = tf.concat(
        out.states.map((s) => s.h),
        0,
      ) as tf.Tensor2D; // [N, H]
      const z = tf.concat(
        out.states.map((s) => s.z),
        0,
      ) as tf.Tensor2D; // [N, S·C]
      return { embedRows, h, z, klLoss: out.klLoss, klValue: out.klValue };
    };
    const keep = (o: ReturnType<typeof encodeAndObserve>) => {
      kept.posterior = { h: tf.keep(stopGradient(o.h)), z: tf.keep(stopGradient(o.z)) };
      kept.klValue = tf.keep(o.klValue);
      kept.embed = tf.keep(stopGradient(o.embedRows));
    };
    const rewardLossOf = (features: tf.Tensor2D) =>
      unitNormalNll(this.rewardHead.apply(features), targets.rewards.reshape([rows, 1])).mean() as tf.Scalar;

    if (options.frozen) {
      const feat = tf.tidy(() => {
        const o = encodeAndObserve();
        keep(o);
        metrics.klMean = o.klValue.mean().dataSync()[0]!;
        return tf.concat([o.z, o.h], 1) as tf.Tensor2D;
      });
      if (options.trainReward) {
        metrics.rewardLoss = this.rewardOptimizer.minimize(
          () => rewardLossOf(feat),
          prefixed('reward', this.rewardHead),
        );
      }
      feat.dispose();
    } else {
      const variables = options.trainReward ? this.variables() : this.transferVariables();
      metrics.modelLoss = this.optimizer.minimize(() => {
        const o = encodeAndObserve();
        keep(o);
        const feat = tf.concat([o.z, o.h], 1) as tf.Tensor2D; // [N, F]
        const decoderInput = options.gradHeads.includes('decoder') ? feat : stopGradient(feat);
        const decoderLoss = unitNormalNll(
          this.decoder.apply(decoderInput).reshape([rows, -1]),
          targets.observations.reshape([rows, -1]),
        ).mean() as tf.Scalar;
        let loss = o.klLoss.add(decoderLoss) as tf.Scalar;
        metrics.klLoss = o.klLoss.dataSync()[0]!;
        metrics.decoderLoss = decoderLoss.dataSync()[0]!;
        metrics.klMean = o.klValue.mean().dataSync()[0]!;
        if (options.trainReward) {
          const rewardInput = options.gradHeads.includes('reward') ? feat : stopGradient(feat);
          const rewardLoss = rewardLossOf(rewardInput);
          metrics.rewardLoss = rewardLoss.dataSync()[0]!;
          loss = loss.add(rewardLoss) as tf.Scalar;
        }
        return loss;
      }, variables);
    }
    const action = tf.tidy(() => seq.actions.reshape([rows, this.actionSize]) as tf.Tensor2D);
    tf.dispose([
      seq.observations,
      seq.actions,
      seq.rewards,
      seq.isFirst,
      targets.observations,
      targets.rewards,
    ]);
    return {
      posterior: kept.posterior!,
      klValue: kept.klValue!,
      embed: kept.embed!,
      action,
      batchSize,
      metrics,
    };
  }

  dispose(): void {
    for (const variable of Object.values(this.variables())) variable.dispose();
    this.optimizer.dispose();
    this.rewardOptimizer.dispose();
  }
}
