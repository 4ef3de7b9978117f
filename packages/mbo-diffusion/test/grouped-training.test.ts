// Training along the model axis is harmless (issue 16, point 2): a model trained in a group follows
// the trajectory it follows alone. (1) The ensemble step equals the single-model step of ddpm.ts
// (EpsMlp + Adam + Ema) model for model; (2) stage B's pool job gives a model the same loss curve and
// the same checkpoint weights in a group of 1 and in a group of 3 (at another position), within
// float rounding of the batched kernels. On wasm, the backend the run uses.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Adam, initBackend, loadParams, Rng, tf } from 'core-tensor';
import { expectNoLeaks } from 'core-tensor/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Config, type ModelSpec, presets } from '../src/config.js';
import { createDdpm, ddpmTrainStep, drawBatch, refreshSampler } from '../src/ddpm.js';
import { createEnsembleDdpm, ensembleDdpmTrainStep, samplerParams } from '../src/ensemble-ddpm.js';
import { modelDir } from '../src/job-files.js';
import { type ModelJobResult, trainModels } from '../src/model-job.js';
import { fitOracles } from '../src/oracle-job.js';
import { makeSchedule } from '../src/schedule.js';

const tolerance = 1e-4; // relative

/** max |a − b| / max(|b|, 1e-3) over every entry: 0 when equal. */
function relativeGap(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => {
    const gap = tf.max(tf.abs(a.sub(b))).dataSync()[0]!;
    const scale = Math.max(tf.max(tf.abs(b)).dataSync()[0]!, 1e-3);
    return gap / scale;
  });
}

beforeAll(async () => {
  await initBackend('wasm');
});

describe('ensemble DDPM step (§3.1 along the model axis)', () => {
  test('model m of the group follows createDdpm + Adam + EMA on its own streams', () => {
    const dims = 8;
    const width = 16;
    const schedule = makeSchedule('cosine', 20);
    const data = new Rng('data');
    const x = Float32Array.from({ length: 200 * dims }, () => data.normal());
    const y = Float32Array.from({ length: 200 }, () => data.next());
    const adam = { learningRate: 1e-2, beta1: 0.9, beta2: 0.999, clipNorm: 0.5 }; // clipping bites
    const dropouts = [0.1, 0.5, 1];
    const seeds = ['a', 'b', 'c'];
    const singles = seeds.map((seed) => {
      const rng = new Rng(seed);
      return {
        model: createDdpm(dims, width, rng, true),
        optimiser: new Adam(adam),
        batches: rng.split('batches'),
        noise: rng.split('noise'),
      };
    });
    const rngs = seeds.map((seed) => new Rng(seed));
    const group = createEnsembleDdpm(dims, width, rngs, true, adam);
    const batches = rngs.map((rng) => rng.split('batches'));
    const noise = rngs.map((rng) => rng.split('noise'));
    for (let step = 0; step < 30; step++) {
      const alone = singles.map((s, m) =>
        ddpmTrainStep(
          s.model,
          s.optimiser,
          schedule,
          drawBatch(s.batches, x, y, dims, 16),
          dropouts[m]!,
          0.9,
          step,
          s.noise,
        ),
      );
      const together = ensembleDdpmTrainStep(
        group,
        schedule,
        batches.map((rng) => drawBatch(rng, x, y, dims, 16)),
        dropouts,
        0.9,
        step,
        noise,
      );
      together.forEach((loss, m) => {
        expect(Math.abs(loss - alone[m]!) / Math.abs(alone[m]!), `step ${step} model ${m}`).toBeLessThan(
          tolerance,
        );
      });
    }
    singles.forEach((s, m) => {
      refreshSampler(s.model);
      const params = samplerParams(group, m);
      for (const [name, variable] of Object.entries(s.model.sampler.variables()))
        expect(relativeGap(params[name]!, variable), `${name} of model ${m}`).toBeLessThan(tolerance);
      tf.dispose(Object.values(params));
    });
  });
});

describe('stage B job: a group of 1 and a group of 3', () => {
  let runDir: string;
  const config = Config.parse({
    ...presets.smoke,
    cfgTasks: ['manifold-bumps-d32-v0'],
    cgTasks: [],
    trainSteps: 200,
    checkpointEvery: 100,
  });
  const spec = (labelDropout: number, seed: number): ModelSpec => ({
    id: `manifold-bumps-d32-v0/cfg/H32/tau${labelDropout}/s${seed}`,
    task: 'manifold-bumps-d32-v0',
    variant: 'cfg',
    width: 32,
    labelDropout,
    seed,
  });
  const member = (s: ModelSpec) => ({ spec: s, seed: `7/model/${s.id}` });
  const target = spec(0.1, 0);

  beforeAll(async () => {
    runDir = await mkdtemp(join(tmpdir(), 'mbo-groups-'));
    await fitOracles({ config, task: 'manifold-bumps-d32-v0', runDir, seed: '7/oracles' });
  });
  afterAll(() => rm(runDir, { recursive: true, force: true }));

  /** Runs one job and reads back the target model's result and checkpoint weights. */
  async function run(specs: ModelSpec[]): Promise<{ result: ModelJobResult; params: tf.Tensor[][] }> {
    const results = await expectNoLeaks(
      () => trainModels({ config, models: specs.map(member), runDir }),
      'group job',
    );
    expect(results.map((r) => r.spec.id)).toEqual(specs.map((s) => s.id));
    const result = results.find((r) => r.spec.id === target.id)!;
    const params: tf.Tensor[][] = [];
    for (const step of [100, 200]) {
      const loaded = await loadParams(modelDir(runDir, target, step));
      params.push(
        Object.keys(loaded)
          .sort()
          .map((name) => loaded[name]!),
      );
    }
    return { result, params };
  }

  test('the same loss curve and the same checkpoint weights, within 1e-4 relative', async () => {
    const alone = await run([target]);
    const grouped = await run([spec(0.25, 0), target, spec(0.1, 1)]);
    expect(grouped.result.losses.map((l) => l.step)).toEqual([1, 100, 200]);
    expect(grouped.result.losses.map((l) => l.step)).toEqual(alone.result.losses.map((l) => l.step));
    grouped.result.losses.forEach(({ loss }, i) => {
      const reference = alone.result.losses[i]!.loss;
      expect(Math.abs(loss - reference) / Math.abs(reference), `loss ${i}`).toBeLessThan(tolerance);
    });
    alone.params.forEach((tensors, checkpoint) => {
      tensors.forEach((tensor, i) => {
        expect(relativeGap(grouped.params[checkpoint]![i]!, tensor), `checkpoint ${checkpoint}`).toBeLessThan(
          tolerance,
        );
      });
    });
    expect(grouped.result.evaluations.map((e) => [e.step, e.w])).toEqual(
      alone.result.evaluations.map((e) => [e.step, e.w]),
    );
    expect(grouped.result.unconditionalFile).toBe(alone.result.unconditionalFile);
    tf.dispose([...alone.params.flat(), ...grouped.params.flat()]);
  });
});
