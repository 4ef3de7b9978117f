// Fine-tuning on a task (brief §5): init from a PT snapshot (or scratch), fresh replay, task-aware
// world-model updates (unless frozen), actor-critic on the reward head, acting with the actor or
// Dyna-MPC, evaluation at the scheduled frames; in-job checkpoints at episode ends.
import { Rng, RngState, tf } from 'core-tensor';
import { z } from 'zod';
import type { Condition, StudyConfig } from '../config.js';
import { makeEnv } from '../env/environment.js';
import { domainOf, type TaskName } from '../env/task.js';
import { openLoopError } from '../model/open-loop.js';
import { DynaMpcPlanner } from '../planner/dyna-mpc.js';
import { disposeBatch, Replay } from '../replay.js';
import { Agent } from './agent.js';
import { type Evaluation, evaluate, normalisedScore } from './evaluate.js';
import { loadJobCheckpoint, saveJobCheckpoint } from './job-checkpoint.js';
import type { JobCheckpointOptions } from './pretrain.js';
import { loadSnapshot } from './snapshot.js';

export interface FinetuneResult {
  task: TaskName;
  condition: string;
  seed: number;
  finalScore: number;
  finalReturn: number;
  initialScore: number | null;
  evaluations: { frame: number; score: number; meanReturn: number }[];
  trainEpisodes: { frame: number; score: number }[];
  rewardR2: number;
  /** World-model open-loop error over the last chunk steps, and the copy-last-state baseline's. */
  openLoop: { model: number; copyLast: number; steps: number };
  finiteLosses: boolean;
  updates: number;
  plannedActions: number;
  plannerSeconds: number;
  latentStepsPerAction: number;
  secondsPerUpdate: number;
  wallSeconds: number;
  resumedFromFrame: number | null;
}

const FinetuneState = z.object({
  frame: z.number(),
  agentStep: z.number(),
  updates: z.number(),
  updateSeconds: z.number(),
  plannerSeconds: z.number(),
  plannedActions: z.number(),
  latentSteps: z.number(),
  finiteLosses: z.boolean(),
  episodeReturn: z.number(),
  nextEval: z.number().nullable(), // null = no more scheduled evaluations
  initialScore: z.number().nullable(),
  evaluations: z.array(z.object({ frame: z.number(), score: z.number(), meanReturn: z.number() })),
  trainEpisodes: z.array(z.object({ frame: z.number(), score: z.number() })),
  actorCriticUpdates: z.number(),
  rngs: z.object({ act: RngState, train: RngState, env: RngState }),
});
type FinetuneState = z.infer<typeof FinetuneState>;

/** Context steps before the open-loop prediction starts (official video_pred: 5). */
const openLoopContext = 5;

