// The actor's action distribution (brief §3.3): DreamerV2's `TruncNormalDist(mean, std, −1, 1)`,
// a Normal N(μ, σ) truncated to [low, high] = [−1, 1]. A draw is reparameterised by the inverse CDF,
// then clipped to [low + 1e-6, high − 1e-6] with a straight-through gradient (DreamerV2's `clip`);
// log-probability and entropy are the truncated Normal's, summed over action dimensions.
//
// Provenance. DreamerV2 (TF, `common/dists.py` `TruncNormalDist`, used by the actor with
// `dist: trunc_normal`) samples `tfd.TruncatedNormal` and then clips straight-through; that is what
// this file implements. The PyTorch code of the paper (mazpie/mastering-urlb, `DistLayer`
// 'trunc_normal') builds `utils.TruncatedNormal(mean, std)`; in URLB's `utils.py` that class is a
// clamped *untruncated* Normal with a straight-through clamp and the Normal's log-prob and entropy.
// mastering-urlb's own `utils.py` is not in our index, so which of the two the paper's runs sampled
// is not confirmed. A clamped Normal keeps pushing the mean outward once it sits at a bound (the
// clamp hides where the sample would have gone); the truncated Normal's density vanishes outside
// [−1, 1], so its gradient does not. Shapes: any [..., A]; sums run over the last axis A.
import { type Rng, straightThrough, tf } from 'core-tensor';

const low = -1;
const high = 1;
const boundClip = 1e-6; // DreamerV2 TruncNormalDist(clip=1e-6)

/** Standard normal CDF Φ(x) = ½(1 + erf(x/√2)). */
export function normalCdf(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.erf(x.div(Math.SQRT2)).add(1).mul(0.5));
}

/** Standard normal density φ(x) = exp(−x²/2)/√(2π). */
function normalDensity(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.exp(x.square().mul(-0.5)).div(Math.sqrt(2 * Math.PI)));
}

/**
 * Φ⁻¹(u) through Giles' single-precision erfinv (2010): Φ⁻¹(u) = √2·erfinv(2u − 1), with
 * w = −log(1 − (2u−1)²) written as −log(4u(1 − u)) so that tails keep their precision in float32.
 */
function inverseNormalCdfValue(u: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const x = u.mul(2).sub(1);
    const w = tf.neg(tf.log(u.mul(4).mul(tf.sub(1, u))));
    const centre = horner(
      w.sub(2.5),
      [
        2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 2.1858087e-4, -1.25372503e-3,
        -4.17768164e-3, 0.246640727, 1.50140941,
      ],
    );
    const tail = horner(
      tf.sqrt(w).sub(3),
      [
        -2.00214257e-4, 1.00950558e-4, 1.34934322e-3, -3.67342844e-3, 5.73950773e-3, -7.6224613e-3,
        9.43887047e-3, 1.00167406, 2.83297682,
      ],
    );
    return tf.where(w.less(5), centre, tail).mul(x).mul(Math.SQRT2);
  });
}

function horner(w: tf.Tensor, coefficients: number[]): tf.Tensor {
  let p: tf.Tensor = tf.fill(w.shape, coefficients[0]!);
  for (const c of coefficients.slice(1)) p = p.mul(w).add(c);
  return p;
}

/** Φ⁻¹(u) with its exact derivative dΦ⁻¹/du = 1/φ(Φ⁻¹(u)) (the polynomial's own would be approximate). */
export function inverseNormalCdf(u: tf.Tensor): tf.Tensor {
  const withGradient = tf.customGrad((input, save) => {
    if (!(input instanceof tf.Tensor) || typeof save !== 'function')
      throw new Error('inverseNormalCdf takes one tensor');
    const value = inverseNormalCdfValue(input);
    save([value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => dy.div(normalDensity(saved[0]!)),
    };
  });
  return withGradient(u);
}

/** Standardised bounds α = (low − μ)/σ, β = (high − μ)/σ and the mass Z = Φ(β) − Φ(α). */
function truncation(mean: tf.Tensor, std: tf.Tensor) {
  const alpha = tf.sub(low, mean).div(std);
  const beta = tf.sub(high, mean).div(std);
  const cdfAlpha = normalCdf(alpha);
  const mass = normalCdf(beta).sub(cdfAlpha);
  return { alpha, beta, cdfAlpha, mass };
}

/**
 * One draw per element from N(μ, σ) truncated to [−1, 1] (brief §3.3, DreamerV2 TruncNormalDist):
 * x = μ + σ·Φ⁻¹(Φ(α) + u·Z) with u ~ U(0, 1), differentiable in μ and σ; then clipped to
 * [−1 + 1e-6, 1 − 1e-6] with a straight-through gradient. mean, std [..., A] -> [..., A].
 */
export function sampleTruncNormal(mean: tf.Tensor, std: tf.Tensor, rng: Rng): tf.Tensor {
  return tf.tidy(() => {
    const uniform = tf.randomUniform(mean.shape, 0, 1, 'float32', rng.tfSeed());
    return truncNormalFromUniform(mean, std, uniform);
  });
}

/** The inverse-CDF draw for given uniforms u (exposed so tests can pick u). */
export function truncNormalFromUniform(mean: tf.Tensor, std: tf.Tensor, uniform: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { cdfAlpha, mass } = truncation(mean, std);
    // u in float32 can round the target to exactly 0 or 1, where Φ⁻¹ is infinite.
    const target = tf.clipByValue(cdfAlpha.add(uniform.mul(mass)), 1e-7, 1 - 1e-7);
    const draw = mean.add(std.mul(inverseNormalCdf(target)));
    return straightThrough(tf.clipByValue(draw, low + boundClip, high - boundClip), draw);
  });
}

/** log p(x) of the truncated Normal, summed over the last axis: −½ξ² − log(√(2π)·σ·Z), ξ = (x−μ)/σ. */
export function truncNormalLogProb(mean: tf.Tensor, std: tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { mass } = truncation(mean, std);
    const standardised = x.sub(mean).div(std);
    return standardised
      .square()
      .mul(-0.5)
      .sub(tf.log(std.mul(mass)))
      .sub(0.5 * Math.log(2 * Math.PI))
      .sum(-1);
  });
}

/**
 * Entropy of the truncated Normal, summed over the last axis:
 * H = log(√(2πe)·σ·Z) + (α·φ(α) − β·φ(β)) / (2Z).
 */
export function truncNormalEntropy(mean: tf.Tensor, std: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const { alpha, beta, mass } = truncation(mean, std);
    const edge = alpha
      .mul(normalDensity(alpha))
      .sub(beta.mul(normalDensity(beta)))
      .div(mass.mul(2));
    return tf
      .log(std.mul(mass))
      .add(0.5 * Math.log(2 * Math.PI * Math.E))
      .add(edge)
      .sum(-1);
  });
}
