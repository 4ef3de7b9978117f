// Small ops that tfjs lacks or gets wrong on some backend, and a shape check for public functions.
import * as tf from '@tensorflow/tfjs';

/**
 * Identity in the forward pass, zero gradient in the backward pass (tfjs has no tf.stopGradient).
 * Built with customGrad, so it works on every backend.
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  const blocked = tf.customGrad((input) => {
    if (!(input instanceof tf.Tensor)) throw new Error('stopGradient takes one tensor');
    return { value: input.clone(), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
  });
  return blocked(x) as T; // customGrad is typed as returning tf.Tensor; the value is a clone of x
}

/**
 * Straight-through estimator: the forward value is exactly `sample` (e.g. a one-hot draw, which
 * has no gradient); the gradient flows to `probabilities` as if the output were them. This is
 * sample + p − stopGradient(p) (Bengio et al. 2013; DreamerV2's categorical latents) without the
 * float round-off that writing the sum out would put into the sample.
 */
export function straightThrough(sample: tf.Tensor, probabilities: tf.Tensor): tf.Tensor {
  if (!tf.util.arraysEqual(sample.shape, probabilities.shape)) {
    throw new Error(
      `straightThrough: sample [${sample.shape}] and probabilities [${probabilities.shape}] differ in shape`,
    );
  }
  const estimator = tf.customGrad((draw, probs) => {
    if (!(draw instanceof tf.Tensor) || !(probs instanceof tf.Tensor))
      throw new Error('straightThrough takes two tensors');
    return { value: draw.clone(), gradFunc: (dy: tf.Tensor) => [tf.zerosLike(dy), dy.clone()] };
  });
  return estimator(sample, probabilities);
}

/**
 * One-hot as float32. `tf.oneHot(indices, depth)` gives int32; asking tfjs for float32 directly
 * returns garbage on the wasm backend (tfjs 4.22), so we cast the int32 result instead.
 */
export function oneHot(indices: tf.Tensor, depth: number): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.cast(indices, 'int32'), depth), 'float32'));
}

/**
 * Throws unless `x` has the given shape. A number must match exactly; a string (a shape letter
 * such as 'B') matches any size, but the same letter must have the same size everywhere in `shape`.
 */
export function assertShape(x: tf.Tensor, shape: ReadonlyArray<number | string>, name: string): void {
  const letters = new Map<string, number>();
  const fail = (): never => {
    throw new Error(`${name} has shape [${x.shape.join(', ')}], expected [${shape.join(', ')}]`);
  };
  if (x.rank !== shape.length) fail();
  shape.forEach((want, axis) => {
    const got = x.shape[axis]!;
    if (typeof want === 'number') {
      if (got !== want) fail();
    } else {
      const seen = letters.get(want);
      if (seen !== undefined && seen !== got) fail();
      letters.set(want, got);
    }
  });
}
