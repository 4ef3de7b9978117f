// M_FD of brief §4: ‖μ_g − μ_v‖² + Tr Σ_g + Tr Σ_v − 2·Tr((Σ_g^{½} Σ_v Σ_g^{½})^{½}), with (n−1)
// covariances and square roots by symmetric eigendecomposition (negative eigenvalues clamped to 0);
// 1e-6·I is added to both covariances when Σ_g is singular [code: same ridge].
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface Moments {
  mean: Float64Array;
  covariance: Matrix;
}

/** Mean and (n−1) covariance of rows [n·h]. */
export function moments(rows: ArrayLike<number>, width: number): Moments {
  const count = rows.length / width;
  if (!Number.isInteger(count) || count < 2)
    throw new Error(`moments need ≥ 2 rows of width ${width}, got ${count}`);
  const mean = new Float64Array(width);
  for (let i = 0; i < rows.length; i++) mean[i % width]! += rows[i]! / count;
  const covariance = Matrix.zeros(width, width);
  const centred = new Float64Array(width);
  for (let r = 0; r < count; r++) {
    for (let a = 0; a < width; a++) centred[a] = rows[r * width + a]! - mean[a]!;
    for (let a = 0; a < width; a++) {
      const ca = centred[a]!;
      for (let b = a; b < width; b++) covariance.set(a, b, covariance.get(a, b) + ca * centred[b]!);
    }
  }
  for (let a = 0; a < width; a++) {
    for (let b = a; b < width; b++) {
      const value = covariance.get(a, b) / (count - 1);
      covariance.set(a, b, value);
      covariance.set(b, a, value);
    }
  }
  return { mean, covariance };
}

function symmetricEigen(m: Matrix): { values: number[]; vectors: Matrix } {
  const decomposition = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  return { values: decomposition.realEigenvalues, vectors: decomposition.eigenvectorMatrix };
}

/** The symmetric square root V·diag(√max(λ, 0))·Vᵀ. */
export function symmetricSqrt(m: Matrix): Matrix {
  const { values, vectors } = symmetricEigen(m);
  const root = Matrix.diag(values.map((value) => Math.sqrt(Math.max(value, 0))));
  return vectors.mmul(root).mmul(vectors.transpose());
}

function trace(m: Matrix): number {
  let total = 0;
  for (let i = 0; i < m.rows; i++) total += m.get(i, i);
  return total;
}

/** Fréchet distance between two Gaussians given by their moments (§4 `fd`). */
export function frechetDistance(generated: Moments, reference: Moments): number {
  let sigmaG = generated.covariance;
  let sigmaV = reference.covariance;
  if (Math.min(...symmetricEigen(sigmaG).values) <= 0) {
    const ridge = Matrix.eye(sigmaG.rows).mul(1e-6);
    sigmaG = sigmaG.add(ridge);
    sigmaV = sigmaV.clone().add(ridge);
  }
  const rootG = symmetricSqrt(sigmaG);
  const middle = rootG.mmul(sigmaV).mmul(rootG);
  const { values } = symmetricEigen(middle.add(middle.transpose()).mul(0.5));
  const traceRoot = values.reduce((sum, value) => sum + Math.sqrt(Math.max(value, 0)), 0);
  let meanTerm = 0;
  for (let i = 0; i < generated.mean.length; i++) meanTerm += (generated.mean[i]! - reference.mean[i]!) ** 2;
  return meanTerm + trace(sigmaG) + trace(sigmaV) - 2 * traceRoot;
}
