import { describe, expect, test } from 'vitest';
import { quadrupedJumpReward, quadrupedMoveReward, quadrupedUpright } from '../src/env/quadruped.js';
import { reachReward } from '../src/env/reach4.js';
import { walkerFlipReward, walkerMoveReward, walkerStandReward } from '../src/env/walker.js';

describe('task rewards (brief §2.4, §11)', () => {
  test('walker stand at height 1.3, upright (R_zz = 1) → 1', () => {
    expect(walkerStandReward(1.3, 1)).toBe(1);
  });
  test('walker walk at v_x = 0.5 → stand·(5·0.5 + 1)/6 (move = 1 − 0.5·(1−0.5)/... = 0.5 at half the margin)', () => {
    // move = tol(0.5, [1, ∞), margin 0.5, linear, 0.5): d = 1 → v = 0.5.
    expect(walkerMoveReward(1, 0.5, 1)).toBeCloseTo((5 * 0.5 + 1) / 6, 12);
    expect(walkerMoveReward(0.8, 2, 1)).toBeCloseTo(0.8, 12);
  });
  test('walker flip at L_y = 2.5 → move = 0.5 (linear, v = 0, margin 5)', () => {
    expect(walkerFlipReward(1, 2.5)).toBeCloseTo((5 * 0.5 + 1) / 6, 12);
  });
  test('quadruped upright at R_zz = 0 → 0.5, at −1 → 0, at 1 → 1', () => {
    expect(quadrupedUpright(0)).toBeCloseTo(0.5, 12);
    expect(quadrupedUpright(-1)).toBeCloseTo(0, 12);
    expect(quadrupedUpright(1)).toBe(1);
  });
  test('quadruped walk at v = 0 → 0.5·upright', () => {
    expect(quadrupedMoveReward(0.8, 0, 0.5)).toBeCloseTo(0.4, 12);
  });
  test('quadruped jump at z_com = 0.5 → 0.75·upright', () => {
    expect(quadrupedJumpReward(0.6, 0.5)).toBeCloseTo(0.45, 12);
  });
  test('reach at distance 0.05 → 1, 0.10 → 0.1', () => {
    expect(reachReward(0.05)).toBe(1);
    expect(reachReward(0.1)).toBeCloseTo(0.1, 12);
  });
});
