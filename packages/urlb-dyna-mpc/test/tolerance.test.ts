import { describe, expect, test } from 'vitest';
import { sigmoidAt, tolerance } from '../src/env/tolerance.js';

const inf = Number.POSITIVE_INFINITY;

describe('tolerance (brief §2.4)', () => {
  test('1 inside the closed interval, including both bounds', () => {
    expect(tolerance(0.5, { bounds: [0, 1] })).toBe(1);
    expect(tolerance(0, { bounds: [0, 1] })).toBe(1);
    expect(tolerance(1, { bounds: [0, 1] })).toBe(1);
  });
  test('infinite bounds: tol(1e9, [1.2, ∞)) = 1, tol(−1e9, (−∞, 0]) = 1', () => {
    expect(tolerance(1e9, { bounds: [1.2, inf], margin: 0.6 })).toBe(1);
    expect(tolerance(-1e9, { bounds: [-inf, 0] })).toBe(1);
  });
  test('margin 0 gives 0 outside', () => {
    expect(tolerance(1.0001, { bounds: [0, 1] })).toBe(0);
  });
  test('value at distance = margin is v (gaussian and linear)', () => {
    expect(tolerance(2, { bounds: [0, 1], margin: 1 })).toBeCloseTo(0.1, 12);
    expect(
      tolerance(-0.5, { bounds: [0, 1], margin: 0.5, sigmoid: 'linear', valueAtMargin: 0.5 }),
    ).toBeCloseTo(0.5, 12);
    for (const sigmoid of [
      'hyperbolic',
      'long_tail',
      'reciprocal',
      'cosine',
      'quadratic',
      'tanh_squared',
    ] as const) {
      expect(sigmoidAt(1, 0.3, sigmoid)).toBeCloseTo(0.3, 9);
      expect(sigmoidAt(0, 0.3, sigmoid)).toBeCloseTo(1, 12);
    }
  });
  test('gaussian by hand: d = 0.5, v = 0.1 → exp(−½·(0.5·√(−2 ln 0.1))²) = exp(0.25·ln 0.1) = 0.1^0.25', () => {
    expect(tolerance(1.5, { bounds: [0, 1], margin: 1 })).toBeCloseTo(0.1 ** 0.25, 12);
  });
  test('linear by hand: d = 0.5, v = 0 → 1 − 0.5 = 0.5; beyond 1/(1−v) → 0', () => {
    expect(tolerance(2.5, { bounds: [5, inf], margin: 5, sigmoid: 'linear', valueAtMargin: 0 })).toBeCloseTo(
      0.5,
      12,
    );
    expect(tolerance(-10, { bounds: [5, inf], margin: 5, sigmoid: 'linear', valueAtMargin: 0 })).toBe(0);
  });
  test('bad input names the value', () => {
    expect(() => tolerance(0, { bounds: [1, 0] })).toThrow(/bounds \[1, 0\]/);
    expect(() => tolerance(0, { bounds: [0, 1], margin: -1 })).toThrow(/margin -1/);
    expect(() => tolerance(2, { bounds: [0, 1], margin: 1, valueAtMargin: 1.5 })).toThrow(
      /valueAtMargin 1.5/,
    );
  });
});
