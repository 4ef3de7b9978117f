// Speed of the default model (brief §3.4, §6): training steps/s of the eps-mlp at batch 128, D = 32,
// and samples/s of the T = 100 ancestral sampler (256 samples per call) under CFG (w > 0, a 2N-row
// batch) and classifier guidance (tf.grad through g_β each step), on each backend that loads here.
// Figures, never pass/fail; the machine is shared, so treat them as lower bounds on speed.
import { Adam, initBackend, Rng, tf } from 'core-tensor';
import { createDdpm, ddpmTrainStep, drawBatch } from '../src/ddpm.js';
import { sampleCfg, sampleCg } from '../src/samplers.js';
import { makeSchedule } from '../src/schedule.js';
import { TrainingOracle } from '../src/training-oracle.js';

const dims = 32;
const schedule = makeSchedule('cosine', 100);
const rng = new Rng('bench');
const data = Float32Array.from({ length: 4096 * dims }, () => rng.normal());
const labels = Float32Array.from({ length: 4096 }, () => rng.next());

function trainRate(width: number, steps: number): number {
  const model = createDdpm(dims, width, rng.split(`m${width}`), true);
  const optimiser = new Adam({ learningRate: 1e-3, clipNorm: 1 });
  const batches = rng.split('b');
  const noise = rng.split('n');
  ddpmTrainStep(
    model,
    optimiser,
    schedule,
    drawBatch(batches, data, labels, dims, 128),
    0.1,
    0.995,
    0,
    noise,
  ); // warm-up
  const start = performance.now();
  for (let step = 1; step <= steps; step++)
    ddpmTrainStep(
      model,
      optimiser,
      schedule,
      drawBatch(batches, data, labels, dims, 128),
      0.1,
      0.995,
      step,
      noise,
    );
  return steps / ((performance.now() - start) / 1000);
}

function sampleRate(width: number, variant: 'cfg' | 'cg', calls: number): number {
  const { net } = createDdpm(dims, width, rng.split(`s${width}`), false);
  const oracle = new TrainingOracle(dims, 64, 2, 100, rng.split('g'));
  const yTilde = new Float32Array(256).fill(1.2);
  const draw = (k: number) =>
    variant === 'cfg'
      ? sampleCfg({ net, schedule, yTilde, guidance: 2, rng: new Rng(`c${k}`) })
      : sampleCg({ net, oracle, schedule, yTilde, guidance: 2, rng: new Rng(`g${k}`) });
  draw(-1);
  const start = performance.now();
  for (let k = 0; k < calls; k++) draw(k);
  return (calls * 256) / ((performance.now() - start) / 1000);
}

const rows: string[] = [
  '| backend | H | train steps/s (batch 128) | CFG samples/s (T = 100, w = 2) | c.g. samples/s | c.g. / CFG time |',
  '| --- | --- | --- | --- | --- | --- |',
];
for (const backend of ['wasm', 'cpu'] as const) {
  try {
    await initBackend(backend);
  } catch (error) {
    rows.push(
      `| ${backend} | – | unavailable: ${error instanceof Error ? error.message.split('\n')[0] : error} | | | |`,
    );
    continue;
  }
  const scale = backend === 'cpu' ? 0.1 : 1;
  for (const width of [64, 128]) {
    const train = trainRate(width, Math.max(5, Math.round(200 * scale)));
    const cfg = sampleRate(width, 'cfg', backend === 'cpu' ? 1 : 4);
    const cg = sampleRate(width, 'cg', backend === 'cpu' ? 1 : 4);
    rows.push(
      `| ${backend} | ${width} | ${train.toFixed(1)} | ${cfg.toFixed(0)} | ${cg.toFixed(0)} | ${(cfg / cg).toFixed(2)} |`,
    );
  }
  tf.disposeVariables();
}
console.log(rows.join('\n'));
