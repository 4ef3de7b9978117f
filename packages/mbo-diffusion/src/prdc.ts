// Density and coverage (Naeem et al. 2020) and precision and recall (Kynkäänniemi et al. 2019) in
// f_valid's feature space, brief §4 `dc`, k = 3 [code]. ρ_i is the distance from real r_i to its k-th
// nearest *other* real. Distances are computed with one orientation (the reals as the second operand)
// so a set compared with itself sees exactly the distances its radii came from.
import { tf } from 'core-tensor';

/** ‖a_j − b_i‖ for all pairs: a [n·h], b [m·h] → [n·m] row-major. */
export function pairwiseDistances(a: Float32Array, b: Float32Array, width: number): Float32Array {
  const n = a.length / width;
  const m = b.length / width;
  const out = tf.tidy(() => {
    const ta = tf.tensor2d(a, [n, width]);
    const tb = tf.tensor2d(b, [m, width]);
    const squared = ta
      .square()
      .sum(1, true)
      .add(tb.square().sum(1).reshape([1, m]))
      .sub(tf.matMul(ta, tb, false, true).mul(2));
    return squared.maximum(0).sqrt();
  });
  const values = out.dataSync().slice() as Float32Array;
  out.dispose();
  return values;
}

/** For each column i of a distance matrix [rows·cols], the (rank+1)-th smallest value. */
function columnOrderStatistic(
  distances: Float32Array,
  rows: number,
  cols: number,
  rank: number,
): Float32Array {
  const out = new Float32Array(cols);
  const column = new Float32Array(rows);
  for (let i = 0; i < cols; i++) {
    for (let r = 0; r < rows; r++) column[r] = distances[r * cols + i]!;
    column.sort();
    out[i] = column[Math.min(rank, rows - 1)]!;
  }
  return out;
}

/** ρ_i: distance from each point to its k-th nearest other point of the same set (self is the 0th). */
export function neighbourRadii(points: Float32Array, width: number, k: number): Float32Array {
  const count = points.length / width;
  if (count <= k) throw new Error(`need more than k = ${k} points for k-NN radii, got ${count}`);
  return columnOrderStatistic(pairwiseDistances(points, points, width), count, count, k);
}

export interface Prdc {
  precision: number;
  recall: number;
  density: number;
  coverage: number;
}

/** The four statistics of fakes F against reals R (radii of R may be passed in, computed once). */
export function prdc(
  reals: Float32Array,
  fakes: Float32Array,
  width: number,
  k: number,
  realRadii: Float32Array = neighbourRadii(reals, width, k),
): Prdc {
  const nReal = reals.length / width;
  const nFake = fakes.length / width;
  const distances = pairwiseDistances(fakes, reals, width); // [F, R]
  let densityCount = 0;
  let precisionCount = 0;
  const covered = new Uint8Array(nReal);
  for (let j = 0; j < nFake; j++) {
    let inside = false;
    for (let i = 0; i < nReal; i++) {
      if (distances[j * nReal + i]! <= realRadii[i]!) {
        densityCount += 1;
        covered[i] = 1;
        inside = true;
      }
    }
    if (inside) precisionCount += 1;
  }
  // recall: reals inside some fake's k-NN ball among fakes
  let recallCount = 0;
  if (nFake > k) {
    const fakeRadii = neighbourRadii(fakes, width, k);
    for (let i = 0; i < nReal; i++) {
      for (let j = 0; j < nFake; j++) {
        if (distances[j * nReal + i]! <= fakeRadii[j]!) {
          recallCount += 1;
          break;
        }
      }
    }
  }
  return {
    precision: precisionCount / nFake,
    recall: recallCount / nReal,
    density: densityCount / (k * nFake),
    coverage: covered.reduce((sum, c) => sum + c, 0) / nReal,
  };
}

/** M_DC = −(density + coverage), lower is better (§4; quirk 7: the sign lives here only). */
export function densityCoverageMetric(stats: Prdc): number {
  return -(stats.density + stats.coverage);
}
