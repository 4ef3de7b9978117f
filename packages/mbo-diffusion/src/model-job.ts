// Stage B of brief §5.2, a pool job: one diffusion model trained, validated with f_valid at every
// checkpoint × w, and its test samples (and, at the last checkpoint, unconditional samples for the
// generator gate) written to disk undecided, to be scored by the parent in phase 'final'.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Adam, Rng, saveParams } from 'core-tensor';
import { writeFileAtomic } from 'lab';
import { z } from 'zod';
import { cdsmMetric } from './cdsm.js';
import { Config, checkpointSteps, guidanceFor, type ModelSpec, trainStepsFor, Variant } from './config.js';
import { createDdpm, ddpmTrainStep, drawBatch, refreshSampler } from './ddpm.js';
import { evaluateSamples, type OracleViews, oracleViews } from './evaluation.js';
import {
  drawSamples,
  finiteOrNull,
  loadInto,
  modelDir,
  newTrainingOracle,
  oracleDir,
  resampleValidLabels,
} from './job-files.js';
import { prepareTask } from './prepared-task.js';
import { evenGrid, rewardArgmaxMetric } from './reward.js';
import { sampleUnconditional } from './samplers.js';
import { makeSchedule } from './schedule.js';
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

export const ModelJobArgs = z.object({
  config: z.unknown(),
  spec: ModelSpecSchema,
  runDir: z.string(),
  seed: z.string(),
});
export const ModelJobResult = z.object({
  spec: ModelSpecSchema,
  losses: z.array(z.object({ step: z.number(), loss: z.number() })),
  evaluations: z.array(Evaluation),
  trainSeconds: z.number(),
  trainSteps: z.number(),
  sampleSeconds: z.number(),
  samplesDrawn: z.number(),
  /** Raw unconditional designs at the last checkpoint (generator gate), relative to the run folder. */
  unconditionalFile: z.string(),
});
export type ModelJobResult = z.infer<typeof ModelJobResult>;

