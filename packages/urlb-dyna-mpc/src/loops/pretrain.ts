// Reward-free pre-training (brief §5 pseudo-code): random actions for the first frames, then the
// actor; world model + method head, then actor-critic on the intrinsic reward; snapshots saved.
import { Rng } from 'core-tensor';
import type { IntrinsicMethod, StudyConfig } from '../config.js';
import { makeEnv } from '../env/environment.js';
import { type Domain, primalTask } from '../env/task.js';
import { createIntrinsicReward } from '../intrinsic/create.js';
import { Replay } from '../replay.js';
import { Agent } from './agent.js';
import { saveSnapshot, snapshotDir } from './snapshot.js';

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
  losses: { frame: number; modelLoss: number; klMean: number; imaginedReward: number }[];
}

export async function pretrain(
  config: StudyConfig,
  domain: Domain,
  method: IntrinsicMethod,
  seed: number,
  snapshotRoot: string,
  log: (message: string) => void = () => {},
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
  const replay = new Replay(env.observationShape, env.actionSize);
  const actRng = rng.split('act');
  const trainRng = rng.split('train');
  const snapshotFrames = new Set([
    ...config.pretrainSnapshots.filter((f) => f < config.pretrainFrames),
    config.pretrainFrames,
  ]);
  const saved: number[] = [];
  const losses: PretrainResult['losses'] = [];
  const updateEvery = Math.max(1, Math.round(config.pretrainTrainEvery / env.actionRepeat));
  let frame = 0;
  let updates = 0;
  let finiteLosses = true;
  let lastKl = Number.NaN;
  let updateSeconds = 0;
  let step = env.reset();
  for (let agentStep = 0; frame < config.pretrainFrames; agentStep++) {
    replay.add(step);
    agent.observe(step, actRng);
    const isRandom = method === 'random' || frame < config.pretrainRandomFrames;
    const action = isRandom
      ? Float32Array.from({ length: env.actionSize }, () => actRng.uniform(-1, 1))
      : agent.actorAction('sample', actRng);
    step = step.isLast ? env.reset() : env.step(action);
    frame += env.actionRepeat;
    if (
      frame >= config.pretrainRandomFrames &&
      agentStep % updateEvery === 0 &&
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
      updateSeconds += (performance.now() - t0) / 1000;
      updates += 1;
      lastKl = metrics.klMean ?? Number.NaN;
      if (Object.values(metrics).some((value) => !Number.isFinite(value))) finiteLosses = false;
      if (updates % 25 === 1) {
        losses.push({
          frame,
          modelLoss: metrics.modelLoss ?? 0,
          klMean: lastKl,
          imaginedReward: metrics.imaginedReward ?? 0,
        });
        log(
          `PT ${domain}/${method}/seed ${seed}: frame ${frame}, update ${updates}, model loss ${metrics.modelLoss?.toFixed(3)}, KL ${lastKl.toFixed(3)}`,
        );
      }
    }
    for (const snapshot of snapshotFrames) {
      if (frame >= snapshot && !saved.includes(snapshot)) {
        await saveSnapshot(snapshotDir(snapshotRoot, domain, method, seed, snapshot), agent);
        saved.push(snapshot);
      }
    }
  }
  agent.dispose();
  env.dispose();
  return {
    domain,
    method,
    seed,
    updates,
    frames: frame,
    finalKl: lastKl,
    finiteLosses,
    snapshots: saved,
    wallSeconds: (performance.now() - started) / 1000,
    secondsPerUpdate: updates > 0 ? updateSeconds / updates : 0,
    losses,
  };
}
