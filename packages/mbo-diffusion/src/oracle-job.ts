// Stage A of brief §5.2, a pool job: f_valid on D_train ∪ D_valid (§3.5) and, for c.g. tasks, g_β
// on D_train (§3.3). Never touches the exact oracle.
import { Rng, saveParams } from 'core-tensor';
import { z } from 'zod';
import { Config } from './config.js';
import { oracleDir } from './job-files.js';
import { prepareTask } from './prepared-task.js';
import { makeSchedule } from './schedule.js';
import { TaskId } from './task.js';
import { TrainingOracle, trainTrainingOracle } from './training-oracle.js';
import { fitRegressor, ValidationOracle } from './validation-oracle.js';

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
