// The agent the loops drive: world model, actor-critic, the phase's reward, and the latent state
// that follows the environment (posterior step per observation, brief §3.2 / §6).
import { assignParams, type Rng, tf } from 'core-tensor';
import { ActorCritic, type RewardFunction } from '../agent/actor-critic.js';
import { StreamNorm } from '../agent/stream-norm.js';
import type { AgentConfig, GradHead } from '../config.js';
import type { TimeStep } from '../env/environment.js';
import type { IntrinsicReward } from '../intrinsic/intrinsic-reward.js';
import { disposeState, type LatentState } from '../model/rssm.js';
import { disposeUpdate, preprocess, WorldModel } from '../model/world-model.js';
import { disposeBatch, type Replay } from '../replay.js';

export interface UpdateOptions {
  gradHeads: GradHead[];
  trainReward: boolean;
  frozen: boolean;
  trainActorCritic: boolean;
  trainActor: boolean;
}

export type UpdateMetrics = Record<string, number>;

export class Agent {
  readonly worldModel: WorldModel;
  readonly actorCritic: ActorCritic;
  readonly rewardNorm: StreamNorm;
  private latent: LatentState | undefined;

  constructor(
    observationShape: number[],
    actionSize: number,
    readonly config: AgentConfig,
    entropyScale: number,
    rewardNormMomentum: number,
    rng: Rng,
  ) {
    this.worldModel = new WorldModel(observationShape, actionSize, config, rng.split('worldModel'));
    this.actorCritic = new ActorCritic(
      this.worldModel.featureSize,
      actionSize,
      config,
      entropyScale,
      rng.split('actorCritic'),
    );
    this.rewardNorm = new StreamNorm(rewardNormMomentum);
  }

  /** Posterior step for a new time step (§3.2 obs_step); returns the current latent state (owned by the agent). */
  observe(step: TimeStep, rng: Rng): LatentState {
    const wm = this.worldModel;
    const next = tf.tidy(() => {
      const previous = this.latent ?? wm.rssm.initialState(1);
      const shape = [1, ...wm.observationShape];
      const raw =
        step.observation instanceof Uint8Array
          ? tf.tensor(Int32Array.from(step.observation), shape, 'int32')
          : tf.tensor(step.observation, shape);
      const embed = wm.encoder.apply(preprocess(raw));
      const action = tf.tensor2d(step.action, [1, wm.actionSize]);
      const isFirst = tf.tensor2d([[step.isFirst ? 1 : 0]]);
      return wm.rssm.observeStep(previous, action, embed, isFirst, rng).state;
    });
    if (this.latent) disposeState(this.latent);
    this.latent = next;
    return next;
  }

  /** The actor's action at the current latent state: a sample (training) or the mean (evaluation). */
  actorAction(mode: 'sample' | 'mean', rng: Rng): Float32Array {
    if (!this.latent) throw new Error('actorAction before observe');
    const state = this.latent;
    const action = tf.tidy(() => this.actorCritic.act(this.worldModel.rssm.feature(state), mode, rng));
    const values = action.dataSync() as Float32Array;
    action.dispose();
    return Float32Array.from(values);
  }

  get currentLatent(): LatentState {
    if (!this.latent) throw new Error('no latent state before observe');
    return this.latent;
  }

  /** One training step: world model (+ the method's heads), then actor-critic in imagination. */
  update(
    replay: Replay,
    intrinsic: IntrinsicReward | undefined,
    options: UpdateOptions,
    rng: Rng,
  ): UpdateMetrics {
    const { batchSize, batchLength, imagineStarts } = this.config;
    const batch = replay.sample(batchSize, batchLength, rng);
    if (intrinsic?.relabel) {
      const labels = intrinsic.relabel(batch, this.worldModel);
      batch.rewards.dispose();
      batch.rewards = labels;
    }
    const update = this.worldModel.update(batch, options, rng);
    disposeBatch(batch);
    const metrics: UpdateMetrics = { ...update.metrics };
    if (intrinsic) Object.assign(metrics, intrinsic.train(update, this.worldModel, rng));
    if (options.trainActorCritic) {
      const rows = update.posterior.h.shape[0];
      const count = imagineStarts > 0 ? Math.min(imagineStarts, rows) : rows;
      const indices = tf.tensor1d(
        Array.from({ length: count }, () => rng.int(rows)),
        'int32',
      );
      const starts =
        imagineStarts > 0
          ? { h: tf.gather(update.posterior.h, indices), z: tf.gather(update.posterior.z, indices) }
          : { h: update.posterior.h.clone(), z: update.posterior.z.clone() };
      indices.dispose();
      const rewardFunction: RewardFunction = intrinsic
        ? (imagination) => intrinsic.reward(imagination, this.worldModel)
        : (imagination) => this.worldModel.reward(imagination.features) as tf.Tensor2D;
      Object.assign(
        metrics,
        this.actorCritic.update(this.worldModel.rssm, starts, rewardFunction, this.rewardNorm, rng, {
          trainActor: options.trainActor,
        }),
      );
      disposeState(starts);
    }
    disposeUpdate(update);
    return metrics;
  }

