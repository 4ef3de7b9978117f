// Brief §9 A6 and A9: the forward process, the full ancestral sampler with the exact ε of a Gaussian,
// the CFG combination, and conditioning on a 2-D toy.
import { initBackend, Rng, tf } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { spearman } from '../src/correlation.js';
import { createDdpm, trainDdpm } from '../src/ddpm.js';
import { conditioning } from '../src/eps-mlp.js';
import { cfgEstimate, sampleAncestral, sampleCfg } from '../src/samplers.js';
import { makeSchedule } from '../src/schedule.js';

beforeAll(async () => {
  await initBackend('wasm');
});

function meanSd(values: ArrayLike<number>): { mean: number; sd: number } {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i]! / values.length;
  let variance = 0;
  for (let i = 0; i < values.length; i++) variance += (values[i]! - mean) ** 2 / (values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

describe('forward process and sampler (A6)', () => {
  test('closed-form q(x_t|x_0) matches iterated single steps within 1%', () => {
    // 300,000 chains, so that 1 % is 3.9 standard errors of the sample variance (√(2/n) = 0.26 %)
    // and ≥ 5 of the mean (≤ 1/√n = 0.18 %): with 20,000 draws 1 % was one standard error of the
    // variance, and whether a seed passed was luck. Each chain is read at t = 10, 50 and 90.
    const schedule = makeSchedule('cosine', 100);
    const rng = new Rng(3);
    const x0 = 1.5;
    const chains = 300_000;
    const checkpoints = [10, 50, 90];
    const draws = checkpoints.map(() => new Float64Array(chains));
    for (let chain = 0; chain < chains; chain++) {
      let x = x0;
      for (let s = 1; s <= checkpoints.at(-1)!; s++) {
        x = Math.sqrt(1 - schedule.beta[s]!) * x + Math.sqrt(schedule.beta[s]!) * rng.normal();
        const checkpoint = checkpoints.indexOf(s);
        if (checkpoint >= 0) draws[checkpoint]![chain] = x;
      }
    }
    checkpoints.forEach((t, i) => {
      const { mean, sd } = meanSd(draws[i]!);
      const expectedMean = Math.sqrt(schedule.alphaBar[t]!) * x0;
      const expectedVar = 1 - schedule.alphaBar[t]!;
      expect(Math.abs(mean - expectedMean)).toBeLessThan(0.01 * Math.max(1, Math.abs(expectedMean)));
      expect(Math.abs(sd ** 2 - expectedVar) / expectedVar).toBeLessThan(0.01);
    });
  });

  test('the cosine schedule reaches ᾱ_T ≈ 0; the official linear one does not', () => {
    expect(makeSchedule('cosine', 100).alphaBar[100]).toBeLessThan(1e-4);
    expect(makeSchedule('linear-official', 200).alphaBar[200]).toBeCloseTo(0.132, 2);
    expect(() => makeSchedule('cosine', 1)).toThrow(/T must be an integer ≥ 2, got 1/);
  });

  test('with the exact ε of N(0.3, 0.5²) the full sampler recovers the data', () => {
    const schedule = makeSchedule('cosine', 100);
    const mu = 0.3;
    const sigma = 0.5;
    // ε*(x_t, t) = √(1−ᾱ_t)(x_t − √ᾱ_t μ)/(ᾱ_t σ² + 1 − ᾱ_t)
    const exact = (xt: tf.Tensor2D, t: number) => {
      const a = schedule.alphaBar[t]!;
      return xt.sub(Math.sqrt(a) * mu).mul(Math.sqrt(1 - a) / (a * sigma ** 2 + 1 - a)) as tf.Tensor2D;
    };
    const samples = sampleAncestral(schedule, 20_000, 1, exact, new Rng(5));
    const { mean, sd } = meanSd(samples);
    expect(Math.abs(mean - 0.3)).toBeLessThan(0.01);
    expect(Math.abs(sd - 0.5) / 0.5).toBeLessThan(0.05);
  });

  test('the x̂_0-clipped sampler equals the ε form when the clip never binds', () => {
    const schedule = makeSchedule('cosine', 30);
    const { net } = createDdpm(3, 16, new Rng(2), false);
    const estimate = cfgEstimate(net, new Float32Array(64).fill(0.5), 1);
    const plain = sampleAncestral(schedule, 64, 3, estimate, new Rng(4));
    const clipped = sampleAncestral(schedule, 64, 3, estimate, new Rng(4), 1e12);
    let worst = 0;
    for (let i = 0; i < plain.length; i++)
      worst = Math.max(worst, Math.abs(plain[i]! - clipped[i]!) / (1 + Math.abs(plain[i]!)));
    expect(worst).toBeLessThan(1e-3);
  });

  test('CFG: w = 0 is the conditional model; w = 2 is 3·ε(y) − 2·ε(∅)', () => {
    const { net } = createDdpm(4, 16, new Rng(1), false);
    const y = new Float32Array([0.2, 1.4, 0.7]);
    const x = tf.randomNormal([3, 4], 0, 1, 'float32', 9) as tf.Tensor2D;
    const t = 17;
    const steps = new Float32Array(3).fill(t);
    const conditional = net.apply(
      x,
      tf.tensor2d(conditioning(steps, y, new Float32Array(3).fill(1)), [3, 34]),
    );
    const unconditional = net.apply(x, tf.tensor2d(conditioning(steps, y, new Float32Array(3)), [3, 34]));
    const atZero = cfgEstimate(net, y, 0)(x, t);
    const atTwo = cfgEstimate(net, y, 2)(x, t);
    expect(tf.max(tf.abs(atZero.sub(conditional))).dataSync()[0]).toBeLessThan(1e-6);
    const expected = conditional.mul(3).sub(unconditional.mul(2));
    expect(tf.max(tf.abs(atTwo.sub(expected))).dataSync()[0]).toBeLessThan(1e-5);
    // the null token ignores the label value
    const other = net.apply(
      x,
      tf.tensor2d(conditioning(steps, new Float32Array([5, 5, 5]), new Float32Array(3)), [3, 34]),
    );
    expect(tf.max(tf.abs(other.sub(unconditional))).dataSync()[0]).toBe(0);
    tf.dispose([x, conditional, unconditional, atZero, atTwo, expected, other]);
  });
});

describe('conditioning on a 2-D toy (A9)', () => {
  test('Spearman(y_cond, mean y of samples) ≥ 0.8 after 500 steps', () => {
    const rng = new Rng(11);
    const n = 4000;
    const x = Float32Array.from({ length: 2 * n }, () => rng.normal());
    const yRaw = Float32Array.from({ length: n }, (_, i) => x[2 * i]! + 0.5 * x[2 * i + 1]!);
    const lo = Math.min(...yRaw);
    const hi = Math.max(...yRaw);
    const y = Float32Array.from(yRaw, (v) => (v - lo) / (hi - lo));
    const schedule = makeSchedule('cosine', 50);
    const model = trainDdpm({
      x,
      yTilde: y,
      dims: 2,
      width: 64,
      steps: 500,
      batchSize: 128,
      learningRate: 1e-3,
      labelDropout: 0.1,
      emaDecay: 0.995,
      schedule,
      rng: rng.split('model'),
      clipNorm: 1,
    });
    const targets = [0.3, 0.4, 0.5, 0.6, 0.7];
    const means = targets.map((target, k) => {
      const samples = sampleCfg({
        net: model.sampler,
        schedule,
        yTilde: new Float32Array(200).fill(target),
        guidance: 0,
        rng: new Rng(`s${k}`),
      });
      let total = 0;
      for (let i = 0; i < 200; i++) total += samples[2 * i]! + 0.5 * samples[2 * i + 1]!;
      return total / 200;
    });
    expect(spearman(targets, means)).toBeGreaterThanOrEqual(0.8);
  });
});
