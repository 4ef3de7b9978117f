// DDPM training of brief §3.1: the forward process q(x_t|x_0) = N(√ᾱ_t·x_0, (1−ᾱ_t)·I), one training
// step (t ~ U{1..T}, ε ~ N(0, I), label dropped with probability τ, smooth-L1 between ε and ε̂), and
// the EMA decay with warm-up d_k = min(d, (1+k)/(10+k)).
import { Adam, Ema, type Rng, tf } from 'core-tensor';
import { conditioning, EpsMlp } from './eps-mlp.js';
import type { Schedule } from './schedule.js';

/** x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε, per row t (§3.1). */
export function forwardNoise(
  schedule: Schedule,
  x0: tf.Tensor2D,
  t: ArrayLike<number>,
  noise: tf.Tensor2D,
): tf.Tensor2D {
  return tf.tidy(() => {
    const signal = tf.tensor2d(
      Float32Array.from(t, (s) => Math.sqrt(schedule.alphaBar[s]!)),
      [t.length, 1],
    );
    const spread = tf.tensor2d(
      Float32Array.from(t, (s) => Math.sqrt(1 - schedule.alphaBar[s]!)),
      [t.length, 1],
    );
    return x0.mul(signal).add(noise.mul(spread)) as tf.Tensor2D;
  });
}

/** Smooth-L1 (Huber, δ = 1), averaged over batch and dimensions (§3.1 step 4). */
export function smoothL1(target: tf.Tensor, prediction: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const diff = target.sub(prediction).abs();
    const quadratic = diff.minimum(1); // 0.5·q² + (|d| − q): 0.5d² for |d| ≤ 1, |d| − 0.5 beyond
    return quadratic.square().mul(0.5).add(diff.sub(quadratic)).mean() as tf.Scalar;
  });
}

/** EMA decay at update k with warm-up (§3.1 "EMA [ours]"). */
export function emaDecayAt(step: number, decay: number): number {
  return Math.min(decay, (1 + step) / (10 + step));
}

export interface TrainBatch {
  x0: Float32Array; // [B·D]
  yTilde: Float32Array; // [B]
}

/** Draws a batch with replacement from D_train (model space). */
export function drawBatch(
  rng: Rng,
  x: Float32Array,
  y: Float32Array,
  dims: number,
  size: number,
): TrainBatch {
  const x0 = new Float32Array(size * dims);
  const yTilde = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const index = rng.int(y.length);
    x0.set(x.subarray(index * dims, (index + 1) * dims), i * dims);
    yTilde[i] = y[index]!;
  }
  return { x0, yTilde };
}

/** The loss of §3.1 steps 1–4 on one batch; all randomness from `rng`. */
export function ddpmLoss(
  net: EpsMlp,
  schedule: Schedule,
  batch: TrainBatch,
  labelDropout: number,
  rng: Rng,
): () => tf.Scalar {
  const size = batch.yTilde.length;
  const t = Int32Array.from({ length: size }, () => 1 + rng.int(schedule.steps)); // t ~ U{1..T}
  const mask = Float32Array.from({ length: size }, () => (rng.bernoulli(labelDropout) ? 0 : 1)); // drop w.p. τ
  const c = conditioning(t, batch.yTilde, mask);
  const seed = rng.tfSeed();
  return () =>
    tf.tidy(() => {
      const x0 = tf.tensor2d(batch.x0, [size, net.dims]);
      const noise = tf.randomNormal([size, net.dims], 0, 1, 'float32', seed) as tf.Tensor2D; // ε
      const xt = forwardNoise(schedule, x0, t, noise);
      const predicted = net.apply(xt, tf.tensor2d(c, [size, c.length / size]));
      return smoothL1(noise, predicted);
    });
}

export interface DdpmModel {
  net: EpsMlp;
  ema: Ema | undefined;
  /** The network used for sampling and C-DSM: the EMA copy when EMA is enabled (fixes quirk 1). */
  sampler: EpsMlp;
}

export function createDdpm(dims: number, width: number, rng: Rng, useEma: boolean): DdpmModel {
  const net = new EpsMlp(dims, width, rng.split('init'));
  if (!useEma) return { net, ema: undefined, sampler: net };
  return { net, ema: new Ema(net), sampler: new EpsMlp(dims, width, rng.split('init-ema')) };
}

/** One optimiser step plus the EMA update; returns the loss. */
export function ddpmTrainStep(
  model: DdpmModel,
  optimiser: Adam,
  schedule: Schedule,
  batch: TrainBatch,
  labelDropout: number,
  emaDecay: number,
  step: number,
  rng: Rng,
): number {
  const result = optimiser.minimize(
    ddpmLoss(model.net, schedule, batch, labelDropout, rng),
    model.net.variables(),
  );
  model.ema?.update(emaDecayAt(step, emaDecay));
  return result.loss;
}

/** Refreshes the sampling network from the EMA weights (no-op without EMA). */
export function refreshSampler(model: DdpmModel): void {
  if (model.ema) model.ema.copyTo(model.sampler);
}

export interface TrainDdpmOptions {
  x: Float32Array; // D_train in model space [N·D]
  yTilde: Float32Array; // normalised labels [N]
  dims: number;
  width: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  labelDropout: number; // τ (1 trains an unconditional model for classifier guidance)
  emaDecay: number | null; // null disables EMA
  schedule: Schedule;
  rng: Rng;
  clipNorm?: number;
}

/** The whole training loop of §3.1 in one call (the experiment's jobs run the same steps with checkpoints). */
export function trainDdpm(options: TrainDdpmOptions): DdpmModel {
  const model = createDdpm(options.dims, options.width, options.rng, options.emaDecay !== null);
  const optimiser = new Adam({
    learningRate: options.learningRate,
    ...(options.clipNorm === undefined ? {} : { clipNorm: options.clipNorm }),
  });
  const batches = options.rng.split('batches');
  const noise = options.rng.split('noise');
  for (let step = 0; step < options.steps; step++) {
    const batch = drawBatch(batches, options.x, options.yTilde, options.dims, options.batchSize);
    ddpmTrainStep(
      model,
      optimiser,
      options.schedule,
      batch,
      options.labelDropout,
      options.emaDecay ?? 0,
      step,
      noise,
    );
  }
  refreshSampler(model);
  optimiser.dispose();
  return model;
}