  /**
   * Everything a job checkpoint must hold: parameters and optimiser moments (plus the method's).
   * The optimisers' `step` scalars are fresh: save through withCheckpointTensors, which frees them.
   */
  checkpointTensors(intrinsic?: IntrinsicReward): Record<string, tf.Tensor> {
    const ac = this.actorCritic;
    const wm = this.worldModel;
    const groups: Record<string, Record<string, tf.Tensor>> = {
      wm: wm.variables(),
      actor: ac.actor.variables(),
      critic: ac.critic.variables(),
      slowCritic: ac.slowCritic.variables(),
      optWm: wm.optimizer.state(),
      optReward: wm.rewardOptimizer.state(),
      optActor: ac.actorOptimizer.state(),
      optCritic: ac.criticOptimizer.state(),
      ...(intrinsic ? { intrinsic: intrinsic.variables() } : {}),
      ...(intrinsic?.optimizer ? { optIntrinsic: intrinsic.optimizer.state() } : {}),
    };
    const out: Record<string, tf.Tensor> = {};
    for (const [group, tensors] of Object.entries(groups))
      for (const [name, tensor] of Object.entries(tensors)) out[`${group}/${name}`] = tensor;
    return out;
  }

  /**
   * Runs `body` (a checkpoint save) on checkpointTensors(intrinsic), then frees the optimisers'
   * step scalars: Adam.state() makes them afresh on each call, unlike the moments and parameters.
   */
  async withCheckpointTensors<T>(
    intrinsic: IntrinsicReward | undefined,
    body: (tensors: Record<string, tf.Tensor>) => Promise<T>,
  ): Promise<T> {
    const tensors = this.checkpointTensors(intrinsic);
    try {
      return await body(tensors);
    } finally {
      const steps = Object.keys(tensors).filter((name) => /^opt\w+\/step$/.test(name));
      tf.dispose(steps.map((name) => tensors[name]!));
    }
  }

  /** Restores what checkpointTensors saved (the tensors stay owned by the caller). */
  loadCheckpointTensors(tensors: Record<string, tf.Tensor>, intrinsic?: IntrinsicReward): void {
    const group = (prefix: string) => {
      const out: Record<string, tf.Tensor> = {};
      for (const [name, tensor] of Object.entries(tensors))
        if (name.startsWith(`${prefix}/`)) out[name.slice(prefix.length + 1)] = tensor;
      return out;
    };
    const ac = this.actorCritic;
    const wm = this.worldModel;
    assignParams(wm.variables(), group('wm'));
    assignParams(ac.actor.variables(), group('actor'));
    assignParams(ac.critic.variables(), group('critic'));
    assignParams(ac.slowCritic.variables(), group('slowCritic'));
    if (intrinsic) assignParams(intrinsic.variables(), group('intrinsic'));
    const optimizers: [string, { loadState(state: Record<string, tf.Tensor>): void } | undefined][] = [
      ['optWm', wm.optimizer],
      ['optReward', wm.rewardOptimizer],
      ['optActor', ac.actorOptimizer],
      ['optCritic', ac.criticOptimizer],
      ['optIntrinsic', intrinsic?.optimizer],
    ];
    for (const [prefix, optimizer] of optimizers) {
      const state = group(prefix);
      if (optimizer && 'step' in state) optimizer.loadState(state);
    }
  }

  resetLatent(): void {
    if (this.latent) disposeState(this.latent);
    this.latent = undefined;
  }

  dispose(): void {
    this.resetLatent();
    this.worldModel.dispose();
    this.actorCritic.dispose();
  }
}
