// DreamerV2 RSSM (brief §3.2). Shape letters: N rows (batch), H deterministic size, S categoricals,
// C classes, A actions, E embedding, F = S·C + H feature size.
import { Dense, LayerNormGruCell, prefixed, type Rng, tf, type Variables } from 'core-tensor';
import { klBalance, sampleCategorical } from './distributions.js';

export interface RssmSizes {
  deterministic: number; // |h|
  hidden: number;
  stochastic: number; // S
  classes: number; // C
}

export type LatentState = {
  h: tf.Tensor2D; // [N, H]
  z: tf.Tensor2D; // [N, S·C], one-hot per categorical (straight-through)
};

export function disposeState(state: LatentState): void {
  tf.dispose([state.h, state.z]);
}

export class Rssm {
  readonly inputLayer: Dense; // [z, a] -> x
  readonly cell: LayerNormGruCell;
  readonly priorHidden: Dense;
  readonly priorOut: Dense;
  readonly postHidden: Dense;
  readonly postOut: Dense;
  readonly featureSize: number;
  readonly latentSize: number;

  constructor(
    readonly sizes: RssmSizes,
    readonly actionSize: number,
    readonly embedSize: number,
    rng: Rng,
  ) {
    const { deterministic, hidden, stochastic, classes } = sizes;
    this.latentSize = stochastic * classes;
    this.featureSize = this.latentSize + deterministic;
    this.inputLayer = new Dense(this.latentSize + actionSize, hidden, rng.split('input'));
    this.cell = new LayerNormGruCell(hidden, deterministic, rng.split('gru'), -1);
    this.priorHidden = new Dense(deterministic, hidden, rng.split('priorHidden'));
    this.priorOut = new Dense(hidden, this.latentSize, rng.split('priorOut'));
    this.postHidden = new Dense(deterministic + embedSize, hidden, rng.split('postHidden'));
    this.postOut = new Dense(hidden, this.latentSize, rng.split('postOut'));
  }

  initialState(n: number): LatentState {
    return { h: tf.zeros([n, this.sizes.deterministic]), z: tf.zeros([n, this.latentSize]) };
  }

  private logits3(flat: tf.Tensor): tf.Tensor3D {
    return flat.reshape([-1, this.sizes.stochastic, this.sizes.classes]) as tf.Tensor3D;
  }

  /** h_t = GRU(ELU(W_in [z, a]), h); prior logits = W_p ELU(W h_t) (§3.2 img_step). */
  deterministicStep(prev: LatentState, action: tf.Tensor2D): { h: tf.Tensor2D; priorLogits: tf.Tensor3D } {
    return tf.tidy(() => {
      const x = tf.elu(this.inputLayer.apply(tf.concat([prev.z, action], 1))) as tf.Tensor2D;
      const h = this.cell.apply(x, prev.h);
      const priorLogits = this.logits3(this.priorOut.apply(tf.elu(this.priorHidden.apply(h))));
      return { h, priorLogits };
    });
  }

  /** Prior step: z_t ~ p(z_t | h_t). */
  imagineStep(prev: LatentState, action: tf.Tensor2D, rng: Rng): LatentState {
    return tf.tidy(() => {
      const { h, priorLogits } = this.deterministicStep(prev, action);
      const z = sampleCategorical(priorLogits, rng).reshape([-1, this.latentSize]) as tf.Tensor2D;
      return { h, z };
    });
  }

  /**
   * Posterior step (§3.2 obs_step): zero state and action where isFirst [N, 1], prior step, then
   * posterior logits = W_q ELU(W [h_t, e_t]); z_t ~ q.
   */
  observeStep(
    prev: LatentState,
    action: tf.Tensor2D,
    embed: tf.Tensor2D,
    isFirst: tf.Tensor2D,
    rng: Rng,
  ): { state: LatentState; priorLogits: tf.Tensor3D; postLogits: tf.Tensor3D } {
    return tf.tidy(() => {
      const keep = tf.sub(1, isFirst);
      const masked = { h: prev.h.mul(keep) as tf.Tensor2D, z: prev.z.mul(keep) as tf.Tensor2D };
      const { h, priorLogits } = this.deterministicStep(masked, action.mul(keep) as tf.Tensor2D);
      const postLogits = this.logits3(
        this.postOut.apply(tf.elu(this.postHidden.apply(tf.concat([h, embed], 1)))),
      );
      const z = sampleCategorical(postLogits, rng).reshape([-1, this.latentSize]) as tf.Tensor2D;
      return { state: { h, z }, priorLogits, postLogits };
    });
  }

  /**
   * Posterior over a time-major sequence from the zero state: embeds [T, B, E], actions [T, B, A],
   * isFirst [T, B]. Returns states (time-major lists), the KL-balance loss and KL per step [T·B].
   */
  observe(
    embeds: tf.Tensor3D,
    actions: tf.Tensor3D,
    isFirst: tf.Tensor2D,
    rng: Rng,
    kl: { balance: number; freeNats: number },
  ): { states: LatentState[]; klLoss: tf.Scalar; klValue: tf.Tensor1D } {
    const steps = embeds.shape[0];
    const batch = embeds.shape[1];
    const embedSteps = tf.unstack(embeds) as tf.Tensor2D[];
    const actionSteps = tf.unstack(actions) as tf.Tensor2D[];
    const firstSteps = tf.unstack(isFirst.reshape([steps, batch, 1])) as tf.Tensor2D[];
    let state = this.initialState(batch);
    const states: LatentState[] = [];
    const priors: tf.Tensor3D[] = [];
    const posts: tf.Tensor3D[] = [];
    for (let t = 0; t < steps; t++) {
      const out = this.observeStep(state, actionSteps[t]!, embedSteps[t]!, firstSteps[t]!, rng);
      state = out.state;
      states.push(state);
      priors.push(out.priorLogits);
      posts.push(out.postLogits);
    }
    const { loss, value } = klBalance(tf.concat(posts, 0), tf.concat(priors, 0), kl.balance, kl.freeNats);
    return { states, klLoss: loss, klValue: value };
  }

  /** feat = [z, h] (§3.2). */
  feature(state: LatentState): tf.Tensor2D {
    return tf.concat([state.z, state.h], 1);
  }

  variables(): Variables {
    return {
      ...prefixed('input', this.inputLayer),
      ...prefixed('gru', this.cell),
      ...prefixed('priorHidden', this.priorHidden),
      ...prefixed('priorOut', this.priorOut),
      ...prefixed('postHidden', this.postHidden),
      ...prefixed('postOut', this.postOut),
    };
  }
}
