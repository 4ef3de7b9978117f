// Activations by name, so configs can choose one with a zod enum.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

export const Activation = z.enum(['linear', 'relu', 'elu', 'tanh', 'sigmoid', 'silu', 'gelu']);
export type Activation = z.infer<typeof Activation>;

/** GELU, tanh approximation (as GPT-2): 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const cube = x.mul(x).mul(x); // not x.pow(3): Pow is a slow generic kernel on wasm
    const inner = x.add(cube.mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1));
  });
}

export function activate(x: tf.Tensor, activation: Activation): tf.Tensor {
  switch (activation) {
    case 'linear':
      return x;
    case 'relu':
      return tf.relu(x);
    case 'elu':
      return tf.elu(x);
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'silu':
      return tf.tidy(() => x.mul(tf.sigmoid(x)));
    case 'gelu':
      return gelu(x);
  }
}
