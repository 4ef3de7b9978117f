// Actor-critic in imagination (brief §3.3). Shape letters: H horizon, N imagination starts,
// F features, A actions.
import { type Mlp, prefixed, type Rng, stopGradient, tf } from 'core-tensor';
import type { AgentConfig } from '../config.js';
import { actorDistribution } from '../model/distributions.js';
import { mlpHead } from '../model/heads.js';
import { DecayedAdam } from '../model/optimizer.js';
import type { LatentState, Rssm } from '../model/rssm.js';
import { sampleTruncNormal, truncNormalEntropy } from '../model/trunc-normal.js';
import { actorLoss, criticLoss } from './imagination-losses.js';
import { lambdaReturn } from './lambda-return.js';
import type { StreamNorm } from './stream-norm.js';

/** An imagined rollout: features and actions for t = 0..H (the action slot at t = 0 is zeros). */
export interface Imagination {
  features: tf.Tensor3D; // [H+1, N, F]
  actions: tf.Tensor3D; // [H+1, N, A]
  deterministic: tf.Tensor3D; // [H+1, N, |h|]
}

/** The reward of the phase on an imagined rollout: [H+1, N]. */
export type RewardFunction = (imagination: Imagination) => tf.Tensor2D;

export interface ActorCriticMetrics {
  actorLoss: number;
  criticLoss: number;
  imaginedReward: number;
  actorEntropy: number;
}

/** Weights w_t = γ^t for t = 0..H as a [H+1, 1] constant. */
export function discountWeights(horizon: number, discount: number): tf.Tensor2D {
  return tf.tensor2d(
    Array.from({ length: horizon + 1 }, (_, t) => discount ** t),
    [horizon + 1, 1],
  );
}

export class ActorCritic {
  readonly actor: Mlp;
  readonly critic: Mlp;
  readonly slowCritic: Mlp;
  readonly actorOptimizer: DecayedAdam;
  readonly criticOptimizer: DecayedAdam;
  updates = 0;

  constructor(
    readonly featureSize: number,
    readonly actionSize: number,
    readonly config: AgentConfig,
    readonly entropyScale: number,
    rng: Rng,
  ) {
    const { mlpLayers, mlpUnits } = config.model;
    this.actor = mlpHead(featureSize, 2 * actionSize, mlpLayers, mlpUnits, rng.split('actor'));
    this.critic = mlpHead(featureSize, 1, mlpLayers, mlpUnits, rng.split('critic'));
    this.slowCritic = mlpHead(featureSize, 1, mlpLayers, mlpUnits, rng.split('slowCritic'));
    const options = {
      epsilon: config.adamEpsilon,
      clipNorm: config.clipNorm,
      weightDecay: config.weightDecay,
    };
    this.actorOptimizer = new DecayedAdam(config.actorLr, options);
    this.criticOptimizer = new DecayedAdam(config.criticLr, options);
  }

  /** An action for features [N, F]: a sample (training) or the mean (evaluation). */
  act(features: tf.Tensor2D, mode: 'sample' | 'mean', rng: Rng): tf.Tensor2D {
    return tf.tidy(() => {
      const { mean, std } = actorDistribution(this.actor.apply(features), this.actionSize);
      return (mode === 'mean' ? mean : sampleTruncNormal(mean, std, rng)) as tf.Tensor2D;
    });
  }

