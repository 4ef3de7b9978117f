// Stage B of brief §5.2, a pool job: a group of diffusion models of one shape (task, variant, width;
// model-groups.ts) trained as one along core-tensor's model axis (issue 16, point 2). At every
// checkpoint each model is copied into a single-model sampler and validated alone, exactly as a job
// of one model did (checkpoint-evaluation.ts); the job returns one result per model, so everything
// downstream sees the same results as when each model had its own job.
import { assignParams, Rng, tf } from 'core-tensor';
import { z } from 'zod';
import {
  type CheckpointContext,
  drawGeneratorSamples,
  Evaluation,
  evaluateCheckpoint,
  type ModelMember,
  ModelSpecSchema,
} from './checkpoint-evaluation.js';
import { Config, checkpointSteps, guidanceFor, type ModelSpec, trainStepsFor } from './config.js';
import { type DdpmModel, drawBatch } from './ddpm.js';
import {
  createEnsembleDdpm,
  disposeEnsembleDdpm,
  type EnsembleDdpm,
  ensembleDdpmTrainStep,
  samplerParams,
} from './ensemble-ddpm.js';
import { EpsMlp } from './eps-mlp.js';
import { oracleViews } from './evaluation.js';
import { loadInto, newTrainingOracle, oracleDir } from './job-files.js';
import { prepareTask } from './prepared-task.js';
import { makeSchedule } from './schedule.js';
import type { TrainingOracle } from './training-oracle.js';

export { Evaluation, ModelSpecSchema };

export const ModelJobArgs = z.object({
  config: z.unknown(),
  /** The group's models, each with its own seed string (its Rng streams do not depend on the group). */
  models: z.array(z.object({ spec: ModelSpecSchema, seed: z.string() })).min(1),
  runDir: z.string(),
});
export type ModelJobArgs = z.infer<typeof ModelJobArgs>;

export const ModelJobResult = z.object({
  spec: ModelSpecSchema,
  losses: z.array(z.object({ step: z.number(), loss: z.number() })),
  evaluations: z.array(Evaluation),
  /** This model's share of its group's training time: the group's time / the group's size. */
  trainSeconds: z.number(),
  trainSteps: z.number(),
  sampleSeconds: z.number(),
  samplesDrawn: z.number(),
  /** Raw unconditional designs at the last checkpoint (generator gate), relative to the run folder. */
  unconditionalFile: z.string(),
});
export type ModelJobResult = z.infer<typeof ModelJobResult>;

/** The results of a job, one per model, in the order of `args.models`. */
export const ModelJobResults = z.array(ModelJobResult);

/** One model's streams and running record inside a group job. */
interface MemberState extends ModelMember {
  batches: Rng;
  noise: Rng;
  result: ModelJobResult;
}

