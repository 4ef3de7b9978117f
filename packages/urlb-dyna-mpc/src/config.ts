// Every hyper-parameter of the study in one schema (brief §3, §5, §6, §8). Defaults are the
// official values (brief §3.1 and §8.2 "official"/`paper` columns); presets in experiment.ts list
// only what differs. `[ours]` marks a departure.
import { z } from 'zod';
import { TaskName } from './env/task.js';

export const IntrinsicMethod = z.enum(['lbs', 'plan2explore', 'random', 'icm', 'rnd', 'apt']);
export type IntrinsicMethod = z.infer<typeof IntrinsicMethod>;

export const GradHead = z.enum(['decoder', 'reward']);
export type GradHead = z.infer<typeof GradHead>;

export const ModelSizes = z.object({
  deterministic: z.number().int().min(1).default(200), // §3.1 GRU state h
  hidden: z.number().int().min(1).default(200), // §3.1 RSSM hidden
  stochastic: z.number().int().min(1).default(32), // §3.1 categoricals S
  classes: z.number().int().min(2).default(32), // §3.1 classes C
  mlpLayers: z.number().int().min(1).default(4), // §3.1 heads 4×400
  mlpUnits: z.number().int().min(1).default(400),
  encoderLayers: z.number().int().min(1).default(4), // §3.1 state encoder/decoder MLP 4×400
  encoderUnits: z.number().int().min(1).default(400),
  convDepth: z.number().int().min(1).default(48), // §3.1 pixel encoder 48/96/192/384
});
export type ModelSizes = z.infer<typeof ModelSizes>;

export const PlannerConfig = z.object({
  numSamples: z.number().int().min(1).default(512), // §6
  mixtureCoef: z.number().min(0).max(1).default(0.05), // §6 share of actor candidates
  numElites: z.number().int().min(1).default(64), // §6
  iterations: z.number().int().min(1).default(12), // §6
  horizon: z.number().int().min(1).default(5), // §6
  temperature: z.number().positive().default(0.5), // §6
  momentum: z.number().min(0).max(1).default(0.1), // §6 weight of the old mean
  minStd: z.number().positive().default(0.1), // §6
  maxStd: z.number().positive().default(2), // §6
  useValue: z.boolean().default(true), // §6 false = pure MPC, no actor-critic training
});
export type PlannerConfig = z.infer<typeof PlannerConfig>;

export const AgentConfig = z.object({
  obs: z.enum(['states', 'pixels']).default('pixels'), // §2.5 (paper: pixels)
  model: ModelSizes.prefault({}),
  batchSize: z.number().int().min(1).default(50), // §3.1 B
  batchLength: z.number().int().min(2).default(50), // §3.1 T
  imagineStarts: z.number().int().min(0).default(0), // §3.3 starts; 0 = all B·T [ours: subsample]
  horizon: z.number().int().min(1).default(15), // §3.3 H
  discount: z.number().min(0).max(1).default(0.99), // §3.3 γ
  lambda: z.number().min(0).max(1).default(0.95), // §3.3 λ
  modelLr: z.number().positive().default(3e-4), // §3.1
  actorLr: z.number().positive().default(8e-5), // §3.1
  criticLr: z.number().positive().default(8e-5), // §3.1
  adamEpsilon: z.number().positive().default(1e-5), // §3.1
  clipNorm: z.number().positive().default(100), // §3.1 global-norm clip
  weightDecay: z.number().min(0).default(1e-6), // §3.1 decoupled decay
  klBalance: z.number().min(0).max(1).default(0.8), // §3.2
  freeNats: z.number().min(0).default(1), // §3.2
  slowCriticEvery: z.number().int().min(1).default(100), // §3.3 hard copy period (updates)
  rewardNormMomentum: z.number().min(0).max(1).default(0.95), // §4 m for LBS/P2E/ICM/APT
  entropyFinetune: z.number().min(0).default(1e-4), // §3.3 η at FT and for random PT
  entropyPretrain: z.number().min(0).default(0), // §3.3 η for PT agents
  ensembleSize: z.number().int().min(2).default(5), // §4 Plan2Explore members
  aptNeighbours: z.number().int().min(1).default(12), // §4 APT k
});
export type AgentConfig = z.infer<typeof AgentConfig>;

