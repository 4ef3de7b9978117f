// dm_control's rewards.tolerance (brief §2.4): 1 inside [lo, hi], a decreasing sigmoid of the
// distance outside, scaled so that the value at distance `margin` is `valueAtMargin`.

export type Sigmoid =
  | 'gaussian'
  | 'linear'
  | 'hyperbolic'
  | 'long_tail'
  | 'reciprocal'
  | 'cosine'
  | 'quadratic'
  | 'tanh_squared';

export interface ToleranceOptions {
  bounds: [number, number];
  margin?: number;
  sigmoid?: Sigmoid;
  valueAtMargin?: number;
}

/** s(d) with s(0) = 1 and s(1) = v (dm_control rewards._sigmoids). */
export function sigmoidAt(d: number, v: number, sigmoid: Sigmoid): number {
  switch (sigmoid) {
    case 'gaussian': {
      const scale = Math.sqrt(-2 * Math.log(v));
      return Math.exp(-0.5 * (d * scale) ** 2);
    }
    case 'linear': {
      const scaled = d * (1 - v);
      return Math.abs(scaled) < 1 ? 1 - scaled : 0;
    }
    case 'hyperbolic': {
      const scale = Math.acosh(1 / v);
      return 1 / Math.cosh(d * scale);
    }
    case 'long_tail': {
      const scale = Math.sqrt(1 / v - 1);
      return 1 / ((d * scale) ** 2 + 1);
    }
    case 'reciprocal': {
      const scale = 1 / v - 1;
      return 1 / (Math.abs(d) * scale + 1);
    }
    case 'cosine': {
      const scale = Math.acos(2 * v - 1) / Math.PI;
      const scaled = d * scale;
      return Math.abs(scaled) < 1 ? (1 + Math.cos(Math.PI * scaled)) / 2 : 0;
    }
    case 'quadratic': {
      const scaled = d * Math.sqrt(1 - v);
      return Math.abs(scaled) < 1 ? 1 - scaled * scaled : 0;
    }
    case 'tanh_squared': {
      const scale = Math.atanh(Math.sqrt(1 - v));
      return 1 - Math.tanh(d * scale) ** 2;
    }
  }
}

/** tol(x, [lo, hi], margin, sigmoid, v) of brief §2.4; defaults gaussian, v = 0.1, margin 0. */
export function tolerance(x: number, options: ToleranceOptions): number {
  const [lower, upper] = options.bounds;
  const margin = options.margin ?? 0;
  const sigmoid = options.sigmoid ?? 'gaussian';
  const valueAtMargin = options.valueAtMargin ?? 0.1;
  if (!(lower <= upper)) throw new Error(`tolerance: bounds [${lower}, ${upper}] need lower <= upper`);
  if (!(margin >= 0)) throw new Error(`tolerance: margin ${margin} must be >= 0`);
  if (
    margin > 0 &&
    !(valueAtMargin > 0 && valueAtMargin < 1) &&
    !['linear', 'cosine', 'quadratic'].includes(sigmoid)
  ) {
    throw new Error(`tolerance: valueAtMargin ${valueAtMargin} must be in (0, 1) for the ${sigmoid} sigmoid`);
  }
  const inBounds = lower <= x && x <= upper;
  if (inBounds) return 1;
  if (margin === 0) return 0;
  const distance = (x < lower ? lower - x : x - upper) / margin;
  return sigmoidAt(distance, valueAtMargin, sigmoid);
}
