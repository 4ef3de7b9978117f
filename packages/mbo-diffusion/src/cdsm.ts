// M_C-DSM of brief §4: the mean smooth-L1(ε − ε_θ(√ᾱ_t x_0 + √(1−ᾱ_t) ε, ỹ, t)) over D_valid, with
// common random numbers: one fixed seeded set of (example, t, ε) triples per task, reused at every
// checkpoint, and no label dropout [ours; the code leaves τ on]. Unconditional for c.g. models.
import { type Rng, tf } from 'core-tensor';
import { forwardNoise, smoothL1 } from './ddpm.js';
import { conditioning, type EpsMlp } from './eps-mlp.js';
import type { Schedule } from './schedule.js';

export interface CdsmTriples {
  x0: Float32Array; // [n·D]
  yTilde: Float32Array; // [n]
  t: Int32Array; // [n]
  noise: Float32Array; // [n·D], drawn in JS so they do not depend on the backend
}

/** `examples` D_valid rows, each repeated `repeats` times with its own (t, ε). */
export function makeCdsmTriples(
  validX: Float32Array,
  validY: Float32Array,
  dims: number,
  examples: number,
  repeats: number,
  steps: number,
  rng: Rng,
): CdsmTriples {
  const chosen = rng.shuffle(Array.from({ length: validY.length }, (_, i) => i)).slice(0, examples);
  const count = chosen.length * repeats;
  const x0 = new Float32Array(count * dims);
  const yTilde = new Float32Array(count);
  const t = new Int32Array(count);
  const noise = new Float32Array(count * dims);
  let row = 0;
  for (const index of chosen) {
    for (let r = 0; r < repeats; r++, row++) {
      x0.set(validX.subarray(index * dims, (index + 1) * dims), row * dims);
      yTilde[row] = validY[index]!;
      t[row] = 1 + rng.int(steps);
      for (let d = 0; d < dims; d++) noise[row * dims + d] = rng.normal();
    }
  }
  return { x0, yTilde, t, noise };
}

export function cdsmMetric(
  net: EpsMlp,
  schedule: Schedule,
  triples: CdsmTriples,
  conditional: boolean,
  chunk = 1024,
): number {
  const dims = net.dims;
  const count = triples.t.length;
  let total = 0;
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    const size = end - start;
    const mask = new Float32Array(size).fill(conditional ? 1 : 0);
    const c = conditioning(triples.t.subarray(start, end), triples.yTilde.subarray(start, end), mask);
    const loss = tf.tidy(() => {
      const noise = tf.tensor2d(triples.noise.subarray(start * dims, end * dims), [size, dims]);
      const x0 = tf.tensor2d(triples.x0.subarray(start * dims, end * dims), [size, dims]);
      const xt = forwardNoise(schedule, x0, triples.t.subarray(start, end), noise);
      return smoothL1(noise, net.apply(xt, tf.tensor2d(c, [size, c.length / size])));
    });
    total += loss.dataSync()[0]! * size;
    loss.dispose();
  }
  return total / count;
}
