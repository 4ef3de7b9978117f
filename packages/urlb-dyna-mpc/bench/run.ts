// Speed figures (brief §8.1, issue "Benchmark"): MuJoCo steps per second per model, ray-cast frame
// time, world-model update, actor-critic update and Dyna-MPC time per action for the default
// preset's tiny model, each also as a ratio to a plain MLP training step timed in the same run.
// CPU time of this process (wasm is single-threaded). Numbers, never pass/fail. Usage: pnpm bench [-- --quick]
import { Adam, initBackend, Mlp, Rng, tf } from 'core-tensor';
import { AgentConfig, PlannerConfig } from '../src/config.js';
import { makeEnv } from '../src/env/environment.js';
import { experiment } from '../src/experiment.js';
import { LbsReward } from '../src/intrinsic/lbs.js';
import { Agent } from '../src/loops/agent.js';
import { DynaMpcPlanner } from '../src/planner/dyna-mpc.js';
import { Replay } from '../src/replay.js';

const quick = process.argv.includes('--quick');
const repeats = quick ? 3 : 10;

/** CPU seconds per call (user + system of this process): stable on a shared machine, unlike wall time. */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

function timeIt(runs: number, fn: () => void): number {
  fn(); // warm-up
  const t0 = cpuSeconds();
  for (let i = 0; i < runs; i++) fn();
  return (cpuSeconds() - t0) / runs;
}

const backend = await initBackend();
console.log(`backend: ${backend.name}`);
const rows: { quantity: string; value: string; ratioToMlpStep: string }[] = [];

// Reference: a plain 3-layer 256-unit MLP training step at batch 256.
const rng = new Rng(0);
const mlp = new Mlp([64, 256, 256, 1], rng.split('mlp'));
const adam = new Adam({ learningRate: 1e-3 });
const x = tf.randomNormal([256, 64]);
const y = tf.randomNormal([256, 1]);
const mlpStep = timeIt(repeats * 3, () => {
  adam.minimize(() => mlp.apply(x).sub(y).square().mean() as tf.Scalar, mlp.variables());
});
rows.push({
  quantity: 'reference MLP training step (s)',
  value: mlpStep.toExponential(3),
  ratioToMlpStep: '1',
});

// Physics: agent steps of random actions, reported as MuJoCo steps per second.
for (const task of ['walker_walk', 'quadruped_walk', 'reach4_top_left'] as const) {
  const env = await makeEnv(task, { seed: 0 });
  env.reset();
  const steps = quick ? 200 : 1000;
  const t0 = cpuSeconds();
  for (let i = 0; i < steps; i++) {
    const step = env.step(Array.from({ length: env.actionSize }, () => Math.random() * 2 - 1));
    if (step.isLast) env.reset();
  }
  const seconds = cpuSeconds() - t0;
  const mujocoSteps = steps * env.actionRepeat * env.physics.subSteps;
  rows.push({
    quantity: `${task.split('_')[0]} MuJoCo steps/s (with rewards, obs)`,
    value: (mujocoSteps / seconds).toFixed(0),
    ratioToMlpStep: '',
  });
  const render = timeIt(quick ? 5 : 20, () => env.render(64));
  rows.push({
    quantity: `${task.split('_')[0]} ray-cast 64×64 frame (ms)`,
    value: (render * 1000).toFixed(2),
    ratioToMlpStep: (render / mlpStep).toFixed(2),
  });
  env.dispose();
}

// Learning costs at the default preset's sizes, on reach4 states.
const resolved = experiment.presets.default as { agent: unknown; planner: unknown };
const agentConfig = AgentConfig.parse(resolved.agent);
const plannerConfig = PlannerConfig.parse(resolved.planner);
const env = await makeEnv('reach4_top_left', { seed: 0 });
const replay = new Replay(env.observationShape, env.actionSize);
for (let episode = 0; episode < 3; episode++) {
  let step = env.reset();
  replay.add(step);
  while (!step.isLast) {
    step = env.step(Array.from({ length: env.actionSize }, () => Math.random() * 2 - 1));
    replay.add(step);
  }
}
const agent = new Agent(env.observationShape, env.actionSize, agentConfig, 1e-4, 0.95, rng.split('agent'));
const lbs = new LbsReward(agent.worldModel.featureSize, agentConfig, rng.split('lbs'));
const trainRng = rng.split('train');
const wmOnly = {
  gradHeads: ['decoder', 'reward'] as ('decoder' | 'reward')[],
  trainReward: true,
  frozen: false,
  trainActorCritic: false,
  trainActor: false,
};
const wmUpdate = timeIt(repeats, () => agent.update(replay, undefined, wmOnly, trainRng));
const fullUpdate = timeIt(repeats, () =>
  agent.update(replay, undefined, { ...wmOnly, trainActorCritic: true, trainActor: true }, trainRng),
);
const ptUpdate = timeIt(repeats, () =>
  agent.update(
    replay,
    lbs,
    { gradHeads: ['decoder'], trainReward: false, frozen: false, trainActorCritic: true, trainActor: true },
    trainRng,
  ),
);
rows.push({
  quantity: 'world-model update, default sizes (s)',
  value: wmUpdate.toFixed(3),
  ratioToMlpStep: (wmUpdate / mlpStep).toFixed(1),
});
rows.push({
  quantity: `actor-critic update, H ${agentConfig.horizon}, ${agentConfig.imagineStarts} starts (s)`,
  value: (fullUpdate - wmUpdate).toFixed(3),
  ratioToMlpStep: ((fullUpdate - wmUpdate) / mlpStep).toFixed(1),
});
rows.push({
  quantity: 'FT update (WM + actor-critic) (s)',
  value: fullUpdate.toFixed(3),
  ratioToMlpStep: (fullUpdate / mlpStep).toFixed(1),
});
rows.push({
  quantity: 'PT update with LBS (s)',
  value: ptUpdate.toFixed(3),
  ratioToMlpStep: (ptUpdate / mlpStep).toFixed(1),
});

