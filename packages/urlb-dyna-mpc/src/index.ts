// urlb-dyna-mpc: the public library API (brief §10). Environments on mujoco-js with dm_control's
// tolerance rewards, the GL-free ray caster, the DreamerV2 world model, actor-critic in
// imagination, intrinsic rewards, Dyna-MPC, the URLB protocol and the typed configuration.

export type { ActorCriticMetrics, Imagination, RewardFunction } from './agent/actor-critic.js';
export { ActorCritic, discountWeights } from './agent/actor-critic.js';
export { lambdaReturn } from './agent/lambda-return.js';
export { StreamNorm } from './agent/stream-norm.js';
export {
  AgentConfig,
  Condition,
  GradHead,
  IntrinsicMethod,
  ModelSizes,
  PlannerConfig,
  StudyConfig,
  standardConditions,
} from './config.js';
export type { EnvOptions, ObservationKind, TimeStep } from './env/environment.js';
export { actionToControl, createTask, Environment, makeEnv } from './env/environment.js';
export { defaultMjcfDir, loadModel, loadMujoco, stripQuadruped } from './env/mujoco-loader.js';
export type { PhysicsTask } from './env/task.js';
export { Domain, domainOf, maxReturn, primalTask, TaskName } from './env/task.js';
export type { Sigmoid, ToleranceOptions } from './env/tolerance.js';
export { sigmoidAt, tolerance } from './env/tolerance.js';
export { AptReward, knnMeanDistance } from './intrinsic/apt.js';
export { createIntrinsicReward } from './intrinsic/create.js';
export { IcmReward, icmReward } from './intrinsic/icm.js';
export type { IntrinsicReward } from './intrinsic/intrinsic-reward.js';
export { LbsReward } from './intrinsic/lbs.js';
export { ensembleDisagreement, Plan2ExploreReward } from './intrinsic/plan2explore.js';
export { RandomExplorer } from './intrinsic/random-explorer.js';
export { RndReward } from './intrinsic/rnd.js';
export { Agent } from './loops/agent.js';
export type { Evaluation } from './loops/evaluate.js';
export { evaluate, normalisedScore, rSquared } from './loops/evaluate.js';
export type { FinetuneResult } from './loops/finetune.js';
export { finetune } from './loops/finetune.js';
export type { JobCheckpointOptions, PretrainResult } from './loops/pretrain.js';
export { pretrain } from './loops/pretrain.js';
export { loadSnapshot, saveSnapshot, snapshotDir } from './loops/snapshot.js';
export {
  actorDistribution,
  categoricalKl,
  klBalance,
  sampleCategorical,
  unitNormalNll,
} from './model/distributions.js';
export type { OpenLoopError } from './model/open-loop.js';
export { openLoopError } from './model/open-loop.js';
export { DecayedAdam } from './model/optimizer.js';
export type { LatentState, RssmSizes } from './model/rssm.js';
export { Rssm } from './model/rssm.js';
export {
  sampleTruncNormal,
  truncNormalEntropy,
  truncNormalFromUniform,
  truncNormalLogProb,
} from './model/trunc-normal.js';
export type { WorldModelUpdate } from './model/world-model.js';
export { WorldModel } from './model/world-model.js';
export type { PlanResult } from './planner/dyna-mpc.js';
export { candidateCount, DynaMpcPlanner, eliteWeights } from './planner/dyna-mpc.js';
export type { ClaimSummary, StudyClaim } from './protocol/claims.js';
export { claims } from './protocol/claims.js';
export { healthGates } from './protocol/health-gates.js';
export type { CurvePoint } from './protocol/learning-curve.js';
export { areaUnderCurve, finalScore } from './protocol/learning-curve.js';
export { pairedDifferences, pairedEffect } from './protocol/paired-effect.js';
export { meanWithStudentCi, spearman, studentQuantile975 } from './protocol/stats.js';
export type { RunRow, StudyUnits } from './protocol/units.js';
export { sceneCamera, sceneGeoms } from './render/model-scene.js';
export { encodePng, writePng } from './render/png.js';
export type { SceneCamera, SceneGeom } from './render/ray-caster.js';
export { GeomType, renderScene } from './render/ray-caster.js';
export type { Batch } from './replay.js';
export { Replay } from './replay.js';
