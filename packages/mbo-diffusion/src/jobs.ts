// Pool jobs of the study (brief §5.2, stages A and B). Each runs in a worker process, rebuilds the
// task from the config, and never touches the exact oracle: validation uses f_valid only, and the
// test samples are written to disk undecided, to be scored by the parent in phase 'final'.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Adam, assignParams, loadParams, Rng, saveParams, tf } from 'core-tensor';
import { writeFileAtomic } from 'lab';
import { z } from 'zod';
import { cdsmMetric } from './cdsm.js';
import { Config, checkpointSteps, guidanceFor, type ModelSpec, Variant } from './config.js';
import { createDdpm, type DdpmModel, ddpmTrainStep, drawBatch, refreshSampler } from './ddpm.js';
import { evaluateSamples, type OracleViews, oracleViews } from './evaluation.js';
import { prepareTask } from './prepared-task.js';
import { evenGrid, rewardArgmaxMetric } from './reward.js';
import { sampleCfg, sampleCg } from './samplers.js';
import { makeSchedule } from './schedule.js';
import { TaskId } from './task.js';
import { TrainingOracle, trainTrainingOracle } from './training-oracle.js';
import { fitRegressor, predictRows, ValidationOracle } from './validation-oracle.js';

export const OracleJobArgs = z.object({
  config: z.unknown(),
  task: TaskId,
  runDir: z.string(),
  seed: z.string(),
});
export const OracleJobResult = z.object({
  task: TaskId,
  validOracleHoldoutMse: z.number(),
  validOracleBestStep: z.number(),
  trainingOracleHoldoutMse: z.number().nullable(),
  seconds: z.number(),
});
export type OracleJobResult = z.infer<typeof OracleJobResult>;

export function oracleDir(runDir: string, task: TaskId, which: 'fvalid' | 'gbeta'): string {
  return join(runDir, 'oracles', task, which);
}

export function modelDir(runDir: string, spec: { id: string }, step: number): string {
  return join(runDir, 'models', spec.id, `step-${step}`);
}

export function newValidationOracle(config: Config, dims: number): ValidationOracle {
  return new ValidationOracle(dims, config.validOracleWidth, config.validOracleDepth, new Rng('shape-only'));
}

export function newTrainingOracle(config: Config, dims: number): TrainingOracle {
  return new TrainingOracle(
    dims,
    config.trainingOracleWidth,
    config.trainingOracleDepth,
    config.diffusionSteps,
    new Rng('shape-only'),
  );
}

export async function loadInto(
  module: { variables(): Record<string, tf.Variable> },
  dir: string,
): Promise<void> {
  const loaded = await loadParams(dir);
  assignParams(module.variables(), loaded);
  tf.dispose(Object.values(loaded));
}

/** Stage A: f_valid on D_train ∪ D_valid (§3.5) and, for c.g. tasks, g_β on D_train (§3.3). */
export async function fitOracles(rawArgs: unknown): Promise<OracleJobResult> {
  const args = OracleJobArgs.parse(rawArgs);
  const config = Config.parse(args.config);
  const started = performance.now();
  const { space } = prepareTask(config, args.task);
  const rng = new Rng(args.seed);
  const x = new Float32Array(space.trainX.length + space.validX.length);
  x.set(space.trainX);
  x.set(space.validX, space.trainX.length);
  const y = new Float32Array(space.trainY.length + space.validY.length);
  y.set(space.trainY);
  y.set(space.validY, space.trainY.length);
  const fValid = new ValidationOracle(
    space.dims,
    config.validOracleWidth,
    config.validOracleDepth,
    rng.split('fvalid-init'),
  );
  const fit = fitRegressor({
    model: fValid,
    predict: (input) => fValid.apply(input),
    x,
    y,
    dims: space.dims,
    steps: config.validOracleSteps,
    batchSize: config.validOracleBatch,
    learningRate: config.validOracleLearningRate,
    rng: rng.split('fvalid-fit'),
  });
  await saveParams(oracleDir(args.runDir, args.task, 'fvalid'), fValid.variables());
  let trainingOracleHoldoutMse: number | null = null;
  if (config.cgTasks.includes(args.task)) {
    const schedule = makeSchedule(config.schedule, config.diffusionSteps);
    const gBeta = new TrainingOracle(
      space.dims,
      config.trainingOracleWidth,
      config.trainingOracleDepth,
      config.diffusionSteps,
      rng.split('gbeta-init'),
    );
    const gFit = trainTrainingOracle({
      oracle: gBeta,
      schedule,
      trainX: space.trainX,
      trainY: space.trainY,
      steps: config.trainingOracleSteps,
      batchSize: config.batchSize,
      learningRate: config.trainingOracleLearningRate,
      rng: rng.split('gbeta-fit'),
    });
    await saveParams(oracleDir(args.runDir, args.task, 'gbeta'), gBeta.variables());
    trainingOracleHoldoutMse = gFit.holdoutMse;
    for (const variable of Object.values(gBeta.variables())) variable.dispose();
  }
  for (const variable of Object.values(fValid.variables())) variable.dispose();
  return {
    task: args.task,
    validOracleHoldoutMse: fit.holdoutMse,
    validOracleBestStep: fit.bestStep,
    trainingOracleHoldoutMse,
    seconds: (performance.now() - started) / 1000,
  };
}

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
});
export type ModelJobResult = z.infer<typeof ModelJobResult>;

/** Draws n samples for labels ỹ from a (guided) model: CFG or classifier guidance by variant. */
export function drawSamples(options: {
  model: DdpmModel;
  variant: Variant;
  trainingOracle: TrainingOracle | undefined;
  schedule: ReturnType<typeof makeSchedule>;
  yTilde: Float32Array;
  guidance: number;
  rng: Rng;
  denoisedClip: number | null;
}): Float32Array {
  const { model, variant, trainingOracle, schedule, yTilde, guidance, rng, denoisedClip } = options;
  if (variant === 'cg') {
    if (!trainingOracle) throw new Error('classifier guidance needs the training oracle g_β');
    return sampleCg({
      net: model.sampler,
      oracle: trainingOracle,
      schedule,
      yTilde,
      guidance,
      rng,
      denoisedClip,
    });
  }
  return sampleCfg({ net: model.sampler, schedule, yTilde, guidance, rng, denoisedClip });
}

/** Labels resampled from D_valid's ỹ (the extrapolated prior p_valid, §1). */
export function resampleValidLabels(validY: Float32Array, count: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: count }, () => validY[rng.int(validY.length)]!);
}

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
  const checkpoints = new Set(checkpointSteps(config));
  const guidance = guidanceFor(config, spec.task, spec.variant);
  const batches = rng.split('batches');
  const noise = rng.split('noise');
  const losses: { step: number; loss: number }[] = [];
  const evaluations: Evaluation[] = [];
  let trainSeconds = 0;
  let sampleSeconds = 0;
  let samplesDrawn = 0;
  for (let step = 1; step <= config.trainSteps; step++) {
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
      const raw = space.toRaw(testSamples);
      await mkdir(dirname(join(args.runDir, testFile)), { recursive: true });
      await writeFileAtomic(
        join(args.runDir, testFile),
        new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
      );
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
    trainSteps: config.trainSteps,
    sampleSeconds,
    samplesDrawn,
  };
}

export function finiteOrNull(compute: () => number): number | null {
  try {
    const value = compute();
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
