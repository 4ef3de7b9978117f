// mbo-diffusion: validation metrics for offline MBO with diffusion models (Beckham et al., TMLR 2024).
// Each piece is usable alone: tasks and the query budget, the DDPM with CFG and classifier guidance,
// the validation and training oracles, the metrics, and the correlation harness.
export { agreementBaseline, agreementMetric } from './agreement.js';
export { correlationRows, regretRows, tradeoffRows, winsOf, withinWRows } from './analysis.js';
export { cdsmMetric, makeCdsmTriples } from './cdsm.js';
export { claims } from './claims.js';
export { Config, checkpointSteps, modelGrid, presets, trainStepsFor } from './config.js';
export {
  type Correlation,
  correlate,
  kendallTauB,
  pearson,
  type Resampling,
  spearman,
} from './correlation.js';
export { createDdpm, ddpmTrainStep, emaDecayAt, forwardNoise, smoothL1, trainDdpm } from './ddpm.js';
export { aggregate, designBenchScore } from './design-bench-eval.js';
export { makeDesignSpace } from './design-space.js';
export { meanPairDistance, novelty, uniqueFraction } from './diversity.js';
export {
  EHRLICH_INFEASIBLE,
  type EhrlichFunction,
  EhrlichParams,
  ehrlichValue,
  ehrlichValues,
  isFeasible,
  makeEhrlich,
  motifPresence,
  optimalSequence,
  sampleEhrlichDesigns,
} from './ehrlich.js';
export {
  codeToDna,
  decodeArgmax,
  dnaToCode,
  LabelScaler,
  MinMaxScaler,
  oneHotPlusMinus,
} from './encoding.js';
export {
  createEnsembleDdpm,
  type EnsembleDdpm,
  ensembleDdpmLoss,
  ensembleDdpmTrainStep,
  samplerParams,
} from './ensemble-ddpm.js';
export { EnsembleEpsMlp, smoothL1PerModel } from './ensemble-eps-mlp.js';
export { conditioning, EpsMlp, timeFeatures } from './eps-mlp.js';
export { frechetDistance, moments } from './frechet.js';
export { checkGenerator, type GeneratorCheck, generatorGates } from './generator-gate.js';
export { bumpsFitness, makeBumpsLandscape } from './manifold-bumps.js';
export { evenChunks, modelGroups, shapeKey } from './model-groups.js';
export { makeNkLandscape, nkFitness } from './nk-landscape.js';
export { densityCoverageMetric, neighbourRadii, prdc } from './prdc.js';
export { OracleQueryError, Phase, QueryBudget } from './query-budget.js';
export { rewardMetric } from './reward.js';
export { sampleAncestral, sampleCfg, sampleCg, sampleUnconditional } from './samplers.js';
export { makeSchedule, ScheduleName } from './schedule.js';
export { metricChoice, oracleBest, selectByMetric, selectionRegret } from './selection.js';
export { rankSplit, type Split, tieBoundaryCount } from './split.js';
export {
  DESIGN_BENCH_IDS,
  EHRLICH_DATASET_SIZE,
  EHRLICH_TASK_PARAMS,
  makeTask,
  normaliseScore,
  type Task,
  TaskId,
  TaskOptions,
  taskLabel,
} from './task.js';
export { readTfbind8Scores, reverseComplementCode } from './tfbind8.js';
export { TrainingOracle, trainTrainingOracle } from './training-oracle.js';
export { PointUnit, TrialUnit, type Units, unitSchemas } from './units.js';
export { fitRegressor, trainValidationOracle, ValidationOracle } from './validation-oracle.js';
export { winsTable } from './wins.js';
