// Ancestral DDPM sampling of brief §3.1 with the guided estimates of §3.2 (classifier-free) and
// §3.3 (classifier guidance). The final t = 1 → 0 mean-only step is run (fixes quirk 2).
//   μ = (x_t − β_t/√(1−ᾱ_t)·ε̃)/√(1−β_t);  x_{t−1} = μ + √β̃_t·z if t > 1, else x_0 = μ
import { type Rng, tf } from 'core-tensor';
import { conditioning, type EpsMlp } from './eps-mlp.js';
import type { Schedule } from './schedule.js';
import type { TrainingOracle } from './training-oracle.js';

/** ε̃(x_t, t): the (guided) noise estimate at step t; returns a new tensor. */
export type NoiseEstimate = (xt: tf.Tensor2D, t: number) => tf.Tensor2D;

/** Runs the ancestral sampler from x_T ~ N(0, I); returns x_0 as [n·D]. */
export function sampleAncestral(
  schedule: Schedule,
  count: number,
  dims: number,
  estimate: NoiseEstimate,
  rng: Rng,
  denoisedClip: number | null = null,
): Float32Array {
  let x = tf.randomNormal([count, dims], 0, 1, 'float32', rng.tfSeed()) as tf.Tensor2D; // x_T
  for (let t = schedule.steps; t >= 1; t--) {
    const seed = rng.tfSeed();
    const next = tf.tidy(() => {
      const eps = estimate(x, t);
      const mean =
        denoisedClip === null
          ? epsilonMean(schedule, x, eps, t)
          : clippedMean(schedule, x, eps, t, denoisedClip);
      if (t === 1) return mean as tf.Tensor2D; // x_0 = μ: the step the official loop skips
      const z = tf.randomNormal([count, dims], 0, 1, 'float32', seed);
      return mean.add(z.mul(Math.sqrt(schedule.posteriorVariance[t]!))) as tf.Tensor2D;
    });
    x.dispose();
    x = next;
  }
  const out = x.dataSync().slice() as Float32Array;
  x.dispose();
  return out;
}

/** μ = (x_t − β_t/√(1−ᾱ_t)·ε̃)/√(1−β_t), the brief's §3.1 form. */
function epsilonMean(schedule: Schedule, x: tf.Tensor2D, eps: tf.Tensor2D, t: number): tf.Tensor {
  const beta = schedule.beta[t]!;
  return x.sub(eps.mul(beta / Math.sqrt(1 - schedule.alphaBar[t]!))).div(Math.sqrt(1 - beta));
}

/**
 * [ours, `denoisedClip`] The same posterior mean written through x̂_0 = (x_t − √(1−ᾱ_t)·ε̃)/√ᾱ_t,
 * with x̂_0 clipped to [−c, c] in model space (improved-diffusion's clip_denoised):
 *   μ = √ᾱ_{t−1}·β_t/(1−ᾱ_t)·x̂_0 + √(1−β_t)·(1−ᾱ_{t−1})/(1−ᾱ_t)·x_t.
 * Unclipped it equals epsilonMean. With the cosine schedule β_T = 0.999, so the ε form multiplies
 * any error of ε̂ at t = T by β_T/√(1−β_T) ≈ 31.6; clipping x̂_0 bounds that (README, departures).
 */
function clippedMean(
  schedule: Schedule,
  x: tf.Tensor2D,
  eps: tf.Tensor2D,
  t: number,
  clip: number,
): tf.Tensor {
  const alphaBar = schedule.alphaBar[t]!;
  const previous = schedule.alphaBar[t - 1]!;
  const beta = schedule.beta[t]!;
  const denoised = x
    .sub(eps.mul(Math.sqrt(1 - alphaBar)))
    .div(Math.sqrt(alphaBar))
    .clipByValue(-clip, clip);
  const denoisedCoef = (Math.sqrt(previous) * beta) / (1 - alphaBar);
  const currentCoef = (Math.sqrt(1 - beta) * (1 - previous)) / (1 - alphaBar);
  return denoised.mul(denoisedCoef).add(x.mul(currentCoef));
}

function repeated(value: number, count: number): Float32Array {
  return new Float32Array(count).fill(value);
}