/** A fine-tuning condition: where it starts and which switches of §5 it uses. */
export const Condition = z.object({
  name: z.string().min(1),
  pretrain: IntrinsicMethod.nullable(), // null = from scratch
  snapshotFrames: z.number().int().min(0).nullable().default(null), // null = the final PT snapshot
  initActor: z.boolean().default(true), // §5
  initCritic: z.boolean().default(false), // §5
  gradHeads: z.array(GradHead).default(['decoder', 'reward']), // §5 task-aware FT
  freezeWorldModel: z.boolean().default(false), // §5 [ours]
  mpc: z.boolean().default(false), // §6 act with Dyna-MPC
});
export type Condition = z.infer<typeof Condition>;

/** The conditions of brief §8.2 by name. */
export const standardConditions: Record<string, z.input<typeof Condition>> = {
  scratch: { name: 'scratch', pretrain: null, initActor: false },
  'pt-actor': { name: 'pt-actor', pretrain: 'lbs' },
  'pt-mpc': { name: 'pt-mpc', pretrain: 'lbs', mpc: true },
  'pt-frozen': { name: 'pt-frozen', pretrain: 'lbs', freezeWorldModel: true },
  'random-actor': { name: 'random-actor', pretrain: 'random' },
  'init-critic': { name: 'init-critic', pretrain: 'lbs', initCritic: true },
  'no-init-actor': { name: 'no-init-actor', pretrain: 'lbs', initActor: false },
  'decoder-grad': { name: 'decoder-grad', pretrain: 'lbs', gradHeads: ['decoder'] },
};

export const StudyConfig = z.object({
  agent: AgentConfig.prefault({}),
  planner: PlannerConfig.prefault({}),
  tasks: z.array(z.enum(TaskName)).default([...TaskName]), // §8.2 FT tasks: all twelve
  seeds: z.number().int().min(1).default(3), // §8.2
  pretrainMethods: z.array(IntrinsicMethod).default(['lbs', 'plan2explore', 'random', 'icm', 'rnd', 'apt']),
  pretrainFrames: z.number().int().min(1).default(2_000_000), // §7
  pretrainSnapshots: z.array(z.number().int().min(1)).default([100_000, 500_000, 1_000_000]), // §7 (final always kept)
  pretrainRandomFrames: z.number().int().min(0).default(4000), // §5
  pretrainTrainEvery: z.number().int().min(1).default(10), // §5 frames per update
  finetuneFrames: z.number().int().min(1).default(100_000), // §7
  finetuneSeedFrames: z.number().int().min(0).default(4000), // §5 no update before
  mpcFromFrame: z.number().int().min(0).default(5000), // §5
  finetuneTrainEvery: z.number().int().min(1).default(10), // §5
  conditions: z
    .array(z.string())
    .default([
      'scratch',
      'pt-actor',
      'pt-mpc',
      'pt-frozen',
      'random-actor',
      'init-critic',
      'no-init-actor',
      'decoder-grad',
    ]),
  extraSnapshotConditions: z.array(z.number().int().min(1)).default([]), // LBS snapshots → pt-actor on the first task (C4)
  evalEpisodes: z.number().int().min(1).default(10), // §7
  evalEvery: z.number().int().min(0).default(10_000), // §7 frames; 0 = only at the end
  evalAtStart: z.boolean().default(true),
  smokeRandomSteps: z.number().int().min(0).default(0), // smoke: random steps + reward on each walker/quadruped task
  pixelSmokeUpdates: z.number().int().min(0).default(0), // smoke: a short pixel run through the ray caster
  checkpointEvery: z.number().int().min(1).default(100), // updates between in-job checkpoints
  mjcfDir: z.string().optional(), // folder of the dm_control files (default: the package's data/mjcf)
  expertScores: z.string().optional(), // optional expert-score JSON for C7
});
export type StudyConfig = z.infer<typeof StudyConfig>;
