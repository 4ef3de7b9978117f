// Every hyper-parameter of the study in one schema (brief §3, §5, §6, §8). Defaults are the
// official values (brief §3.1 and §8.2 "official"/`paper` columns); presets in experiment.ts list
// only what differs. `[ours]` marks a departure.
import { boundedSize, maxTensorElements, withinEachBound } from 'lab';
import { z } from 'zod';
import { TaskName } from './env/task.js';

// Size bounds: every size key has a maximum far above `paper`, no tensor may exceed lab's
// maxTensorElements (lab/src/config-bounds.ts says why), and the pixel replay must fit in memory.
/** Bytes of one stored pixel step: a 64 × 64 × 3 uint8 image; the replay keeps every step (src/replay.ts). */
const pixelStepBytes = 64 * 64 * 3;
/** Frames per stored step (the environments' action repeat). */
const actionRepeat = 2;
/** What the replay may hold: 16 GiB of the 24, the rest for the model, the batch and a second job. */
const maxReplayBytes = 16 * 2 ** 30;

export const IntrinsicMethod = z.enum(['lbs', 'plan2explore', 'random', 'icm', 'rnd', 'apt']);
export type IntrinsicMethod = z.infer<typeof IntrinsicMethod>;

export const GradHead = z.enum(['decoder', 'reward']);
export type GradHead = z.infer<typeof GradHead>;

export const ModelSizes = z.object({
  deterministic: boundedSize(
    'agent.model.deterministic',
    4096,
    'the paper uses 200; the GRU holds 3 · h × h weights',
  )
    .min(1)
    .default(200), // §3.1 GRU state h
  hidden: boundedSize(
    'agent.model.hidden',
    4096,
    'the paper uses 200; RSSM layers are [batch·length, hidden]',
  )
    .min(1)
    .default(200), // §3.1 RSSM hidden
  stochastic: boundedSize(
    'agent.model.stochastic',
    1024,
    'the paper uses 32; the latent has stochastic × classes units',
  )
    .min(1)
    .default(32), // §3.1 categoricals S
  classes: boundedSize(
    'agent.model.classes',
    1024,
    'the paper uses 32; the latent has stochastic × classes units',
  )
    .min(2)
    .default(32), // §3.1 classes C
  mlpLayers: boundedSize('agent.model.mlpLayers', 64, 'the paper uses 4; each layer holds mlpUnits² weights')
    .min(1)
    .default(4), // §3.1 heads 4×400
  mlpUnits: boundedSize(
    'agent.model.mlpUnits',
    8192,
    'the paper uses 400; each layer holds mlpUnits² weights',
  )
    .min(1)
    .default(400),
  encoderLayers: boundedSize(
    'agent.model.encoderLayers',
    64,
    'the paper uses 4; each layer holds encoderUnits² weights',
  )
    .min(1)
    .default(4), // §3.1 state encoder/decoder MLP 4×400
  encoderUnits: boundedSize(
    'agent.model.encoderUnits',
    8192,
    'the paper uses 400; each layer holds encoderUnits² weights',
  )
    .min(1)
    .default(400),
  convDepth: boundedSize(
    'agent.model.convDepth',
    512,
    'the paper uses 48; the last conv layer has 8 · convDepth channels',
  )
    .min(1)
    .default(48), // §3.1 pixel encoder 48/96/192/384
});
export type ModelSizes = z.infer<typeof ModelSizes>;

