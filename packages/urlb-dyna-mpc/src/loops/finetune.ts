// Fine-tuning on a task (brief §5): init from a PT snapshot (or scratch), fresh replay, task-aware
// world-model updates (unless frozen), actor-critic on the reward head, acting with the actor or
// Dyna-MPC, evaluation at the scheduled frames.
import { Rng } from 'core-tensor';
import type { Condition, StudyConfig } from '../config.js';
import { makeEnv } from '../env/environment.js';
import { domainOf, type TaskName } from '../env/task.js';
import { DynaMpcPlanner } from '../planner/dyna-mpc.js';
import { Replay } from '../replay.js';
import { Agent } from './agent.js';
import { type Evaluation, evaluate, normalisedScore } from './evaluate.js';
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
  finiteLosses: boolean;
  updates: number;
  plannedActions: number;
  plannerSeconds: number;
  latentStepsPerAction: number;
  secondsPerUpdate: number;
  wallSeconds: number;
}

export async function finetune(
  config: StudyConfig,
  task: TaskName,
  condition: Condition,
  seed: number,
  snapshot: string | null,
  log: (message: string) => void = () => {},
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
  const trainActorCritic = !(condition.mpc && !config.planner.useValue);
  const replay = new Replay(env.observationShape, env.actionSize);
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
  const evaluations: FinetuneResult['evaluations'] = [];
  const record = (frame: number, evaluation: Evaluation) => {
    evaluations.push({ frame, score: evaluation.score, meanReturn: evaluation.meanReturn });
    log(
      `FT ${task}/${condition.name}/seed ${seed}: frame ${frame}, eval score ${evaluation.score.toFixed(3)}`,
    );
  };
  let initialScore: number | null = null;
  if (config.evalAtStart && !condition.mpc) {
    const first = evaluate(evalEnv, agent, evalOptions(false), rng.split('eval0'));
    initialScore = first.score;
    record(0, first);
  }
  const updateEvery = Math.max(1, Math.round(config.finetuneTrainEvery / env.actionRepeat));
  const trainEpisodes: FinetuneResult['trainEpisodes'] = [];
  let frame = 0;
  let updates = 0;
  let updateSeconds = 0;
  let plannerSeconds = 0;
  let plannedActions = 0;
  let latentSteps = 0;
  let finiteLosses = true;
  let episodeReturn = 0;
  let nextEval = config.evalEvery > 0 ? config.evalEvery : Number.POSITIVE_INFINITY;
  let step = env.reset();
  agent.resetLatent();
  for (let agentStep = 0; frame < config.finetuneFrames; agentStep++) {
    replay.add(step);
    const latent = agent.observe(step, actRng);
    let action: Float32Array;
    if (planner && frame >= config.mpcFromFrame) {
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
      plannerSeconds += (performance.now() - t0) / 1000;
      plannedActions += 1;
      latentSteps += planned.latentSteps;
      action = planned.action;
    } else {
      action = agent.actorAction('sample', actRng);
    }
    if (step.isLast) {
      trainEpisodes.push({ frame, score: normalisedScore(episodeReturn, domain) });
      episodeReturn = 0;
      step = env.reset();
      planner?.reset();
    } else {
      step = env.step(action);
      episodeReturn += step.reward;
      frame += env.actionRepeat;
    }
    if (frame >= config.finetuneSeedFrames && agentStep % updateEvery === 0 && replay.completedEpisodes > 0) {
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
      updateSeconds += (performance.now() - t0) / 1000;
      updates += 1;
      if (Object.values(metrics).some((value) => !Number.isFinite(value))) finiteLosses = false;
    }
    if (frame >= nextEval && frame < config.finetuneFrames) {
      record(
        frame,
        evaluate(
          evalEnv,
          agent,
          evalOptions(condition.mpc && frame >= config.mpcFromFrame),
          rng.split(`eval${frame}`),
        ),
      );
      nextEval += config.evalEvery;
      agent.resetLatent();
      step = env.reset();
      episodeReturn = 0;
    }
  }
  const final = evaluate(evalEnv, agent, evalOptions(condition.mpc), rng.split('evalFinal'));
  record(frame, final);
  plannerSeconds += 0;
  agent.dispose();
  env.dispose();
  evalEnv.dispose();
  return {
    task,
    condition: condition.name,
    seed,
    finalScore: final.score,
    finalReturn: final.meanReturn,
    initialScore,
    evaluations,
    trainEpisodes,
    rewardR2: final.rewardR2,
    finiteLosses,
    updates,
    plannedActions: plannedActions + final.plannedActions,
    plannerSeconds,
    latentStepsPerAction: plannedActions > 0 ? latentSteps / plannedActions : 0,
    secondsPerUpdate: updates > 0 ? updateSeconds / updates : 0,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
