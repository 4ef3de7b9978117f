// Reward-free pre-training (brief §5 pseudo-code): random actions for the first frames, then the
// actor; world model + method head, then actor-critic on the intrinsic reward; snapshots saved;
// an in-job checkpoint at the first episode end after every `checkpointEvery` updates.
import { Rng, RngState, tf } from 'core-tensor';
import { z } from 'zod';
import type { IntrinsicMethod, StudyConfig } from '../config.js';
import { makeEnv } from '../env/environment.js';
import { type Domain, primalTask } from '../env/task.js';
import { createIntrinsicReward } from '../intrinsic/create.js';
import { Replay } from '../replay.js';
import { Agent } from './agent.js';
import { loadJobCheckpoint, saveJobCheckpoint } from './job-checkpoint.js';
import { saveSnapshot, snapshotDir } from './snapshot.js';

const LossSample = z.object({
  frame: z.number(),
  modelLoss: z.number(),
  klMean: z.number(),
  imaginedReward: z.number(),
});

export interface PretrainResult {
  domain: Domain;
  method: IntrinsicMethod;
  seed: number;
  updates: number;
  frames: number;
  finalKl: number;
  finiteLosses: boolean;
  snapshots: number[];
  wallSeconds: number;
  secondsPerUpdate: number;
  resumedFromFrame: number | null;
  losses: z.infer<typeof LossSample>[];
}

const PretrainState = z.object({
  frame: z.number(),
  agentStep: z.number(),
  updates: z.number(),
  updateSeconds: z.number(),
  finiteLosses: z.boolean(),
  lastKl: z.number().nullable(),
  saved: z.array(z.number()),
  losses: z.array(LossSample),
  rewardNormMagnitude: z.number(),
  actorCriticUpdates: z.number(),
  rngs: z.object({ act: RngState, train: RngState, env: RngState }),
});
type PretrainState = z.infer<typeof PretrainState>;

export interface JobCheckpointOptions {
  dir: string;
  every: number; // updates between checkpoints
}

