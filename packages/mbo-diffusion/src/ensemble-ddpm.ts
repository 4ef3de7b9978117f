// DDPM training of brief §3.1 along core-tensor's model axis (issue 16, point 2): M ε-networks of one
// shape trained as one (EnsembleEpsMlp + EnsembleAdam + one EMA over the stacked variables). Each
// model keeps its own streams: its own batch, its own t, label-dropout draws and noise seed, drawn in
// the order `ddpmLoss` draws them, so model m follows the trajectory it would follow alone (up to
// float rounding of the batched kernels) whichever models share its step.
// Shape letters: M models, B batch, D design dims, C = 34 conditioning features.
import {
  type AdamOptions,
  Ema,
  EnsembleAdam,
  type EnsembleModule,
  modelParams,
  type Rng,
  tf,
} from 'core-tensor';
import { emaDecayAt, forwardNoise, type TrainBatch } from './ddpm.js';
import { EnsembleEpsMlp, smoothL1PerModel } from './ensemble-eps-mlp.js';
import { conditioning, TIME_FEATURES } from './eps-mlp.js';
import type { Schedule } from './schedule.js';

export interface EnsembleDdpm {
  net: EnsembleEpsMlp;
  /** One EMA over the stacked variables: per model it is the single-model EMA (elementwise). */
  ema: Ema | undefined;
  /** Per-model Adam with per-model global-norm clipping (core-tensor's modelGlobalNorms). */
  optimiser: EnsembleAdam;
}

/** Model m starts as `createDdpm(dims, width, rngs[m], …)`.net: the same 'init' split of its Rng. */
export function createEnsembleDdpm(
  dims: number,
  width: number,
  rngs: readonly Rng[],
  useEma: boolean,
  adam: AdamOptions,
): EnsembleDdpm {
  const net = new EnsembleEpsMlp(
    dims,
    width,
    rngs.map((rng) => rng.split('init')),
  );
  return { net, ema: useEma ? new Ema(net) : undefined, optimiser: new EnsembleAdam(rngs.length, adam) };
}

/** Per-model §3.1 steps 1–4 on each model's own batch: → losses [M]; all randomness from `rngs[m]`. */
export function ensembleDdpmLoss(
  net: EnsembleEpsMlp,
  schedule: Schedule,
  batches: readonly TrainBatch[],
  labelDropouts: readonly number[],
  rngs: readonly Rng[],
): () => tf.Tensor1D {
  const models = batches.length;
  const size = batches[0]!.yTilde.length;
  const t = new Int32Array(models * size);
  const features = TIME_FEATURES + 2; // C
  const c = new Float32Array(models * size * features);
  const x0 = new Float32Array(models * size * net.dims);
  const seeds: number[] = [];
  batches.forEach((batch, m) => {
    // the draws of ddpmLoss, in its order: t, then the mask, then the noise seed
    const rng = rngs[m]!;
    const tm = Int32Array.from({ length: size }, () => 1 + rng.int(schedule.steps)); // t ~ U{1..T}
    const mask = Float32Array.from({ length: size }, () => (rng.bernoulli(labelDropouts[m]!) ? 0 : 1)); // drop w.p. τ_m
    t.set(tm, m * size);
    c.set(conditioning(tm, batch.yTilde, mask), m * size * features);
    seeds.push(rng.tfSeed());
    x0.set(batch.x0, m * size * net.dims);
  });
  return () =>
    tf.tidy(() => {
      // ε per model from its own seed, as the single-model step draws it: [M·B, D]
      const noise = tf.concat(
        seeds.map((seed) => tf.randomNormal([size, net.dims], 0, 1, 'float32', seed)),
      ) as tf.Tensor2D;
      const xt = forwardNoise(schedule, tf.tensor2d(x0, [models * size, net.dims]), t, noise); // [M·B, D]
      const predicted = net.apply(
        xt.reshape([models, size, net.dims]) as tf.Tensor3D,
        tf.tensor3d(c, [models, size, features]),
      ); // [M, B, D]
      return smoothL1PerModel(noise.reshape([models, size, net.dims]) as tf.Tensor3D, predicted); // [M]
    });
}

/** One optimiser step of every model plus the EMA update (§3.1 warm-up d_k); returns each model's loss. */
export function ensembleDdpmTrainStep(
  model: EnsembleDdpm,
  schedule: Schedule,
  batches: readonly TrainBatch[],
  labelDropouts: readonly number[],
  emaDecay: number,
  step: number,
  rngs: readonly Rng[],
): number[] {
  const result = model.optimiser.minimize(
    ensembleDdpmLoss(model.net, schedule, batches, labelDropouts, rngs),
    model.net.variables(),
  );
  model.ema?.update(emaDecayAt(step, emaDecay));
  return result.losses;
}

/**
 * Model m's sampling weights (the EMA copy when EMA is on, as `refreshSampler` gives a single model)
 * by EpsMlp names and shapes: new tensors the caller owns.
 */
export function samplerParams(model: EnsembleDdpm, m: number): Record<string, tf.Tensor> {
  const { net, ema } = model;
  if (!ema) return modelParams(net, m);
  // the EMA shadow holds the net's names with stacked shapes: read it through the net's layout
  const shadow: EnsembleModule = {
    models: net.models,
    modelShapes: () => net.modelShapes(),
    variables: () => ema.variables(),
  };
  return modelParams(shadow, m);
}

/** Frees the stacked variables, the EMA shadow and the Adam moments. */
export function disposeEnsembleDdpm(model: EnsembleDdpm): void {
  tf.dispose(Object.values(model.net.variables()));
  if (model.ema) tf.dispose(Object.values(model.ema.variables()));
  model.optimiser.dispose();
}
