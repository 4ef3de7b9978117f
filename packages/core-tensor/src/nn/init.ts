// Parameter initialisers. Seeds come from an Rng, so initial weights are reproducible; tfjs draws
// seeded random tensors in JS, so the numbers are the same on every backend.
// Each runs in tf.tidy: the variable shares the initial tensor's data, and tidy frees the temporary.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';

/** Glorot/Xavier uniform: U(-√(6/(fanIn+fanOut)), +√(6/(fanIn+fanOut))). */
export function glorotUniform(shape: number[], fanIn: number, fanOut: number, rng: Rng): tf.Variable {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.tidy(() => tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', rng.tfSeed())));
}

/** Normal(0, std²), as GPT-style embeddings use (std 0.02). */
export function normalInit(shape: number[], std: number, rng: Rng): tf.Variable {
  return tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, std, 'float32', rng.tfSeed())));
}

export function zerosInit(shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.zeros(shape)));
}

export function onesInit(shape: number[]): tf.Variable {
  return tf.tidy(() => tf.variable(tf.ones(shape)));
}
