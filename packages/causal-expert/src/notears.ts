// NOTEARS-linear (Zheng et al. 2018; §5, ours) through core-tensor:
//   min (1/2n)‖X − XW‖²_F + λ1‖W‖₁  s.t.  h(W) = tr(exp(W∘W)) − d = 0,
// by the augmented Lagrangian (ρ/2)h² + αh. Our substitutions: Adam with proximal
// soft-thresholding for λ1 replaces L-BFGS-B; exp by scaling-and-squaring with a Taylor series
// (tfjs has no expm); the polynomial h = tr((I + W∘W/d)^d) − d as an option. The data term uses
// the covariance S = XᵀX/n: (1/2n)‖X − XW‖² = ½ tr((I − W)ᵀ S (I − W)).
//
// Tensor hygiene (issue 18 point 7, after issue 12's leak fix): the options are checked before any
// tensor exists; W is an unnamed variable (a named one stays registered when a run throws, and the
// next run fails with "already registered"); everything the run allocates, including the Adam of
// the inner solve under way, is freed in `finally`, so a failing run leaves no tensor behind.
import { Adam, tf } from 'core-tensor';
import { z } from 'zod';
import type { ContinuousData } from './sampler.js';

export const NotearsOptions = z.object({
  lambda1: z.number().min(0), // §5 λ1
  wThreshold: z.number().min(0), // §5 edge threshold
  /** Total Adam steps over all inner solves (the compute budget). */
  maxSteps: z.number().int().positive(),
  /** Adam steps per inner solve. */
  innerSteps: z.number().int().positive(),
  maxOuter: z.number().int().positive(),
  learningRate: z.number().positive(),
  hMode: z.enum(['expm', 'polynomial']),
  hTolerance: z.number().positive(),
  rhoMax: z.number().positive(),
});
export type NotearsOptions = z.infer<typeof NotearsOptions>;

export const defaultNotearsOptions: NotearsOptions = {
  lambda1: 0.1,
  wThreshold: 0.3,
  maxSteps: 900,
  innerSteps: 100,
  maxOuter: 100,
  learningRate: 0.02,
  hMode: 'expm',
  hTolerance: 1e-8,
  rhoMax: 1e16,
};

