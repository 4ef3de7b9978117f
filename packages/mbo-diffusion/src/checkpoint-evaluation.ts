// What stage B of brief §5.2 does with ONE model at one checkpoint, whichever job trained it: save
// its sampling weights, C-DSM on the fixed triples, and for every guidance weight w draw n_v
// validation samples (metrics with f_valid only) and n_test test samples from a separate seed stream
// (decoded and written to disk, scored in phase 'final'); at the last checkpoint, the unconditional
// samples of the generator gate. Every stream is derived from the model's own seed string, so the
// numbers do not depend on which models shared its pool job.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Rng, saveParams } from 'core-tensor';
import { writeFileAtomic } from 'lab';
import { z } from 'zod';
import { cdsmMetric } from './cdsm.js';
import { type Config, type ModelSpec, Variant } from './config.js';
import type { DdpmModel } from './ddpm.js';
import { evaluateSamples, type OracleViews } from './evaluation.js';
import { drawSamples, finiteOrNull, modelDir, resampleValidLabels } from './job-files.js';
import type { PreparedTask } from './prepared-task.js';
import { evenGrid, rewardArgmaxMetric } from './reward.js';
import { sampleUnconditional } from './samplers.js';
import type { Schedule } from './schedule.js';
import { TaskId } from './task.js';
import type { TrainingOracle } from './training-oracle.js';
import { predictRows } from './validation-oracle.js';

const MetricValue = z.number().nullable(); // null: not finite (e.g. samples far outside the data at large w)

export const Evaluation = z.object({
  step: z.number().int(),
  w: z.number(),
  cdsm: MetricValue,
  reward: MetricValue,
  agreement: MetricValue,
  fd: MetricValue,
  dc: MetricValue,
  density: MetricValue,
  coverage: MetricValue,
  precision: MetricValue,
  recall: MetricValue,
  uniqueFrac: MetricValue,
  meanPairDist: MetricValue,
  novelty: MetricValue,
  agreementBaseline: z.number(),
  rewardArgmax: MetricValue.optional(), // present when config.rewardArgmax
  /** Raw test designs (n_test·rawDims float32), relative to the run folder; scored in phase 'final'. */
  testFile: z.string(),
});
export type Evaluation = z.infer<typeof Evaluation>;

export const ModelSpecSchema = z.object({
  id: z.string(),
  task: TaskId,
  variant: Variant,
  width: z.number().int(),
  labelDropout: z.number(),
  seed: z.number().int(),
});

/** What a job shares with each of its models' checkpoints: the task, its oracles and the schedule. */
export interface CheckpointContext {
  config: Config;
  prepared: PreparedTask;
  views: OracleViews;
  trainingOracle: TrainingOracle | undefined;
  schedule: Schedule;
  runDir: string;
}

/** One model of a job: its spec, its seed string and its guidance grid. */
export interface ModelMember {
  spec: ModelSpec;
  seed: string;
  guidance: readonly number[];
}

export interface CheckpointEvaluation {
  evaluations: Evaluation[];
  sampleSeconds: number;
  samplesDrawn: number;
}

/** Saves the model's sampler at `step` and validates it at every w (§5.2); test samples go to disk. */
export async function evaluateCheckpoint(
  context: CheckpointContext,
  member: ModelMember,
  model: DdpmModel,
  step: number,
): Promise<CheckpointEvaluation> {
  const { config, prepared, views, trainingOracle, schedule, runDir } = context;
  const { spec, seed } = member;
  const { space } = prepared;
  await saveParams(modelDir(runDir, spec, step), model.sampler.variables());
  const cdsm = finiteOrNull(() =>
    cdsmMetric(model.sampler, schedule, prepared.cdsmTriples, spec.variant === 'cfg'),
  );
  const draw = (yTilde: Float32Array, guidance: number, rng: Rng) =>
    drawSamples({
      model,
      variant: spec.variant,
      trainingOracle,
      schedule,
      yTilde,
      guidance,
      rng,
      denoisedClip: config.denoisedClip,
    });
  const evaluations: Evaluation[] = [];
  let sampleSeconds = 0;
  let samplesDrawn = 0;
  for (const w of member.guidance) {
    const sampleStart = performance.now();
    const samples = draw(prepared.validationLabels, w, new Rng(`${seed}/validate/${step}/${w}`));
    // test: a separate stream and labels resampled from D_valid (§5.2 pitfall 8); scored later
    const testRng = new Rng(`${seed}/test/${step}/${w}`);
    const testLabels = resampleValidLabels(space.validY, config.testSamples, testRng.split('labels'));
    const testSamples = draw(testLabels, w, testRng);
    sampleSeconds += (performance.now() - sampleStart) / 1000;
    samplesDrawn += prepared.validationLabels.length + testLabels.length;
    const testFile = join('models', spec.id, `test-step${step}-w${w}.f32`);
    await writeRaw(runDir, testFile, space.toRaw(testSamples));
    const metrics = evaluateSamples(config, prepared, views, samples);
    const argmax = config.rewardArgmax
      ? {
          rewardArgmax: finiteOrNull(() =>
            rewardArgmaxMetric({
              gridLabels: evenGrid(space.validY, prepared.validationLabels.length),
              draw: (yTilde, rng) => space.canonical(draw(yTilde, w, rng)),
              score: (rows) => predictRows(rows, space.dims, (x) => views.oracle.apply(x)),
              rng: new Rng(`${seed}/reward-argmax/${step}/${w}`),
            }),
          ),
        }
      : {};
    evaluations.push({ step, w, cdsm, ...metrics, ...argmax, testFile });
  }
  return { evaluations, sampleSeconds, samplesDrawn };
}

/** The generator gate's unconditional samples (null token) at the last checkpoint; returns the file. */
export async function drawGeneratorSamples(
  context: CheckpointContext,
  member: ModelMember,
  model: DdpmModel,
  step: number,
): Promise<string> {
  const { config, prepared, schedule, runDir } = context;
  const unconditionalFile = join('models', member.spec.id, `unconditional-step${step}.f32`);
  const unconditional = sampleUnconditional({
    net: model.sampler,
    schedule,
    count: config.generatorSamples,
    rng: new Rng(`${member.seed}/unconditional`),
    denoisedClip: config.denoisedClip,
  });
  await writeRaw(runDir, unconditionalFile, prepared.space.toRaw(unconditional));
  return unconditionalFile;
}

/** Raw designs as float32 bytes under the run folder, atomically. */
async function writeRaw(runDir: string, file: string, raw: Float32Array): Promise<void> {
  await mkdir(dirname(join(runDir, file)), { recursive: true });
  await writeFileAtomic(join(runDir, file), new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
}
