// The presets of brief §8.2, rescaled by issue 14: `default` spends its ~40 minutes where C1–C3
// are decided (one reach task, 7.5k FT frames with a learning curve, 4 seeds, five conditions);
// `extended` is walker_stand from states with the ablations that fit in ~100 minutes; `paper` is
// the official settings (the schema's defaults). Only what differs from the defaults is listed.
import type { TaskName } from './env/task.js';

/** The CPU-sized RSSM of brief §8.2 ("tiny"): 0.1M world-model parameters on 8-d states. */
const tinyModel = {
  deterministic: 64,
  hidden: 64,
  stochastic: 8,
  classes: 8,
  mlpLayers: 2,
  mlpUnits: 64,
  encoderLayers: 2,
  encoderUnits: 128,
  convDepth: 8,
};

/** CPU learning settings shared by `default` and `extended` (§8.2 bold entries [ours]). */
const cpuAgent = {
  obs: 'states' as const,
  model: tinyModel,
  batchSize: 16,
  batchLength: 32,
  imagineStarts: 32,
  horizon: 15,
  modelLr: 6e-4,
  // 3× the earlier 2e-4 (7.5× the official 8e-5), for every condition alike: at 2e-4 the copied LBS
  // actor stayed at the action bounds for 925 updates; 6e-4 freed it (README, "The saturated actor")
  actorLr: 6e-4,
  criticLr: 2e-4,
  slowCriticEvery: 20,
};

const smoke = {
  agent: {
    obs: 'states' as const,
    model: {
      deterministic: 16,
      hidden: 16,
      stochastic: 4,
      classes: 4,
      mlpLayers: 1,
      mlpUnits: 32,
      encoderLayers: 1,
      encoderUnits: 32,
      convDepth: 4,
    },
    batchSize: 4,
    batchLength: 8,
    imagineStarts: 0,
    horizon: 5,
    modelLr: 6e-4,
    actorLr: 2e-4,
    criticLr: 2e-4,
    slowCriticEvery: 5,
  },
  planner: { numSamples: 8, mixtureCoef: 0.25, numElites: 2, iterations: 2, horizon: 3 },
  tasks: ['reach4_top_left'] satisfies TaskName[],
  seeds: 1,
  pretrainMethods: [
    'lbs' as const,
    'plan2explore' as const,
    'random' as const,
    'icm' as const,
    'rnd' as const,
    'apt' as const,
  ],
  pretrainFrames: 300,
  pretrainSnapshots: [280],
  pretrainRandomFrames: 250,
  pretrainTrainEvery: 10,
  finetuneFrames: 500,
  finetuneSeedFrames: 250,
  mpcFromFrame: 300,
  finetuneTrainEvery: 10,
  conditions: ['scratch', 'pt-actor', 'pt-mpc', 'pt-frozen', 'no-init-actor'],
  extraSnapshotConditions: [280],
  evalEpisodes: 1,
  evalEvery: 250,
  evalAtStart: true,
  smokeRandomSteps: 50,
  pixelSmokeUpdates: 2,
};

// Issue 14: a hand check at these sizes learned reach4_top_left from scratch in 10k FT frames
// (0.94 at 7.5k); 6k PT frames (250 LBS updates) gave a world model that fine-tunes to R² 0.91.
// 10k FT frames measured ~100 minutes for the 15 fine-tuning runs here; 7.5k (the lower
// bound) keeps the learning curve up to where scratch has solved the task.
const defaultPreset = {
  agent: cpuAgent,
  planner: { numSamples: 64, mixtureCoef: 0.125, numElites: 16, iterations: 4, horizon: 5 },
  tasks: ['reach4_top_left'] satisfies TaskName[],
  seeds: 4,
  pretrainMethods: ['lbs' as const],
  pretrainFrames: 6000,
  pretrainSnapshots: [],
  pretrainRandomFrames: 1000,
  pretrainTrainEvery: 20,
  finetuneFrames: 7500,
  finetuneSeedFrames: 750,
  mpcFromFrame: 1250,
  finetuneTrainEvery: 10,
  // no-init-actor = world-model-only transfer: a fresh actor on the pre-trained model
  conditions: ['scratch', 'pt-actor', 'pt-mpc', 'pt-frozen', 'no-init-actor'],
  evalEpisodes: 5,
  evalEvery: 2500,
  evalAtStart: true,
};

// walker_stand from states: C1–C3 plus the ablations that fit in ~100 minutes here: C4 (a 5k
// snapshot), C6 (random PT), C8 (init-critic, no-init-actor) and C9 (decoder-grad). C5 needs a
// reach task and C7 an expert table: they stay untested here.
const extended = {
  ...defaultPreset,
  tasks: ['walker_stand'] satisfies TaskName[],
  seeds: 3,
  pretrainMethods: ['lbs' as const, 'random' as const],
  pretrainFrames: 10_000,
  pretrainSnapshots: [5000],
  finetuneFrames: 10_000,
  extraSnapshotConditions: [5000],
  conditions: [
    'scratch',
    'pt-actor',
    'pt-mpc',
    'pt-frozen',
    'no-init-actor',
    'random-actor',
    'init-critic',
    'decoder-grad',
  ],
};

export const presets = { smoke, default: defaultPreset, extended, paper: {} };