export async function finetune(
  config: StudyConfig,
  task: TaskName,
  condition: Condition,
  seed: number,
  snapshot: string | null,
  log: (message: string) => void = () => {},
  checkpoint?: JobCheckpointOptions,
): Promise<FinetuneResult> {
  const started = performance.now();
  const domain = domainOf(task);
  // Every condition of a (task, seed) shares this stream: same resets, same evaluation episodes (§7).
  const rng = new Rng(seed).split(`finetune-${task}`);
  const envOptions = { obs: config.agent.obs, seed, mjcfDir: config.mjcfDir };
  const env = await makeEnv(task, envOptions);
  const evalEnv = await makeEnv(task, envOptions);
  const agent = new Agent(
    env.observationShape,
    env.actionSize,
    config.agent,
    config.agent.entropyFinetune,
    1,
    rng.split('agent'),
  );
  if (condition.pretrain !== null) {
    if (snapshot === null) throw new Error(`condition '${condition.name}' needs a PT snapshot`);
    await loadSnapshot(snapshot, agent, condition);
  }
  const planner = condition.mpc ? new DynaMpcPlanner(config.planner, env.actionSize) : undefined;
  // useValue off = pure MPC: no actor-critic training (§6)
  const trainActorCritic = !(condition.mpc && !config.planner.useValue);
  let replay = new Replay(env.observationShape, env.actionSize);
  const actRng = rng.split('act');
  const trainRng = rng.split('train');
  const evalSeed = seed * 7919 + 17;
  const evalOptions = (withPlanner: boolean) => ({
    episodes: config.evalEpisodes,
    seed: evalSeed,
    planner: withPlanner ? planner : undefined,
    discount: config.agent.discount,
    lambda: config.agent.lambda,
  });
  let s: FinetuneState = {
    frame: 0,
    agentStep: 0,
    updates: 0,
    updateSeconds: 0,
    plannerSeconds: 0,
    plannedActions: 0,
    latentSteps: 0,
    finiteLosses: true,
    episodeReturn: 0,
    nextEval: config.evalEvery > 0 ? config.evalEvery : null,
    initialScore: null,
    evaluations: [],
    trainEpisodes: [],
    actorCriticUpdates: 0,
    rngs: { act: actRng.getState(), train: trainRng.getState(), env: env.rngState() },
  };
  const record = (frame: number, evaluation: Evaluation) => {
    s.evaluations.push({ frame, score: evaluation.score, meanReturn: evaluation.meanReturn });
    log(
      `FT ${task}/${condition.name}/seed ${seed}: frame ${frame}, eval score ${evaluation.score.toFixed(3)}`,
    );
  };
  let resumedFromFrame: number | null = null;
  const restored = checkpoint ? await loadJobCheckpoint(checkpoint.dir, FinetuneState, env) : undefined;
  if (restored) {
    s = restored.state;
    agent.loadCheckpointTensors(restored.tensors);
    tf.dispose(Object.values(restored.tensors));
    replay = restored.replay;
    actRng.setState(s.rngs.act);
    trainRng.setState(s.rngs.train);
    env.restoreRngState(s.rngs.env);
    agent.actorCritic.updates = s.actorCriticUpdates;
    resumedFromFrame = s.frame;
    log(`FT ${task}/${condition.name}/seed ${seed}: resumed at frame ${s.frame}, update ${s.updates}`);
  } else if (config.evalAtStart) {
    // Before mpcFromFrame every condition acts with its actor, pt-mpc included (same curve origin).
    const first = evaluate(evalEnv, agent, evalOptions(false), rng.split('eval0'));
    s.initialScore = first.score;
    record(0, first);
  }
  let lastCheckpointUpdates = s.updates;
  const updateEvery = Math.max(1, Math.round(config.finetuneTrainEvery / env.actionRepeat));
  let step = env.reset();
  agent.resetLatent();
  while (s.frame < config.finetuneFrames) {
    replay.add(step);
    const latent = agent.observe(step, actRng);
    if (step.isLast) {
      s.trainEpisodes.push({ frame: s.frame, score: normalisedScore(s.episodeReturn, domain) });
      s.episodeReturn = 0;
      // Scheduled evaluations wait for the episode's end, so no training episode is cut short
      // (a cut episode never completes and never reaches the replay).
      if (s.nextEval !== null && s.frame >= s.nextEval && s.frame < config.finetuneFrames) {
        const withPlanner = condition.mpc && s.frame >= config.mpcFromFrame;
        record(s.frame, evaluate(evalEnv, agent, evalOptions(withPlanner), rng.split(`eval${s.frame}`)));
        s.nextEval += config.evalEvery;
        agent.resetLatent(); // the evaluation used the agent's latent state
      }
      if (checkpoint && s.updates - lastCheckpointUpdates >= checkpoint.every) {
        s.rngs = { act: actRng.getState(), train: trainRng.getState(), env: env.rngState() };
        s.actorCriticUpdates = agent.actorCritic.updates;
        await agent.withCheckpointTensors(undefined, (tensors) =>
          saveJobCheckpoint(checkpoint.dir, { state: s, tensors, replay }),
        );
        lastCheckpointUpdates = s.updates;
      }
      step = env.reset();
      continue;
    }
    let action: Float32Array;
    if (planner && s.frame >= config.mpcFromFrame) {
      const t0 = performance.now();
      const planned = planner.plan(
        agent.worldModel,
        agent.actorCritic,
        latent,
        {
          isFirst: step.isFirst,
          evalMode: false,
          discount: config.agent.discount,
          lambda: config.agent.lambda,
        },
        actRng,
      );
      s.plannerSeconds += (performance.now() - t0) / 1000;
      s.plannedActions += 1;
      s.latentSteps += planned.latentSteps;
      action = planned.action;
    } else {
      action = agent.actorAction('sample', actRng);
    }
    step = env.step(action);
    s.episodeReturn += step.reward;
    s.frame += env.actionRepeat;
    s.agentStep += 1;
    if (
      s.frame >= config.finetuneSeedFrames &&
      s.agentStep % updateEvery === 0 &&
      replay.completedEpisodes > 0
    ) {
      const t0 = performance.now();
      const metrics = agent.update(
        replay,
        undefined,
        {
          gradHeads: condition.gradHeads,
          trainReward: true,
          frozen: condition.freezeWorldModel,
          trainActorCritic,
          trainActor: true,
        },
        trainRng,
      );
      s.updateSeconds += (performance.now() - t0) / 1000;
      s.updates += 1;
      if (Object.values(metrics).some((value) => !Number.isFinite(value))) s.finiteLosses = false;
    }
  }
  const final = evaluate(evalEnv, agent, evalOptions(condition.mpc), rng.split('evalFinal'));
  record(s.frame, final);
  const openLoop = finalOpenLoop(agent, replay, config, rng.split('openLoop'));
  agent.dispose();
  env.dispose();
  evalEnv.dispose();
  return {
    task,
    condition: condition.name,
    seed,
    finalScore: final.score,
    finalReturn: final.meanReturn,
    initialScore: s.initialScore,
    evaluations: s.evaluations,
    trainEpisodes: s.trainEpisodes,
    rewardR2: final.rewardR2,
    openLoop,
    finiteLosses: s.finiteLosses,
    updates: s.updates,
    plannedActions: s.plannedActions + final.plannedActions,
    plannerSeconds: s.plannerSeconds,
    latentStepsPerAction: s.plannedActions > 0 ? s.latentSteps / s.plannedActions : 0,
    secondsPerUpdate: s.updates > 0 ? s.updateSeconds / s.updates : 0,
    wallSeconds: (performance.now() - started) / 1000,
    resumedFromFrame,
  };
}

/** Open-loop error on chunks of the FT replay (official video_pred: 5 context steps, then the prior). */
function finalOpenLoop(
  agent: Agent,
  replay: Replay,
  config: StudyConfig,
  rng: Rng,
): FinetuneResult['openLoop'] {
  const { batchSize, batchLength } = config.agent;
  const context = Math.min(openLoopContext, batchLength - 1);
  if (replay.completedEpisodes === 0) return { model: Number.NaN, copyLast: Number.NaN, steps: 0 };
  const batch = replay.sample(batchSize, batchLength, rng);
  const error = openLoopError(agent.worldModel, batch, context, rng);
  disposeBatch(batch);
  return error;
}
