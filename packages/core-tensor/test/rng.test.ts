import { describe, expect, test } from 'vitest';
import { Rng } from '../src/rng.js';

describe('Rng', () => {
  test('the same seed gives the same stream; another seed another stream', () => {
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  test('split(label) depends only on the seed path and label, not on draws made before', () => {
    const a = new Rng(1);
    const b = new Rng(1);
    b.next();
    b.next();
    expect(a.split('init').next()).toBe(b.split('init').next());
    expect(a.split('init').next()).not.toBe(a.split('data').next());
  });

  test('getState/setState resumes the exact stream', () => {
    const rng = new Rng(3);
    rng.next();
    const state = JSON.parse(JSON.stringify(rng.getState()));
    const expected = [rng.next(), rng.normal(), rng.int(10)];
    const resumed = new Rng(99);
    resumed.setState(state);
    expect([resumed.next(), resumed.normal(), resumed.int(10)]).toEqual(expected);
  });

  test('uniform draws have mean ≈ 1/2 and normal draws mean ≈ 0, variance ≈ 1', () => {
    const rng = new Rng(11);
    const n = 20000;
    let sum = 0;
    let sumNormal = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      sum += rng.next();
      const z = rng.normal();
      sumNormal += z;
      sumSquares += z * z;
    }
    expect(sum / n).toBeCloseTo(0.5, 1);
    expect(sumNormal / n).toBeCloseTo(0, 1);
    expect(sumSquares / n).toBeCloseTo(1, 1);
  });

  test('int, shuffle, categorical stay in range; bad bounds are named', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 100; i++) expect(rng.int(3)).toBeLessThan(3);
    expect(rng.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
    expect(rng.categorical([0, 0, 1])).toBe(2);
    expect(() => rng.int(0)).toThrow(/positive integer bound, got 0/);
    expect(() => new Rng(1.5)).toThrow(/integer or a string, got 1.5/);
  });
});
