// U5: abstention wins when every Q ≤ 0; no sample with Q ≤ 0 is selected; noabst keeps the max.
import { describe, expect, it } from 'vitest';
import { selectTarget } from '../src/select.js';

describe('selectTarget', () => {
  it('abstains when every Q ≤ 0 (ties at 0 go to abstention)', () => {
    expect(selectTarget([-1, -0.2, 0], true).chosen).toBe(-1);
    expect(selectTarget([-3], true).chosenQ).toBe(0);
  });
  it('chooses the max-Q sample when it is positive, and the min as the worst', () => {
    const s = selectTarget([0.3, 1.2, -2, 0.9], true);
    expect(s.chosen).toBe(1);
    expect(s.worst).toBe(2);
    expect(s.ranked).toEqual([1, 3, 0, 2]);
  });
  it('never selects a sample with Q ≤ 0 when abstention is allowed', () => {
    for (let i = 0; i < 200; i++) {
      const qs = Array.from({ length: 6 }, (_, k) => Math.sin(i * 7 + k) * 2);
      const s = selectTarget(qs, true);
      if (s.chosen >= 0) expect(qs[s.chosen]!).toBeGreaterThan(0);
      else expect(Math.max(...qs)).toBeLessThanOrEqual(0);
    }
  });
  it('without abstention returns the max-Q sample even when negative', () => {
    const s = selectTarget([-1, -0.5, -3], false);
    expect(s.chosen).toBe(1);
    expect(s.chosenQ).toBe(-0.5);
  });
});
