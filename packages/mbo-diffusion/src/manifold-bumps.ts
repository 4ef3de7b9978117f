// Manifold bumps of brief §2.3: designs near an m-dimensional linear manifold x = A z in ℝ^d, four
// peaks on the manifold and an off-manifold penalty the data hides:
//   f(x) = max_k a_k / (1 + ‖z(x) − c_k‖²/(2s²)) − λ·‖r(x)‖²,   z(x) = Aᵀx, r(x) = x − AAᵀx.
import type { Rng } from 'core-tensor';
import { Matrix, QrDecomposition } from 'ml-matrix';

export interface BumpsParams {
  dims: number; // d
  latent: number; // m
  count: number; // N designs
  penalty: number; // λ
  jitter: number; // σ_off
  heights: readonly number[]; // a_k
  width: number; // s
  radius: number; // R
}

export const defaultBumpsParams: BumpsParams = {
  dims: 32,
  latent: 4,
  count: 25_000,
  penalty: 1.0,
  jitter: 0.02,
  heights: [1.0, 0.8, 0.6, 0.5],
  width: 2.0,
  radius: 2.5,
};

export interface BumpsLandscape {
  params: BumpsParams;
  /** A ∈ ℝ^{d×m}, orthonormal columns, row-major. */
  basis: Float64Array;
  /** c_k ∈ ℝ^m, row-major [K, m]. */
  centres: Float64Array;
}

function peakValue(params: BumpsParams, height: number, squaredDistance: number): number {
  return height / (1 + squaredDistance / (2 * params.width ** 2));
}

/** Margin of §2.3 step 3: min_k [a_k − max_{j≠k} a_j/(1 + ‖c_k − c_j‖²/(2s²))]. */
export function peakMargin(params: BumpsParams, centres: Float64Array): number {
  const { latent, heights } = params;
  let margin = Number.POSITIVE_INFINITY;
  for (let k = 0; k < heights.length; k++) {
    let strongestOther = 0;
    for (let j = 0; j < heights.length; j++) {
      if (j === k) continue;
      let sq = 0;
      for (let a = 0; a < latent; a++) sq += (centres[k * latent + a]! - centres[j * latent + a]!) ** 2;
      strongestOther = Math.max(strongestOther, peakValue(params, heights[j]!, sq));
    }
    margin = Math.min(margin, heights[k]! - strongestOther);
  }
  return margin;
}

/** Construction of §2.3, in order: A by QR of a Gaussian matrix, then directions redrawn until margin ≥ 0.05. */
export function makeBumpsLandscape(rng: Rng, params: BumpsParams = defaultBumpsParams): BumpsLandscape {
  const { dims, latent, heights, radius } = params;
  const gaussian = new Matrix(dims, latent);
  for (let i = 0; i < dims; i++) for (let j = 0; j < latent; j++) gaussian.set(i, j, rng.normal());
  const q = new QrDecomposition(gaussian).orthogonalMatrix; // [d, m]
  const basis = Float64Array.from(q.to1DArray());
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const centres = new Float64Array(heights.length * latent);
    for (let k = 0; k < heights.length; k++) {
      const u = Array.from({ length: latent }, () => rng.normal());
      const norm = Math.hypot(...u);
      for (let a = 0; a < latent; a++) centres[k * latent + a] = (radius * u[a]!) / norm; // c_k = R·u_k
    }
    if (peakMargin(params, centres) >= 0.05) return { params, basis, centres };
  }
  throw new Error('manifold bumps: no peak layout with margin ≥ 0.05 after 10,000 draws');
}

/** z(x) = Aᵀx and ‖r(x)‖² = ‖x‖² − ‖z‖² (A has orthonormal columns). */
function project(landscape: BumpsLandscape, x: ArrayLike<number>, offset: number, z: Float64Array): number {
  const { dims, latent } = landscape.params;
  let norm = 0;
  z.fill(0);
  for (let i = 0; i < dims; i++) {
    const xi = x[offset + i]!;
    norm += xi * xi;
    for (let a = 0; a < latent; a++) z[a]! += landscape.basis[i * latent + a]! * xi;
  }
  let zNorm = 0;
  for (let a = 0; a < latent; a++) zNorm += z[a]! ** 2;
  return Math.max(0, norm - zNorm);
}

/** f(x) of §2.3 for each row of `x` [n·d]. */
export function bumpsFitness(landscape: BumpsLandscape, x: ArrayLike<number>): Float64Array {
  const { dims, latent, heights, penalty } = landscape.params;
  const n = x.length / dims;
  const out = new Float64Array(n);
  const z = new Float64Array(latent);
  for (let row = 0; row < n; row++) {
    const residual = project(landscape, x, row * dims, z);
    let best = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < heights.length; k++) {
      let sq = 0;
      for (let a = 0; a < latent; a++) sq += (z[a]! - landscape.centres[k * latent + a]!) ** 2;
      best = Math.max(best, peakValue(landscape.params, heights[k]!, sq));
    }
    out[row] = best - penalty * residual;
  }
  return out;
}

/** The off-manifold penalty λ‖r(x)‖² of each row. */
export function bumpsPenalty(landscape: BumpsLandscape, x: ArrayLike<number>): Float64Array {
  const { dims, latent, penalty } = landscape.params;
  const n = x.length / dims;
  const out = new Float64Array(n);
  const z = new Float64Array(latent);
  for (let row = 0; row < n; row++) out[row] = penalty * project(landscape, x, row * dims, z);
  return out;
}

/** x = A z for one latent point z ∈ ℝ^m. */
export function embedLatent(landscape: BumpsLandscape, z: ArrayLike<number>): Float64Array {
  const { dims, latent } = landscape.params;
  const x = new Float64Array(dims);
  for (let i = 0; i < dims; i++)
    for (let a = 0; a < latent; a++) x[i]! += landscape.basis[i * latent + a]! * z[a]!;
  return x;
}

/** Data of §2.3: z ~ N(0, I_m), x = A z + σ_off·ε, drawn after the landscape from the same stream. */
export function sampleBumpsDesigns(rng: Rng, landscape: BumpsLandscape): Float32Array {
  const { dims, latent, count, jitter } = landscape.params;
  const designs = new Float32Array(count * dims);
  const z = new Float64Array(latent);
  for (let row = 0; row < count; row++) {
    for (let a = 0; a < latent; a++) z[a] = rng.normal();
    const x = embedLatent(landscape, z);
    for (let i = 0; i < dims; i++) designs[row * dims + i] = x[i]! + jitter * rng.normal();
  }
  return designs;
}