/** Stage B: one diffusion model trained, validated at every checkpoint × w, test samples drawn. */
export async function trainModel(rawArgs: unknown): Promise<ModelJobResult> {
  const args = ModelJobArgs.parse(rawArgs);
  const config = Config.parse(args.config);
  const spec: ModelSpec = args.spec;
  const prepared = prepareTask(config, spec.task);
  const { space } = prepared;
  const rng = new Rng(args.seed);
  const schedule = makeSchedule(config.schedule, config.diffusionSteps);
  const views: OracleViews = await oracleViews(config, prepared, oracleDir(args.runDir, spec.task, 'fvalid'));
  let trainingOracle: TrainingOracle | undefined;
  if (spec.variant === 'cg') {
    trainingOracle = newTrainingOracle(config, space.dims);
    await loadInto(trainingOracle, oracleDir(args.runDir, spec.task, 'gbeta'));
  }
  const model = createDdpm(space.dims, spec.width, rng, config.emaEnabled);
  const optimiser = new Adam({
    learningRate: config.learningRate,
    beta1: config.beta1,
    beta2: config.beta2,
    ...(config.clipNorm === undefined ? {} : { clipNorm: config.clipNorm }),
  });
  const checkpoints = new Set(checkpointSteps(config, spec.task));
  const trainSteps = trainStepsFor(config, spec.task);
  const guidance = guidanceFor(config, spec.task, spec.variant);
  const batches = rng.split('batches');
  const noise = rng.split('noise');
  const losses: { step: number; loss: number }[] = [];
  const evaluations: Evaluation[] = [];
  let trainSeconds = 0;
  let sampleSeconds = 0;
  let samplesDrawn = 0;
  for (let step = 1; step <= trainSteps; step++) {
    // train: one step on a D_train batch, then the EMA update
    const started = performance.now();
    const batch = drawBatch(batches, space.trainX, space.trainY, space.dims, config.batchSize);
    const loss = ddpmTrainStep(
      model,
      optimiser,
      schedule,
      batch,
      spec.labelDropout,
      config.emaDecay,
      step - 1,
      noise,
    );
    trainSeconds += (performance.now() - started) / 1000;
    if (step % 100 === 0 || step === 1) losses.push({ step, loss });
    if (!checkpoints.has(step)) continue;
    // validate: save the checkpoint, C-DSM on fixed triples, then every w on V
    refreshSampler(model);
    await saveParams(modelDir(args.runDir, spec, step), model.sampler.variables());
    const cdsm = finiteOrNull(() =>
      cdsmMetric(model.sampler, schedule, prepared.cdsmTriples, spec.variant === 'cfg'),
    );
    for (const w of guidance) {
      const sampleStart = performance.now();
      const validRng = new Rng(`${args.seed}/validate/${step}/${w}`);
      const samples = drawSamples({
        model,
        variant: spec.variant,
        trainingOracle,
        schedule,
        yTilde: prepared.validationLabels,
        guidance: w,
        rng: validRng,
        denoisedClip: config.denoisedClip,
      });
      // test: a separate stream and labels resampled from D_valid (§5.2 pitfall 8); scored later
      const testRng = new Rng(`${args.seed}/test/${step}/${w}`);
      const testLabels = resampleValidLabels(space.validY, config.testSamples, testRng.split('labels'));
      const testSamples = drawSamples({
        model,
        variant: spec.variant,
        trainingOracle,
        schedule,
        yTilde: testLabels,
        guidance: w,
        rng: testRng,
        denoisedClip: config.denoisedClip,
      });
      sampleSeconds += (performance.now() - sampleStart) / 1000;
      samplesDrawn += prepared.validationLabels.length + testLabels.length;
      const testFile = join('models', spec.id, `test-step${step}-w${w}.f32`);
      await writeRaw(args.runDir, testFile, space.toRaw(testSamples));
      const metrics = evaluateSamples(config, prepared, views, samples);
      const argmax = config.rewardArgmax
        ? {
            rewardArgmax: finiteOrNull(() =>
              rewardArgmaxMetric({
                gridLabels: evenGrid(space.validY, prepared.validationLabels.length),
                draw: (yTilde, rng) =>
                  space.canonical(
                    drawSamples({
                      model,
                      variant: spec.variant,
                      trainingOracle,
                      schedule,
                      yTilde,
                      guidance: w,
                      rng,
                      denoisedClip: config.denoisedClip,
                    }),
                  ),
                score: (rows) => predictRows(rows, space.dims, (x) => views.oracle.apply(x)),
                rng: new Rng(`${args.seed}/reward-argmax/${step}/${w}`),
              }),
            ),
          }
        : {};
      evaluations.push({ step, w, cdsm, ...metrics, ...argmax, testFile });
    }
  }
  const unconditionalFile = join('models', spec.id, `unconditional-step${trainSteps}.f32`);
  const unconditional = sampleUnconditional({
    net: model.sampler,
    schedule,
    count: config.generatorSamples,
    rng: new Rng(`${args.seed}/unconditional`),
    denoisedClip: config.denoisedClip,
  });
  await writeRaw(args.runDir, unconditionalFile, space.toRaw(unconditional));
  views.dispose();
  optimiser.dispose();
  for (const module of new Set([model.net, model.sampler, ...(model.ema ? [model.ema] : [])]))
    for (const variable of Object.values(module.variables())) variable.dispose();
  if (trainingOracle) for (const variable of Object.values(trainingOracle.variables())) variable.dispose();
  return {
    spec,
    losses,
    evaluations,
    trainSeconds,
    trainSteps,
    sampleSeconds,
    samplesDrawn,
    unconditionalFile,
  };
}

/** Raw designs as float32 bytes under the run folder, atomically. */
async function writeRaw(runDir: string, file: string, raw: Float32Array): Promise<void> {
  await mkdir(dirname(join(runDir, file)), { recursive: true });
  await writeFileAtomic(join(runDir, file), new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength));
}