export const PlannerConfig = z.object({
  numSamples: boundedSize(
    'planner.numSamples',
    16384,
    'the paper uses 512; candidates are [numSamples, horizon, latent]',
  )
    .min(1)
    .default(512), // §6
  mixtureCoef: z.number().min(0).max(1).default(0.05), // §6 share of actor candidates
  numElites: boundedSize(
    'planner.numElites',
    16384,
    'the paper uses 64; elites are a subset of the candidates',
  )
    .min(1)
    .default(64), // §6
  iterations: z.number().int().min(1).default(12), // §6
  horizon: boundedSize(
    'planner.horizon',
    1000,
    'the paper uses 5; candidates are [numSamples, horizon, latent]',
  )
    .min(1)
    .default(5), // §6
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
  batchSize: boundedSize(
    'agent.batchSize',
    1024,
    'the paper uses 50; batches are [batch, length, observation]',
  )
    .min(1)
    .default(50), // §3.1 B
  batchLength: boundedSize(
    'agent.batchLength',
    1024,
    'the paper uses 50; batches are [batch, length, observation]',
  )
    .min(2)
    .default(50), // §3.1 T
  imagineStarts: boundedSize(
    'agent.imagineStarts',
    16384,
    'the paper uses all 2500 of B·T; imagination is [starts, horizon, latent]',
  )
    .min(0)
    .default(0), // §3.3 starts; 0 = all B·T [ours: subsample]
  horizon: boundedSize('agent.horizon', 1000, 'the paper uses 15; imagination is [starts, horizon, latent]')
    .min(1)
    .default(15), // §3.3 H
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
  ensembleSize: boundedSize('agent.ensembleSize', 64, 'the paper uses 5; each member is a one-step model')
    .min(2)
    .default(5), // §4 Plan2Explore members
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

export const StudyConfig = z
  .object({
    agent: AgentConfig.prefault({}),
    planner: PlannerConfig.prefault({}),
    tasks: z.array(z.enum(TaskName)).default([...TaskName]), // §8.2 FT tasks: all twelve
    seeds: boundedSize('seeds', 100, 'the paper uses 3; every seed runs every condition').min(1).default(3), // §8.2
    pretrainMethods: z.array(IntrinsicMethod).default(['lbs', 'plan2explore', 'random', 'icm', 'rnd', 'apt']),
    pretrainFrames: boundedSize(
      'pretrainFrames',
      10_000_000,
      'the paper uses 2000000; the replay keeps every step',
    )
      .min(1)
      .default(2_000_000), // §7
    pretrainSnapshots: z.array(z.number().int().min(1)).default([100_000, 500_000, 1_000_000]), // §7 (final always kept)
    pretrainRandomFrames: z.number().int().min(0).default(4000), // §5
    pretrainTrainEvery: z.number().int().min(1).default(10), // §5 frames per update
    finetuneFrames: boundedSize(
      'finetuneFrames',
      10_000_000,
      'the paper uses 100000; the replay keeps every step',
    )
      .min(1)
      .default(100_000), // §7
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
  })
  .superRefine((config, ctx) => {
    const { agent, planner } = config;
    const { model } = agent;
    const latent = model.stochastic * model.classes + model.deterministic; // features of a model state
    const rows = agent.batchSize * agent.batchLength;
    const starts = agent.imagineStarts === 0 ? rows : agent.imagineStarts;
    const units = Math.max(model.hidden, model.mlpUnits, model.encoderUnits);
    // The largest tensor of each kind: [what with the keys and values, elements, the paper's shape].
    const largest: [string, number, string][] = [
      [
        `a layer's activations [agent.batchSize · agent.batchLength ${rows}, max(hidden, mlpUnits, encoderUnits) ${units}]`,
        rows * units,
        '2500 × 400',
      ],
      [
        `the imagination [agent.imagineStarts ${starts}, agent.horizon ${agent.horizon}, latent ${latent}]`,
        starts * agent.horizon * latent,
        '2500 × 15 × 1224',
      ],
      [
        `the planner's candidates [planner.numSamples ${planner.numSamples}, planner.horizon ${planner.horizon}, latent ${latent}]`,
        planner.numSamples * planner.horizon * latent,
        '512 × 5 × 1224',
      ],
      [
        `a latent → hidden weight [stochastic · classes + deterministic ${latent}, max(hidden, mlpUnits) ${Math.max(model.hidden, model.mlpUnits)}]`,
        latent * Math.max(model.hidden, model.mlpUnits),
        '1224 × 400',
      ],
      [
        `a batch of observations [agent.batchSize ${agent.batchSize}, agent.batchLength ${agent.batchLength}, ${agent.obs === 'pixels' ? '64 · 64 · 3' : 'up to 78 states'}]`,
        rows * (agent.obs === 'pixels' ? pixelStepBytes : 78),
        '50 × 50 × 12288',
      ],
    ];
    for (const [what, elements, paper] of largest)
      if (elements > maxTensorElements)
        ctx.addIssue({
          code: 'custom',
          message: `${what} = ${elements} elements, above 2^28 (1 GiB of float32; the paper: ${paper}); lower one of them`,
        });
    // With pixels the replay holds one 12 KiB image per stored step (frames / action repeat).
    const frames = Math.max(config.pretrainFrames, config.finetuneFrames);
    const replayBytes = (frames / actionRepeat) * pixelStepBytes;
    if (agent.obs === 'pixels' && replayBytes > maxReplayBytes)
      ctx.addIssue({
        code: 'custom',
        message: `with agent.obs 'pixels', max(pretrainFrames ${config.pretrainFrames}, finetuneFrames ${config.finetuneFrames}) = ${frames} frames fill the replay with ${(replayBytes / 2 ** 30).toFixed(1)} GiB of images, above 16 GiB (the paper's 2000000 frames: 11.4 GiB); lower the frames or use agent.obs 'states'`,
      });
  }, withinEachBound);
export type StudyConfig = z.infer<typeof StudyConfig>;
