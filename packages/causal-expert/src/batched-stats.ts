// Batched statistics through core-tensor's tf (§5, ours): the correlation matrix as one matmul of
// the standardised data, all level-0 Fisher-z p-values elementwise (atanh and tf.erf for Φ), and
// all order-1 partial correlations as one d³ broadcast. Contingency counting and higher orders
// stay in typed arrays. tfjs computes in float32.
import { tf } from 'core-tensor';
import { type CiTest, correlationClip, fisherZPValue, partialCorrelation } from './ci-tests.js';
import type { ContinuousData } from './sampler.js';

/** Pearson correlation via tf: Zᵀ Z / n with Z the standardised columns. */
export function correlationTensor(data: ContinuousData): Float64Array {
  const result = tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from(data.values), [data.n, data.d]);
    const { mean, variance } = tf.moments(x, 0);
    const z = x.sub(mean).div(variance.sqrt());
    return tf.matMul(z, z, true, false).div(data.n);
  });
  const values = Float64Array.from(result.dataSync());
  result.dispose();
  for (let i = 0; i < data.d; i++) values[i * data.d + i] = 1;
  return values;
}

/** p-values of z = √(n − order − 3)·atanh(r), p = 1 − erf(|z|/√2), elementwise. */
function fisherZTensor(r: tf.Tensor, n: number, order: number): tf.Tensor {
  return tf.tidy(() => {
    const clipped = r.clipByValue(-correlationClip, correlationClip);
    const z = clipped
      .atanh()
      .mul(Math.sqrt(n - order - 3))
      .abs();
    return tf.sub(1, tf.erf(z.div(Math.SQRT2)));
  });
}

/** All level-0 Fisher-z p-values (d × d). */
export function fisherZLevel0(corr: Float64Array, d: number, n: number): Float64Array {
  const p = tf.tidy(() => fisherZTensor(tf.tensor2d(Float32Array.from(corr), [d, d]), n, 0));
  const out = Float64Array.from(p.dataSync());
  p.dispose();
  return out;
}

/** All order-1 partial correlations r_{xy|k} as a d × d × d array [x][y][k] (one broadcast). */
export function partialCorrelationsLevel1(corr: Float64Array, d: number): Float32Array {
  const r = tf.tidy(() => {
    const c = tf.tensor2d(Float32Array.from(corr), [d, d]);
    const cxy = c.reshape([d, d, 1]);
    const cxk = c.reshape([d, 1, d]);
    const cyk = c.reshape([1, d, d]);
    const numerator = cxy.sub(cxk.mul(cyk));
    const denominator = tf.sub(1, cxk.square()).mul(tf.sub(1, cyk.square())).sqrt();
    return numerator.div(denominator);
  });
  const out = r.dataSync() as Float32Array;
  r.dispose();
  return Float32Array.from(out);
}

/** All order-1 Fisher-z p-values [x][y][k]. */
export function fisherZLevel1(corr: Float64Array, d: number, n: number): Float32Array {
  const p = tf.tidy(() => {
    const r = tf.tensor3d(partialCorrelationsLevel1(corr, d), [d, d, d]);
    return fisherZTensor(r, n, 1);
  });
  const out = Float32Array.from(p.dataSync());
  p.dispose();
  return out;
}

/** Fisher-z with orders 0 and 1 precomputed in tf; higher orders from the same correlation in typed arrays. */
export class TensorFisherZTest implements CiTest {
  private readonly level0: Float64Array;
  private readonly level1: Float32Array;
  readonly corr: Float64Array;

  constructor(
    data: ContinuousData,
    readonly d = data.d,
    readonly n = data.n,
  ) {
    this.corr = correlationTensor(data);
    this.level0 = fisherZLevel0(this.corr, d, n);
    this.level1 = fisherZLevel1(this.corr, d, n);
  }

  pValue(x: number, y: number, conditioning: readonly number[]): number {
    const d = this.d;
    if (conditioning.length === 0) return this.level0[x * d + y]!;
    if (conditioning.length === 1) return this.level1[(x * d + y) * d + conditioning[0]!]!;
    return fisherZPValue(partialCorrelation(this.corr, d, x, y, conditioning), this.n, conditioning.length);
  }
}
