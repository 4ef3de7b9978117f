// The one bootstrap: deterministic per seed, resampling within strata, percentile and BCa intervals
// that cover the true value at about their level.
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import { bootstrap, meanOf } from '../src/index.js';

const mean = (sample: readonly number[]) => meanOf(sample, (v) => v);

describe('bootstrap', () => {
  test('the same seed and units give the same interval; another seed another one', () => {
    const units = [1, 4, 2, 8, 5, 7, 3, 6];
    const a = bootstrap(units, mean, { seed: 'x' });
    expect(bootstrap(units, mean, { seed: 'x' })).toEqual(a);
    expect(bootstrap(units, mean, { seed: 'y' }).ci).not.toEqual(a.ci);
    expect(a).toMatchObject({
      estimate: 4.5,
      n: 8,
      resamples: 2000,
      skipped: 0,
      method: 'percentile',
      level: 0.95,
    });
    expect(a.ci[0]).toBeLessThan(4.5);
    expect(a.ci[1]).toBeGreaterThan(4.5);
  });

  test('constant units give a zero-width interval; no units give NaN', () => {
    expect(bootstrap([2, 2, 2], mean, { seed: 's' }).ci).toEqual([2, 2]);
    expect(bootstrap([2, 2, 2], mean, { seed: 's', method: 'bca' }).ci).toEqual([2, 2]);
    const empty = bootstrap([], mean, { seed: 's' });
    expect(empty.estimate).toBeNaN();
    expect(empty.ci[0]).toBeNaN();
  });

  test('strata: every resample keeps each stratum its size', () => {
    const units = [
      ...Array.from({ length: 5 }, () => ({ group: 'a', value: 0 })),
      ...Array.from({ length: 15 }, () => ({ group: 'b', value: 1 })),
    ];
    const share = (sample: readonly { value: number }[]) => meanOf(sample, (u) => u.value);
    expect(bootstrap(units, share, { seed: 's', strata: (u) => u.group }).ci).toEqual([0.75, 0.75]);
    const free = bootstrap(units, share, { seed: 's' }).ci;
    expect(free[1] - free[0]).toBeGreaterThan(0.1);
  });

  test('non-finite replicates are skipped and counted', () => {
    const result = bootstrap([0, 1], (s) => (s.every((v) => v === s[0]) ? Number.NaN : mean(s)), {
      seed: 's',
      resamples: 1000,
    });
    expect(result.skipped).toBeGreaterThan(300); // half of the resamples of two units are constant
    expect(result.skipped + result.resamples).toBe(1000);
  });

  test.each(['percentile', 'bca'] as const)(
    '%s: 95%% intervals cover the mean of a skewed distribution at about 95%%',
    (method) => {
      const rng = new Rng('coverage');
      let covered = 0;
      const datasets = 300;
      for (let d = 0; d < datasets; d++) {
        const units = Array.from({ length: 30 }, () => -Math.log(1 - rng.next())); // Exp(1), mean 1
        const { ci } = bootstrap(units, mean, { seed: `d${d}`, method, resamples: 1000 });
        if (ci[0] <= 1 && 1 <= ci[1]) covered++;
      }
      expect(covered / datasets).toBeGreaterThan(0.88);
      expect(covered / datasets).toBeLessThan(0.99);
    },
  );

  test('BCa shifts the interval toward the long tail of a skewed statistic', () => {
    const rng = new Rng('skew');
    const units = Array.from({ length: 25 }, () => Math.exp(2 * rng.normal())); // log-normal: long right tail
    const percentile = bootstrap(units, mean, { seed: 's' }).ci;
    const bca = bootstrap(units, mean, { seed: 's', method: 'bca' }).ci;
    expect(bca[0]).toBeGreaterThan(percentile[0]);
    expect(bca[1]).toBeGreaterThan(percentile[1]);
  });

  test('bad options name the key', () => {
    expect(() => bootstrap([1], mean, { seed: 's', level: 1.5 })).toThrow(/level/);
    expect(() => bootstrap([1], mean, { seed: '' })).toThrow(/seed/);
  });
});