/** Stage B: a group of same-shape diffusion models trained as one, each validated alone at every checkpoint. */
export async function trainModels(rawArgs: unknown): Promise<ModelJobResult[]> {
  const args = ModelJobArgs.parse(rawArgs);
  const config = Config.parse(args.config);
  const shape = groupShape(args.models.map((model) => model.spec));
  const prepared = prepareTask(config, shape.task);
  const { space } = prepared;
  const trainSteps = trainStepsFor(config, shape.task);
  const context: CheckpointContext = {
    config,
    prepared,
    views: await oracleViews(config, prepared, oracleDir(args.runDir, shape.task, 'fvalid')),
    trainingOracle: await loadTrainingOracle(config, shape, space.dims, args.runDir),
    schedule: makeSchedule(config.schedule, config.diffusionSteps),
    runDir: args.runDir,
  };
  // each model's own Rng, split exactly as a job of one model split it
  const rngs = args.models.map((model) => new Rng(model.seed));
  const members: MemberState[] = args.models.map(({ spec, seed }, m) => ({
    spec,
    seed,
    guidance: guidanceFor(config, spec.task, spec.variant),
    batches: rngs[m]!.split('batches'),
    noise: rngs[m]!.split('noise'),
    result: emptyResult(spec, trainSteps),
  }));
  const group = createEnsembleDdpm(space.dims, shape.width, rngs, config.emaEnabled, {
    learningRate: config.learningRate,
    beta1: config.beta1,
    beta2: config.beta2,
    ...(config.clipNorm === undefined ? {} : { clipNorm: config.clipNorm }),
  });
  const sampler = new EpsMlp(space.dims, shape.width, new Rng('shape-only')); // weights come from the group
  const single: DdpmModel = { net: sampler, ema: undefined, sampler };
  const checkpoints = new Set(checkpointSteps(config, shape.task));
  const labelDropouts = members.map((member) => member.spec.labelDropout);
  for (let step = 1; step <= trainSteps; step++) {
    // train: one step of every model on its own D_train batch, then the EMA update
    const started = performance.now();
    const batches = members.map((member) =>
      drawBatch(member.batches, space.trainX, space.trainY, space.dims, config.batchSize),
    );
    const noise = members.map((member) => member.noise);
    const losses = ensembleDdpmTrainStep(
      group,
      context.schedule,
      batches,
      labelDropouts,
      config.emaDecay,
      step - 1,
      noise,
    );
    // every model takes every step with the same shapes, so each gets an equal share of the time
    const share = (performance.now() - started) / 1000 / members.length;
    members.forEach((member, m) => {
      member.result.trainSeconds += share;
      if (step % 100 === 0 || step === 1) member.result.losses.push({ step, loss: losses[m]! });
    });
    if (!checkpoints.has(step)) continue;
    // validate: each model alone in the single-model sampler, as a job of one model
    for (const [m, member] of members.entries()) {
      loadSampler(sampler, group, m);
      const checkpoint = await evaluateCheckpoint(context, member, single, step);
      member.result.evaluations.push(...checkpoint.evaluations);
      member.result.sampleSeconds += checkpoint.sampleSeconds;
      member.result.samplesDrawn += checkpoint.samplesDrawn;
      if (step === trainSteps)
        member.result.unconditionalFile = await drawGeneratorSamples(context, member, single, step);
    }
  }
  context.views.dispose();
  disposeEnsembleDdpm(group);
  tf.dispose(Object.values(sampler.variables()));
  if (context.trainingOracle) tf.dispose(Object.values(context.trainingOracle.variables()));
  return members.map((member) => member.result);
}

/** The shape every model of a job shares; a job that mixes shapes is a bug in the grouping. */
function groupShape(specs: readonly ModelSpec[]): Pick<ModelSpec, 'task' | 'variant' | 'width'> {
  const { task, variant, width } = specs[0]!;
  const odd = specs.find((spec) => spec.task !== task || spec.variant !== variant || spec.width !== width);
  if (odd)
    throw new Error(
      `trainModels: a job trains models of one task, variant and width; '${odd.id}' differs from '${specs[0]!.id}'`,
    );
  return { task, variant, width };
}

/** g_β for a c.g. group (classifier guidance needs it while sampling); none for CFG. */
async function loadTrainingOracle(
  config: Config,
  shape: Pick<ModelSpec, 'task' | 'variant'>,
  dims: number,
  runDir: string,
): Promise<TrainingOracle | undefined> {
  if (shape.variant !== 'cg') return undefined;
  const oracle = newTrainingOracle(config, dims);
  await loadInto(oracle, oracleDir(runDir, shape.task, 'gbeta'));
  return oracle;
}

/** Copies model m's sampling weights (EMA when on) into the single-model sampler. */
function loadSampler(sampler: EpsMlp, group: EnsembleDdpm, m: number): void {
  const params = samplerParams(group, m);
  assignParams(sampler.variables(), params);
  tf.dispose(Object.values(params));
}

function emptyResult(spec: ModelSpec, trainSteps: number): ModelJobResult {
  return {
    spec,
    losses: [],
    evaluations: [],
    trainSeconds: 0,
    trainSteps,
    sampleSeconds: 0,
    samplesDrawn: 0,
    unconditionalFile: '',
  };
}
