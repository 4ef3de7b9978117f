// The actor's truncated Normal (brief §3.3, DreamerV2 TruncNormalDist(μ, σ, −1, 1, clip 1e-6)).
// The saturated-actor test fails on the old clipped-Normal sampler: there about half the draws of a
// saturated actor (|μ| 0.999, σ 0.175, the state the issue measured after pre-training) landed
// outside (−1, 1), were clipped, and sent zero gradient to the mean.
import { initBackend, Rng, tf } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  inverseNormalCdf,
  sampleTruncNormal,
  truncNormalEntropy,
  truncNormalFromUniform,
  truncNormalLogProb,
} from '../src/model/trunc-normal.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const normalCdf = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
const density = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
/** Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), enough for hand values to 5 decimals. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return Math.sign(x) * (1 - poly * Math.exp(-x * x));
}

describe('truncated Normal action distribution (brief §3.3)', () => {
  test('Φ⁻¹ inverts Φ, tails included, with derivative 1/φ(Φ⁻¹(u))', () => {
    const u = [1e-6, 0.02, 0.3, 0.5, 0.9, 0.999];
    const x = Array.from(inverseNormalCdf(tf.tensor1d(u)).dataSync());
    for (const [i, value] of x.entries()) expect(normalCdf(value)).toBeCloseTo(u[i]!, 6);
    // at u = 0.5: Φ⁻¹ = 0, derivative 1/φ(0) = √(2π) = 2.5066
    const slope = tf.grad((v: tf.Tensor) => inverseNormalCdf(v).sum())(tf.tensor1d([0.5]));
    expect(slope.dataSync()[0]).toBeCloseTo(Math.sqrt(2 * Math.PI), 4);
  });

  test('a draw at u = ½ for μ 0, σ 1 is 0 with dx/dμ = 1 − φ(1)/φ(0) = 1 − e^(−½)', () => {
    // x = μ + σΦ⁻¹(Φ(α) + u·Z), α = −1 − μ, β = 1 − μ. dtarget/dμ = −(1 − u)φ(α) − uφ(β) = −φ(1),
    // so dx/dμ = 1 − φ(1)/φ(0) = 0.39347 (a clamped Normal would give exactly 1).
    const uniform = tf.tensor2d([[0.5]]);
    const draw = truncNormalFromUniform(tf.tensor2d([[0]]), tf.tensor2d([[1]]), uniform);
    expect(draw.dataSync()[0]).toBeCloseTo(0, 6);
    const dMean = tf.grad((m: tf.Tensor) => truncNormalFromUniform(m, tf.tensor2d([[1]]), uniform).sum())(
      tf.tensor2d([[0]]),
    );
    expect(dMean.dataSync()[0]).toBeCloseTo(1 - Math.exp(-0.5), 4);
  });

  test('a saturated actor (μ 0.999, σ 0.175): every draw inside (−1, 1) and every draw moves with μ', () => {
    const n = 4000;
    const mean = tf.fill([n, 1], 0.999);
    const std = tf.fill([n, 1], 0.175);
    const draws = Array.from(sampleTruncNormal(mean, std, new Rng(3)).dataSync());
    expect(Math.max(...draws)).toBeLessThanOrEqual(1 - 1e-6);
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(-1 + 1e-6);
    // A clamped N(0.999, 0.175) puts 49.8 % of its draws past 1, each with zero gradient to μ.
    const perDraw = Array.from(
      tf
        .grad((m: tf.Tensor) => sampleTruncNormal(m, std, new Rng(3)).sum())(mean)
        .dataSync(),
    );
    const zero = perDraw.filter((g) => g === 0).length;
    expect(zero).toBe(0);
    expect(perDraw.every(Number.isFinite)).toBe(true);
  });

  test('the straight-through clip: a draw within 1e-6 of the bound is clipped but keeps its gradient', () => {
    // μ 1, σ 0.1: α = −20, β = 0, Z = ½, so the draw is x = 1 + σ·Φ⁻¹(u/2). At u = 1 − 8e-6,
    // Φ⁻¹(0.499996) ≈ −1e-5 and x ≈ 1 − 1e-6·(a bit less than 1): clipped to 1 − 1e-6. The gradient
    // passes straight through the clip: dx/dσ = Φ⁻¹(u/2) (Φ(α) and β do not move with σ here).
    const mean = tf.tensor2d([[1]]);
    const std = tf.tensor2d([[0.1]]);
    const u = 1 - 8e-6;
    const uniform = tf.tensor2d([[u]]);
    const draw = truncNormalFromUniform(mean, std, uniform).dataSync()[0]!;
    expect(draw).toBe(Math.fround(1 - 1e-6));
    const dStd = tf
      .grad((s: tf.Tensor) => truncNormalFromUniform(mean, s, uniform).sum())(std)
      .dataSync()[0]!;
    const standardised = inverseNormalCdf(tf.tensor1d([u / 2])).dataSync()[0]!;
    expect(standardised).toBeLessThan(0);
    expect(dStd / standardised).toBeCloseTo(1, 1);
  });

  test('sample mean matches the truncated mean μ + σ(φ(α) − φ(β))/Z (μ 0.5, σ 1)', () => {
    // α = −1.5, β = 0.5: Z = Φ(0.5) − Φ(−1.5) = 0.62465; mean = 0.5 + (0.12952 − 0.35207)/0.62465 = 0.14373
    const n = 20000;
    const draws = sampleTruncNormal(tf.fill([n, 1], 0.5), tf.fill([n, 1], 1), new Rng(5));
    const expected = 0.5 + (density(-1.5) - density(0.5)) / (normalCdf(0.5) - normalCdf(-1.5));
    expect(expected).toBeCloseTo(0.14373, 4);
    expect(draws.mean().dataSync()[0]).toBeCloseTo(expected, 1.5); // SE ≈ 0.004
  });

  test('log-prob and entropy against hand values, summed over action dimensions', () => {
    // μ 0, σ 1: Z = Φ(1) − Φ(−1) = 0.682689; log p(0) = −½log(2π) − log Z = −0.918939 + 0.381727;
    // H = ½log(2πe) + log Z + (αφ(α) − βφ(β))/(2Z) = 1.418939 − 0.381727 − 0.354436 = 0.682776.
    const logProb = truncNormalLogProb(tf.tensor2d([[0, 0]]), tf.tensor2d([[1, 1]]), tf.tensor2d([[0, 0]]));
    expect(logProb.dataSync()[0]).toBeCloseTo(2 * -0.537212, 4);
    const entropy = truncNormalEntropy(tf.tensor2d([[0]]), tf.tensor2d([[1]]));
    expect(entropy.dataSync()[0]).toBeCloseTo(0.682776, 4);
  });

  test('entropy limits: a wide σ gives the uniform on [−1, 1] (log 2); a narrow σ the Normal', () => {
    const wide = truncNormalEntropy(tf.tensor2d([[0]]), tf.tensor2d([[1000]])).dataSync()[0]!;
    expect(wide).toBeCloseTo(Math.log(2), 4);
    const narrow = truncNormalEntropy(tf.tensor2d([[0]]), tf.tensor2d([[0.1]])).dataSync()[0]!;
    expect(narrow).toBeCloseTo(0.5 * Math.log(2 * Math.PI * Math.E * 0.01), 4);
  });
});