const planner = new DynaMpcPlanner(plannerConfig, env.actionSize);
const first = env.reset();
const latent = agent.observe(first, trainRng);
let latentSteps = 0;
const planOptions = {
  isFirst: false,
  evalMode: false,
  discount: agentConfig.discount,
  lambda: agentConfig.lambda,
};
const planTime = timeIt(repeats, () => {
  latentSteps = planner.plan(agent.worldModel, agent.actorCritic, latent, planOptions, trainRng).latentSteps;
});
rows.push({
  quantity: `Dyna-MPC per action, ${plannerConfig.numSamples} + ${Math.floor(plannerConfig.mixtureCoef * plannerConfig.numSamples)} × ${plannerConfig.iterations} iterations, H ${plannerConfig.horizon} (s)`,
  value: planTime.toFixed(3),
  ratioToMlpStep: (planTime / mlpStep).toFixed(1),
});
rows.push({ quantity: 'Dyna-MPC latent steps per action', value: String(latentSteps), ratioToMlpStep: '' });
const official = new DynaMpcPlanner(PlannerConfig.parse({}), env.actionSize);
const officialTime = timeIt(quick ? 1 : 3, () =>
  official.plan(agent.worldModel, agent.actorCritic, latent, planOptions, trainRng),
);
rows.push({
  quantity: 'Dyna-MPC per action, official population 512 + 25 × 12, H 5 (s)',
  value: officialTime.toFixed(3),
  ratioToMlpStep: (officialTime / mlpStep).toFixed(1),
});
const actTime = timeIt(repeats * 5, () => {
  agent.observe(first, trainRng);
  agent.actorAction('mean', trainRng);
});
rows.push({
  quantity: 'actor action incl. posterior step (s)',
  value: actTime.toExponential(3),
  ratioToMlpStep: (actTime / mlpStep).toFixed(2),
});

// Projection of the default preset (brief §8.1 cost model), single process.
const defaults = experiment.presets.default as Record<string, number>;
const ptUpdates = (defaults.pretrainFrames! - defaults.pretrainRandomFrames!) / defaults.pretrainTrainEvery!;
const ftUpdates = (defaults.finetuneFrames! - defaults.finetuneSeedFrames!) / defaults.finetuneTrainEvery!;
// Planned actions: training steps from mpcFromFrame on, plus every evaluation at or after it
// (evalEpisodes × 125 reach4 agent steps each).
const plannerEvaluations = Math.floor(defaults.finetuneFrames! / defaults.evalEvery!);
const plannedActions =
  (defaults.finetuneFrames! - defaults.mpcFromFrame!) / 2 + plannerEvaluations * defaults.evalEpisodes! * 125;
const seeds = defaults.seeds!;
const tasks = (experiment.presets.default as { tasks: string[] }).tasks.length;
const projectedCpuSeconds =
  seeds * ptUpdates * ptUpdate +
  // scratch, pt-actor, pt-mpc and no-init-actor train everything; pt-frozen only the reward head
  tasks * seeds * (4 * ftUpdates * fullUpdate + ftUpdates * wmUpdate + plannedActions * planTime);
rows.push({
  quantity: 'default preset projection, CPU-s (one process)',
  value: projectedCpuSeconds.toFixed(0),
  ratioToMlpStep: '',
});
rows.push({
  quantity: 'default preset projection, wall min on 2 idle cores',
  value: (projectedCpuSeconds / 2 / 60).toFixed(1),
  ratioToMlpStep: '',
});

console.log('\n| quantity | value | ratio to MLP step |\n| --- | --- | --- |');
for (const row of rows) console.log(`| ${row.quantity} | ${row.value} | ${row.ratioToMlpStep} |`);
agent.dispose();
env.dispose();
