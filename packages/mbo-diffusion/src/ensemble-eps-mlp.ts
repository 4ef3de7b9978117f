// The ε-network of brief §3.4 along core-tensor's model axis (issue 16): M ε-MLPs of one width
// trained as one, each with its own batch. Model m is `new EpsMlp(dims, width, rngs[m])` bit for bit
// at initialisation (the same split labels), and `modelParams(net.part, m)` saves it as an EpsMlp.
// Shape letters: M models, B batch, D design width, H width, C = 34 conditioning features.
import { EnsembleDense, type EnsembleModule, type Rng, tf } from 'core-tensor';
import { TIME_FEATURES } from './eps-mlp.js';

type Variables = Record<string, tf.Variable>;

export class EnsembleEpsMlp implements EnsembleModule {
  readonly embed: EnsembleDense;
  readonly input: EnsembleDense;
  readonly hidden: EnsembleDense[];
  readonly output: EnsembleDense;

  constructor(
    readonly dims: number,
    readonly width: number,
    rngs: readonly Rng[],
  ) {
    const split = (label: string) => rngs.map((rng) => rng.split(label));
    this.embed = new EnsembleDense(TIME_FEATURES + 2, 32, split('embed'));
    this.input = new EnsembleDense(dims + 32, width, split('input'));
    this.hidden = [0, 1].map((i) => new EnsembleDense(width + 32, width, split(`hidden${i}`)));
    this.output = new EnsembleDense(width, dims, split('output'));
  }

  get models(): number {
    return this.embed.models;
  }

  /** Single-model shapes by the EpsMlp names, so `modelParams(net, m)` loads into an EpsMlp. */
  modelShapes(): Record<string, number[]> {
    const named = (prefix: string, layer: EnsembleDense) =>
      Object.fromEntries(Object.entries(layer.modelShapes()).map(([k, v]) => [`${prefix}.${k}`, v]));
    return {
      ...named('embed', this.embed),
      ...named('input', this.input),
      ...Object.assign({}, ...this.hidden.map((layer, i) => named(`hidden.${i}`, layer))),
      ...named('output', this.output),
    };
  }

  /** ε̂(x_t, c) per model: x_t [M, B, D], c [M, B, C] → [M, B, D]. */
  apply(xt: tf.Tensor3D, c: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const e = silu(this.embed.apply(c)); // [M, B, 32]
      let h = silu(this.input.apply(tf.concat([xt, e], 2))); // [M, B, H]
      for (const layer of this.hidden) h = silu(layer.apply(tf.concat([h, e], 2))); // [M, B, H]
      return this.output.apply(h) as tf.Tensor3D; // [M, B, D]
    });
  }

  /** The EpsMlp names ('embed.kernel', 'hidden.0.bias', …) with stacked [M, …] values. */
  variables(): Variables {
    const named = (prefix: string, layer: EnsembleDense) =>
      Object.fromEntries(Object.entries(layer.variables()).map(([k, v]) => [`${prefix}.${k}`, v]));
    return {
      ...named('embed', this.embed),
      ...named('input', this.input),
      ...Object.assign({}, ...this.hidden.map((layer, i) => named(`hidden.${i}`, layer))),
      ...named('output', this.output),
    };
  }
}

function silu(x: tf.Tensor): tf.Tensor {
  return x.mul(tf.sigmoid(x));
}

/** Smooth-L1 (Huber, δ = 1) per model, averaged over batch and dimensions: [M, B, D] → [M] (§3.1 step 4). */
export function smoothL1PerModel(target: tf.Tensor3D, prediction: tf.Tensor3D): tf.Tensor1D {
  return tf.tidy(() => {
    const diff = target.sub(prediction).abs();
    const quadratic = diff.minimum(1);
    return quadratic.square().mul(0.5).add(diff.sub(quadratic)).mean([1, 2]) as tf.Tensor1D;
  });
}