/** CFG (§3.2): ε̃ = (1+w)·ε_θ(x_t, ỹ, t) − w·ε_θ(x_t, ∅, t), both terms in one 2N-row batch. */
export function cfgEstimate(net: EpsMlp, yTilde: Float32Array, guidance: number): NoiseEstimate {
  const count = yTilde.length;
  const present = repeated(1, count);
  const absent = repeated(0, count);
  return (xt, t) =>
    tf.tidy(() => {
      const steps = repeated(t, count);
      const conditional = conditioning(steps, yTilde, present);
      if (guidance === 0) return net.apply(xt, tf.tensor2d(conditional, [count, conditional.length / count]));
      const both = new Float32Array(conditional.length * 2);
      both.set(conditional);
      both.set(conditioning(steps, absent, absent), conditional.length);
      const out = net.apply(
        tf.concat([xt, xt], 0),
        tf.tensor2d(both, [2 * count, conditional.length / count]),
      );
      const [withLabel, without] = tf.split(out, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      return withLabel.mul(1 + guidance).sub(without.mul(guidance)) as tf.Tensor2D;
    });
}

/**
 * Classifier guidance (§3.3): ε̃ = ε_θ(x_t, ∅, t) − w·√(1−ᾱ_t)·(ỹ − g_β(x_t,t))·∇_{x_t} g_β(x_t,t),
 * the gradient of log N(ỹ; g_β, 1) taken with tf.grad inside the loop.
 */
export function cgEstimate(
  net: EpsMlp,
  oracle: TrainingOracle,
  schedule: Schedule,
  yTilde: Float32Array,
  guidance: number,
): NoiseEstimate {
  const count = yTilde.length;
  const absent = repeated(0, count);
  return (xt, t) =>
    tf.tidy(() => {
      const steps = repeated(t, count);
      const c = conditioning(steps, absent, absent);
      const eps = net.apply(xt, tf.tensor2d(c, [count, c.length / count]));
      if (guidance === 0) return eps;
      const target = tf.tensor1d(yTilde);
      const tIndex = Int32Array.from(steps);
      const logLikelihood = (x: tf.Tensor) =>
        target
          .sub(oracle.apply(x as tf.Tensor2D, tIndex))
          .square()
          .sum()
          .mul(-0.5) as tf.Scalar;
      const gradient = tf.grad(logLikelihood)(xt); // (ỹ − g)·∇g per row
      return eps.sub(gradient.mul(guidance * Math.sqrt(1 - schedule.alphaBar[t]!))) as tf.Tensor2D;
    });
}

export interface CfgSampleOptions {
  net: EpsMlp;
  schedule: Schedule;
  yTilde: Float32Array;
  guidance: number;
  rng: Rng;
  /** [ours] clip x̂_0 to [−c, c] while sampling; null runs the brief's sampler unchanged. */
  denoisedClip?: number | null;
}

/** n = |yTilde| CFG samples, one per label, in model space [n·D]. */
export function sampleCfg(options: CfgSampleOptions): Float32Array {
  const { net, schedule, yTilde, guidance, rng } = options;
  const estimate = cfgEstimate(net, yTilde, guidance);
  return sampleAncestral(schedule, yTilde.length, net.dims, estimate, rng, options.denoisedClip ?? null);
}

/** n = |yTilde| classifier-guided samples from an unconditional model. */
export function sampleCg(options: CfgSampleOptions & { oracle: TrainingOracle }): Float32Array {
  const { net, oracle, schedule, yTilde, guidance, rng } = options;
  const estimate = cgEstimate(net, oracle, schedule, yTilde, guidance);
  return sampleAncestral(schedule, yTilde.length, net.dims, estimate, rng, options.denoisedClip ?? null);
}

/**
 * n unconditional samples: ε_θ(x_t, ∅, t) with the null token (§3.2), never f_valid nor g_β. What
 * the generator sanity gate scores (issue 16): they should look like D_train.
 */
export function sampleUnconditional(options: {
  net: EpsMlp;
  schedule: Schedule;
  count: number;
  rng: Rng;
  denoisedClip?: number | null;
}): Float32Array {
  const { net, schedule, count, rng } = options;
  const absent = repeated(0, count);
  const estimate: NoiseEstimate = (xt, t) =>
    tf.tidy(() => {
      const c = conditioning(repeated(t, count), absent, absent);
      return net.apply(xt, tf.tensor2d(c, [count, c.length / count]));
    });
  return sampleAncestral(schedule, count, net.dims, estimate, rng, options.denoisedClip ?? null);
}