/** The options merged over the defaults; a bad value is an error naming it and what is valid. */
export function notearsOptions(options: Partial<NotearsOptions>): NotearsOptions {
  const parsed = NotearsOptions.safeParse({ ...defaultNotearsOptions, ...options });
  if (!parsed.success) throw new Error(`NOTEARS options are invalid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export interface NotearsResult {
  /** The thresholded weights, d × d row-major (W[i][j] ≠ 0 ⇒ i→j). */
  weights: Float64Array;
  arcs: [number, number][];
  h: number;
  steps: number;
  outerIterations: number;
  msPerStep: number;
}

/** Centres (and optionally standardises) the columns. */
export function preprocess(data: ContinuousData, standardise: boolean): ContinuousData {
  const { n, d } = data;
  const values = Float64Array.from(data.values);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let r = 0; r < n; r++) mean += values[r * d + j]!;
    mean /= n;
    let variance = 0;
    for (let r = 0; r < n; r++) variance += (values[r * d + j]! - mean) ** 2;
    const scale = standardise ? Math.sqrt(variance / n) : 1;
    for (let r = 0; r < n; r++) values[r * d + j] = (values[r * d + j]! - mean) / scale;
  }
  return { ...data, values };
}

function traceOf(t: tf.Tensor2D): tf.Scalar {
  return t.mul(tf.eye(t.shape[0])).sum() as tf.Scalar;
}

/** exp(A) by scaling and squaring with an order-12 Taylor series. */
export function expmTensor(a: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const d = a.shape[0];
    const norm = a.abs().sum(1).max().dataSync()[0]!;
    const squarings = Math.max(0, Math.ceil(Math.log2(Math.max(norm, 1e-12) / 0.5)));
    const scaled = a.div(2 ** squarings) as tf.Tensor2D;
    const eye = tf.eye(d);
    let term: tf.Tensor2D = eye;
    let sum: tf.Tensor2D = eye;
    for (let k = 1; k <= 12; k++) {
      term = tf.matMul(term, scaled).div(k) as tf.Tensor2D;
      sum = sum.add(term) as tf.Tensor2D;
    }
    for (let s = 0; s < squarings; s++) sum = tf.matMul(sum, sum);
    return sum;
  });
}

/** h(W) = tr(exp(W∘W)) − d, or the polynomial tr((I + W∘W/d)^d) − d. */
export function acyclicity(w: tf.Tensor2D, mode: NotearsOptions['hMode']): tf.Scalar {
  return tf.tidy(() => {
    const d = w.shape[0];
    const a = w.mul(w) as tf.Tensor2D;
    if (mode === 'expm') return traceOf(expmTensor(a)).sub(d) as tf.Scalar;
    const base = tf.eye(d).add(a.div(d)) as tf.Tensor2D;
    let power: tf.Tensor2D = tf.eye(d);
    for (let k = 0; k < d; k++) power = tf.matMul(power, base);
    return traceOf(power).sub(d) as tf.Scalar;
  });
}

/** The covariance S = XᵀX/n of centred data, d × d row-major. */
function covarianceOf(data: ContinuousData): Float32Array {
  const d = data.d;
  const covariance = new Float32Array(d * d);
  for (let r = 0; r < data.n; r++)
    for (let i = 0; i < d; i++) {
      const xi = data.values[r * d + i]!;
      for (let j = 0; j < d; j++) covariance[i * d + j]! += (xi * data.values[r * d + j]!) / data.n;
    }
  return covariance;
}

export function notearsLinear(data: ContinuousData, options: Partial<NotearsOptions> = {}): NotearsResult {
  const o = notearsOptions(options);
  const d = data.d;
  const covariance = covarianceOf(data);
  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  let adam: Adam | undefined;
  try {
    const s = keep(tf.tensor2d(covariance, [d, d]));
    const eye = keep(tf.eye(d));
    const offDiagonal = keep(tf.sub(1, eye));
    const w = keep(tf.tidy(() => tf.variable(tf.zeros([d, d]), true))); // tidy frees the zeros
    let rho = 1;
    let alpha = 0;
    let hPrevious = Number.POSITIVE_INFINITY;
    let steps = 0;
    let outer = 0;
    const start = performance.now();
    const hOf = () => {
      const h = tf.tidy(() => acyclicity(w.mul(offDiagonal) as tf.Tensor2D, o.hMode));
      const value = h.dataSync()[0]!; // read outside tidy (DESIGN: no dataSync inside tf.tidy)
      h.dispose();
      return value;
    };
    const innerSolve = (from: Float32Array) => {
      tf.tidy(() => w.assign(tf.tensor2d(from, [d, d])));
      // A fresh Adam per inner solve (the penalty changed, as L-BFGS-B restarts); freed below.
      adam = new Adam({ learningRate: o.learningRate });
      for (let k = 0; k < o.innerSteps && steps < o.maxSteps; k++, steps++) {
        adam.minimize(
          () =>
            tf.tidy(() => {
              const masked = w.mul(offDiagonal) as tf.Tensor2D;
              const residual = eye.sub(masked) as tf.Tensor2D;
              const fit = traceOf(tf.matMul(tf.matMul(residual, s, true, false), residual)).mul(0.5);
              const h = acyclicity(masked, o.hMode);
              return fit.add(h.square().mul(rho / 2)).add(h.mul(alpha)) as tf.Scalar;
            }),
          { W: w },
        );
        // proximal step for λ1‖W‖₁: soft-threshold by lr·λ1
        tf.tidy(() => {
          const shrink = o.learningRate * o.lambda1;
          w.assign(w.sign().mul(w.abs().sub(shrink).relu()).mul(offDiagonal));
        });
      }
      adam.dispose();
      adam = undefined;
      return Float32Array.from(w.dataSync());
    };
    let current: Float32Array = new Float32Array(d * d);
    while (outer < o.maxOuter && steps < o.maxSteps) {
      outer++;
      let candidate = current;
      let hNew = Number.POSITIVE_INFINITY;
      while (rho < o.rhoMax && steps < o.maxSteps) {
        candidate = innerSolve(current);
        hNew = hOf();
        if (hNew > 0.25 * hPrevious) rho *= 10;
        else break;
      }
      current = candidate;
      hPrevious = hNew;
      alpha += rho * hNew;
      if (hNew <= o.hTolerance || rho >= o.rhoMax) break;
    }
    const elapsed = performance.now() - start;
    const weights = Float64Array.from(current, (v) => (Math.abs(v) < o.wThreshold ? 0 : v));
    const arcs: [number, number][] = [];
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (weights[i * d + j] !== 0) arcs.push([i, j]);
    return {
      weights,
      arcs,
      h: hPrevious,
      steps,
      outerIterations: outer,
      msPerStep: elapsed / Math.max(1, steps),
    };
  } finally {
    (adam as Adam | undefined)?.dispose();
    for (const t of owned) t.dispose();
  }
}