export async function pretrain(
  config: StudyConfig,
  domain: Domain,
  method: IntrinsicMethod,
  seed: number,
  snapshotRoot: string,
  log: (message: string) => void = () => {},
  checkpoint?: JobCheckpointOptions,
): Promise<PretrainResult> {
  const started = performance.now();
  const rng = new Rng(seed).split(`pretrain-${domain}-${method}`);
  const env = await makeEnv(primalTask[domain], { obs: config.agent.obs, seed, mjcfDir: config.mjcfDir });
  const agentConfig = config.agent;
  const entropy = method === 'random' ? agentConfig.entropyFinetune : agentConfig.entropyPretrain;
  // §4: StreamNorm m = 0.95 for LBS, P2E, ICM, APT; off (1) for RND and random
  const momentum = method === 'rnd' || method === 'random' ? 1 : agentConfig.rewardNormMomentum;
  const agent = new Agent(
    env.observationShape,
    env.actionSize,
    agentConfig,
    entropy,
    momentum,
    rng.split('agent'),
  );
  const intrinsic = createIntrinsicReward(method, agent.worldModel, agentConfig, rng.split('intrinsic'));
  let replay = new Replay(env.observationShape, env.actionSize);
  const actRng = rng.split('act');
  const trainRng = rng.split('train');
  const snapshotFrames = [
    ...new Set([...config.pretrainSnapshots.filter((f) => f < config.pretrainFrames), config.pretrainFrames]),
  ];
  const updateEvery = Math.max(1, Math.round(config.pretrainTrainEvery / env.actionRepeat));
  let s: PretrainState = {
    frame: 0,
    agentStep: 0,
    updates: 0,
    updateSeconds: 0,
    finiteLosses: true,
    lastKl: null,
    saved: [],
    losses: [],
    rewardNormMagnitude: 1,
    actorCriticUpdates: 0,
    rngs: { act: actRng.getState(), train: trainRng.getState(), env: env.rngState() },
  };
  let resumedFromFrame: number | null = null;
  const restored = checkpoint ? await loadJobCheckpoint(checkpoint.dir, PretrainState, env) : undefined;
  if (restored) {
    s = restored.state;
    agent.loadCheckpointTensors(restored.tensors, intrinsic);
    tf.dispose(Object.values(restored.tensors));
    replay = restored.replay;
    actRng.setState(s.rngs.act);
    trainRng.setState(s.rngs.train);
    env.restoreRngState(s.rngs.env);
    agent.rewardNorm.magnitude = s.rewardNormMagnitude;
    agent.actorCritic.updates = s.actorCriticUpdates;
    resumedFromFrame = s.frame;
    log(`PT ${domain}/${method}/seed ${seed}: resumed at frame ${s.frame}, update ${s.updates}`);
  }
  let lastCheckpointUpdates = s.updates;
  let step = env.reset();
  while (s.frame < config.pretrainFrames) {
    replay.add(step);
    agent.observe(step, actRng);
    if (step.isLast) {
      // Episode boundary: the place for an in-job checkpoint (the next reset is reproducible).
      if (checkpoint && s.updates - lastCheckpointUpdates >= checkpoint.every) {
        s.rngs = { act: actRng.getState(), train: trainRng.getState(), env: env.rngState() };
        s.rewardNormMagnitude = agent.rewardNorm.magnitude;
        s.actorCriticUpdates = agent.actorCritic.updates;
        await agent.withCheckpointTensors(intrinsic, (tensors) =>
          saveJobCheckpoint(checkpoint.dir, { state: s, tensors, replay }),
        );
        lastCheckpointUpdates = s.updates;
      }
      step = env.reset();
      continue;
    }
    const isRandom = method === 'random' || s.frame < config.pretrainRandomFrames;
    const action = isRandom
      ? Float32Array.from({ length: env.actionSize }, () => actRng.uniform(-1, 1))
      : agent.actorAction('sample', actRng);
    step = env.step(action);
    s.frame += env.actionRepeat;
    s.agentStep += 1;
    if (
      s.frame >= config.pretrainRandomFrames &&
      s.agentStep % updateEvery === 0 &&
      replay.completedEpisodes > 0
    ) {
      const t0 = performance.now();
      const metrics = agent.update(
        replay,
        intrinsic,
        {
          gradHeads: ['decoder'],
          trainReward: intrinsic.labelsBatch,
          frozen: false,
          trainActorCritic: intrinsic.trainsActor,
          trainActor: intrinsic.trainsActor,
        },
        trainRng,
      );
      s.updateSeconds += (performance.now() - t0) / 1000;
      s.updates += 1;
      s.lastKl = Number.isFinite(metrics.klMean) ? metrics.klMean! : null;
      if (Object.values(metrics).some((value) => !Number.isFinite(value))) s.finiteLosses = false;
      if (s.updates % 25 === 1) {
        s.losses.push({
          frame: s.frame,
          modelLoss: metrics.modelLoss ?? 0,
          klMean: metrics.klMean ?? 0,
          imaginedReward: metrics.imaginedReward ?? 0,
        });
        log(
          `PT ${domain}/${method}/seed ${seed}: frame ${s.frame}, update ${s.updates}, model loss ${metrics.modelLoss?.toFixed(3)}, KL ${metrics.klMean?.toFixed(3)}`,
        );
      }
    }
    for (const frames of snapshotFrames) {
      if (s.frame >= frames && !s.saved.includes(frames)) {
        await saveSnapshot(snapshotDir(snapshotRoot, domain, method, seed, frames), agent);
        s.saved.push(frames);
      }
    }
  }
  agent.dispose();
  intrinsic.dispose();
  env.dispose();
  return {
    domain,
    method,
    seed,
    updates: s.updates,
    frames: s.frame,
    finalKl: s.lastKl ?? Number.NaN,
    finiteLosses: s.finiteLosses,
    snapshots: s.saved,
    wallSeconds: (performance.now() - started) / 1000,
    secondsPerUpdate: s.updates > 0 ? s.updateSeconds / s.updates : 0,
    resumedFromFrame,
    losses: s.losses,
  };
}
