// The ε-network `eps-mlp` of brief §3.4. B batch, D design dims, H hidden width.
//   c = [sinusoidal(t) (32 features), ỹ·m, 1 − m]            [B, 34]   (m = 1: label present)
//   e = SiLU(Dense(34→32)(c))                               [B, 32]
//   h₁ = SiLU(Dense(D+32→H)([x_t, e])); h₂, h₃ = SiLU(Dense(H+32→H)([h, e])); ε̂ = Dense(H→D)(h₃)
import { Dense, type Module, prefixed, type Rng, tf, type Variables } from 'core-tensor';

export const TIME_FEATURES = 32;

/** Sinusoidal features of integer t: sin and cos of t·exp(−ln(10⁴)·k/16), k = 0..15 (§3.4). */
export function timeFeatures(t: number): number[] {
  const half = TIME_FEATURES / 2;
  const out: number[] = [];
  for (let k = 0; k < half; k++) out.push(Math.sin(t * Math.exp((-Math.log(1e4) * k) / half)));
  for (let k = 0; k < half; k++) out.push(Math.cos(t * Math.exp((-Math.log(1e4) * k) / half)));
  return out;
}

/** The conditioning rows c [B, 34] for steps t, labels ỹ and presence mask m (§3.2 null token). */
export function conditioning(
  t: ArrayLike<number>,
  yTilde: ArrayLike<number>,
  mask: ArrayLike<number>,
): Float32Array {
  const width = TIME_FEATURES + 2;
  const out = new Float32Array(t.length * width);
  for (let i = 0; i < t.length; i++) {
    out.set(timeFeatures(t[i]!), i * width);
    out[i * width + TIME_FEATURES] = yTilde[i]! * mask[i]!;
    out[i * width + TIME_FEATURES + 1] = 1 - mask[i]!;
  }
  return out;
}

export class EpsMlp implements Module {
  readonly embed: Dense;
  readonly input: Dense;
  readonly hidden: Dense[];
  readonly output: Dense;

  constructor(
    readonly dims: number,
    readonly width: number,
    rng: Rng,
  ) {
    this.embed = new Dense(TIME_FEATURES + 2, 32, rng.split('embed'));
    this.input = new Dense(dims + 32, width, rng.split('input'));
    this.hidden = [0, 1].map((i) => new Dense(width + 32, width, rng.split(`hidden${i}`)));
    this.output = new Dense(width, dims, rng.split('output'));
  }

  /** ε̂(x_t, c): x_t [B, D], c [B, 34] → [B, D]. */
  apply(xt: tf.Tensor2D, c: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const e = silu(this.embed.apply(c)); // [B, 34] -> [B, 32]
      let h = silu(this.input.apply(tf.concat([xt, e], 1))); // [B, H]
      for (const layer of this.hidden) h = silu(layer.apply(tf.concat([h, e], 1))); // [B, H]
      return this.output.apply(h) as tf.Tensor2D; // [B, D]
    });
  }

  variables(): Variables {
    return {
      ...prefixed('embed', this.embed),
      ...prefixed('input', this.input),
      ...Object.assign({}, ...this.hidden.map((layer, i) => prefixed(`hidden.${i}`, layer))),
      ...prefixed('output', this.output),
    };
  }
}

function silu(x: tf.Tensor): tf.Tensor {
  return x.mul(tf.sigmoid(x));
}