  /** Rolls H prior steps from `start` with actor samples on sg(feat) (§3.3); also returns entropies [H, N]. */
  imagine(
    rssm: Rssm,
    start: LatentState,
    horizon: number,
    rng: Rng,
  ): { imagination: Imagination; entropy: tf.Tensor2D } {
    let state = start;
    const features = [rssm.feature(state)];
    const actions = [tf.zeros([start.h.shape[0], this.actionSize])];
    const deterministic = [state.h];
    const entropies: tf.Tensor[] = [];
    for (let t = 1; t <= horizon; t++) {
      const { mean, std } = actorDistribution(
        this.actor.apply(stopGradient(features[t - 1]!)),
        this.actionSize,
      );
      const action = sampleTruncNormal(mean, std, rng) as tf.Tensor2D;
      entropies.push(truncNormalEntropy(mean, std));
      state = rssm.imagineStep(state, action, rng);
      features.push(rssm.feature(state));
      actions.push(action);
      deterministic.push(state.h);
    }
    return {
      imagination: {
        features: tf.stack(features) as tf.Tensor3D,
        actions: tf.stack(actions) as tf.Tensor3D,
        deterministic: tf.stack(deterministic) as tf.Tensor3D,
      },
      entropy: tf.stack(entropies) as tf.Tensor2D,
    };
  }

  /** Hard copy critic → slow critic at update 0 and every slowCriticEvery updates (§3.3). */
  private maybeCopySlowCritic(): void {
    if (this.updates % this.config.slowCriticEvery !== 0) return;
    const slow = this.slowCritic.variables();
    for (const [name, variable] of Object.entries(this.critic.variables())) slow[name]!.assign(variable);
  }

  /**
   * One actor and one critic update from `starts` (§3.3). The actor's gradient flows through the
   * reward function, the slow critic, the RSSM and the straight-through samples; only actor
   * parameters change. `trainActor: false` (random PT agent) trains the critic only.
   */
  update(
    rssm: Rssm,
    starts: LatentState,
    rewardFunction: RewardFunction,
    rewardNorm: StreamNorm,
    rng: Rng,
    options: { trainActor: boolean } = { trainActor: true },
  ): ActorCriticMetrics {
    this.maybeCopySlowCritic();
    const horizon = this.config.horizon;
    const { discount, lambda } = this.config;
    const weights = discountWeights(horizon, discount);
    const kept: { features?: tf.Tensor3D; targets?: tf.Tensor2D } = {};
    const metrics: ActorCriticMetrics = { actorLoss: 0, criticLoss: 0, imaginedReward: 0, actorEntropy: 0 };
    // Imagines from the starts, then the actor loss; also keeps the critic's inputs and targets.
    const imagineAndScoreActor = () => {
      const { imagination, entropy } = this.imagine(rssm, starts, horizon, rng);
      const rawReward = rewardFunction(imagination); // [H+1, N]
      metrics.imaginedReward = rawReward.mean().dataSync()[0]!;
      const reward = rewardNorm.normalise(rawReward) as tf.Tensor2D;
      const values = this.slowCritic.apply(imagination.features).squeeze([-1]) as tf.Tensor2D; // [H+1, N]
      const returns = lambdaReturn(reward, values, discount, lambda); // [H, N]
      kept.features = tf.keep(
        stopGradient(tf.slice(imagination.features, [0, 0, 0], [horizon, -1, -1])),
      ) as tf.Tensor3D;
      kept.targets = tf.keep(stopGradient(returns));
      metrics.actorEntropy = entropy.mean().dataSync()[0]!;
      return actorLoss(returns, entropy, weights, this.entropyScale);
    };
    if (options.trainActor && horizon >= 2) {
      metrics.actorLoss = this.actorOptimizer.minimize(imagineAndScoreActor, prefixed('actor', this.actor));
    } else {
      tf.tidy(() => {
        imagineAndScoreActor();
      });
    }
    const features = kept.features!;
    const targets = kept.targets!;
    metrics.criticLoss = this.criticOptimizer.minimize(
      () => criticLoss(this.critic.apply(features).squeeze([-1]) as tf.Tensor2D, targets, weights),
      prefixed('critic', this.critic),
    );
    tf.dispose([features, targets, weights]);
    this.updates += 1;
    return metrics;
  }

  dispose(): void {
    for (const module of [this.actor, this.critic, this.slowCritic])
      for (const variable of Object.values(module.variables())) variable.dispose();
    this.actorOptimizer.dispose();
    this.criticOptimizer.dispose();
  }
}
