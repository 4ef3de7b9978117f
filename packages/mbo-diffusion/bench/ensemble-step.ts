// Per-step cost of training the default grid's ε-networks (issue 16, point 2): M = 8 models of one
// width (2 τ × 2 seeds × … share a width), batch 128, D = 32, Adam with clipping, trained one after
// another (EpsMlp + Adam + EMA, as model-job.ts does) and as one along core-tensor's model axis
// (EnsembleEpsMlp + EnsembleAdam). Prints models·steps/s and ms per model-step; figures only.
import { Adam, EnsembleAdam, initBackend, Rng, tf } from 'core-tensor';
import { createDdpm, ddpmTrainStep, drawBatch, forwardNoise } from '../src/ddpm.js';
import { EnsembleEpsMlp, smoothL1PerModel } from '../src/ensemble-eps-mlp.js';
import { conditioning } from '../src/eps-mlp.js';
import { makeSchedule } from '../src/schedule.js';

const dims = 32;
const batch = 128;
const models = Number(process.env.MODELS ?? 8);
const steps = Number(process.env.STEPS ?? 40);
const schedule = makeSchedule('cosine', 100);
const rng = new Rng('bench-ensemble');
const data = Float32Array.from({ length: 4096 * dims }, () => rng.normal());
const labels = Float32Array.from({ length: 4096 }, () => rng.next());

function oneAfterAnother(width: number): number {
  const jobs = Array.from({ length: models }, (_, m) => ({
    model: createDdpm(dims, width, rng.split(`single${m}`), true),
    adam: new Adam({ learningRate: 1e-3, clipNorm: 1 }),
    batches: rng.split(`b${m}`),
    noise: rng.split(`n${m}`),
  }));
  const step = (k: number) => {
    for (const job of jobs)
      ddpmTrainStep(
        job.model,
        job.adam,
        schedule,
        drawBatch(job.batches, data, labels, dims, batch),
        0.1,
        0.995,
        k,
        job.noise,
      );
  };
  step(0); // warm-up
  const start = performance.now();
  for (let k = 1; k <= steps; k++) step(k);
  return (models * steps) / ((performance.now() - start) / 1000);
}

function asOne(width: number): number {
  const net = new EnsembleEpsMlp(
    dims,
    width,
    Array.from({ length: models }, (_, m) => rng.split(`ens${m}`)),
  );
  const adam = new EnsembleAdam(models, { learningRate: 1e-3, clipNorm: 1 });
  const emaShadow = Object.fromEntries(
    Object.entries(net.variables()).map(([k, v]) => [k, tf.variable(v.clone())]),
  );
  const batches = rng.split('eb');
  const step = (k: number) => {
    const x0 = new Float32Array(models * batch * dims);
    const c = new Float32Array(models * batch * 34);
    const t = new Int32Array(models * batch);
    for (let m = 0; m < models; m++) {
      const b = drawBatch(batches, data, labels, dims, batch);
      x0.set(b.x0, m * batch * dims);
      const tm = Int32Array.from({ length: batch }, () => 1 + batches.int(schedule.steps));
      t.set(tm, m * batch);
      const mask = Float32Array.from({ length: batch }, () => (batches.bernoulli(0.1) ? 0 : 1));
      c.set(conditioning(tm, b.yTilde, mask), m * batch * 34);
    }
    const seed = batches.tfSeed();
    adam.minimize(
      () =>
        tf.tidy(() => {
          const noise = tf.randomNormal([models * batch, dims], 0, 1, 'float32', seed) as tf.Tensor2D;
          const xt = forwardNoise(schedule, tf.tensor2d(x0, [models * batch, dims]), t, noise);
          const predicted = net.apply(
            xt.reshape([models, batch, dims]) as tf.Tensor3D,
            tf.tensor3d(c, [models, batch, 34]),
          );
          return smoothL1PerModel(noise.reshape([models, batch, dims]) as tf.Tensor3D, predicted);
        }),
      net.variables(),
    );
    const decay = Math.min(0.995, (1 + k) / (10 + k));
    tf.tidy(() => {
      for (const [name, variable] of Object.entries(net.variables()))
        emaShadow[name]!.assign(emaShadow[name]!.mul(decay).add(variable.mul(1 - decay)));
    });
  };
  step(0);
  const start = performance.now();
  for (let k = 1; k <= steps; k++) step(k);
  return (models * steps) / ((performance.now() - start) / 1000);
}

const backend = await initBackend('wasm');
console.log(
  `backend ${backend.name}, M = ${models}, batch ${batch}, ${steps} steps, load ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`,
);
for (const width of [64, 128]) {
  const single = oneAfterAnother(width);
  const ensemble = asOne(width);
  console.log(
    `H ${width}: one after another ${single.toFixed(0)} models·steps/s (${(1000 / single).toFixed(2)} ms), as one ${ensemble.toFixed(0)} (${(1000 / ensemble).toFixed(2)} ms), ratio ${(ensemble / single).toFixed(2)}×`,
  );
}
