// Diversity and novelty extras of brief §4 [ours]: uniqueFrac (distinct decoded designs),
// meanPairDist (Hamming for discrete, L2 in normalised space for continuous) and novelty (mean
// distance to the nearest D_train design).
import { tf } from 'core-tensor';

export function uniqueFraction(rows: Float32Array, width: number): number {
  const count = rows.length / width;
  const seen = new Set<string>();
  for (let r = 0; r < count; r++) seen.add(rows.subarray(r * width, (r + 1) * width).join(','));
  return seen.size / count;
}

/** Mean over pairs i < j of Hamming (discrete raw letters) or L2 (continuous model space). */
export function meanPairDistance(rows: Float32Array, width: number, discrete: boolean): number {
  const count = rows.length / width;
  if (count < 2) return Number.NaN;
  let total = 0;
  for (let i = 0; i < count; i++) {
    for (let j = i + 1; j < count; j++) {
      let d = 0;
      for (let a = 0; a < width; a++) {
        const diff = rows[i * width + a]! - rows[j * width + a]!;
        d += discrete ? (diff === 0 ? 0 : 1) : diff * diff;
      }
      total += discrete ? d : Math.sqrt(d);
    }
  }
  return total / ((count * (count - 1)) / 2);
}

/**
 * Mean distance to the nearest D_train design, in model space. Discrete designs are one-hot ±1
 * over q = 4 letters, where x·x' = 4·(matching positions), so Hamming = L − max(x·x')/4.
 */
export function novelty(
  samples: Float32Array,
  train: Float32Array,
  dims: number,
  discrete: { length: number; vocab: number } | undefined,
  chunk = 8192,
): number {
  const count = samples.length / dims;
  const trainCount = train.length / dims;
  const best = new Float32Array(count).fill(discrete ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
  const s = tf.tensor2d(samples, [count, dims]);
  const sNorm = tf.tidy(() => s.square().sum(1, true));
  for (let start = 0; start < trainCount; start += chunk) {
    const end = Math.min(trainCount, start + chunk);
    const part = tf.tidy(() => {
      const t = tf.tensor2d(train.subarray(start * dims, end * dims), [end - start, dims]);
      const dot = tf.matMul(s, t, false, true); // [n, m]
      if (discrete) return dot.max(1);
      return sNorm
        .add(
          t
            .square()
            .sum(1)
            .reshape([1, end - start]),
        )
        .sub(dot.mul(2))
        .min(1);
    });
    const values = part.dataSync();
    part.dispose();
    for (let i = 0; i < count; i++)
      best[i] = discrete ? Math.max(best[i]!, values[i]!) : Math.min(best[i]!, values[i]!);
  }
  s.dispose();
  sNorm.dispose();
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += discrete
      ? discrete.length - (best[i]! - (discrete.vocab - 4) * discrete.length) / 4
      : Math.sqrt(Math.max(0, best[i]!));
  }
  return total / count;
}
