// Evaluation episodes (brief §5, §7): the actor's mean action, or the planner without final noise.
// Also collects reward-head predictions on these held-out transitions for the R² health check.
import { Rng, tf } from 'core-tensor';
import type { Environment } from '../env/environment.js';
import { maxReturn } from '../env/task.js';
import type { DynaMpcPlanner } from '../planner/dyna-mpc.js';
import type { Agent } from './agent.js';

export interface Evaluation {
  meanReturn: number;
  score: number; // meanReturn ÷ maximum attainable return (§7 [ours])
  returns: number[];
  rewardR2: number;
  plannedActions: number;
}

/** R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)². */
export function rSquared(actual: readonly number[], predicted: readonly number[]): number {
  const mean = actual.reduce((a, b) => a + b, 0) / Math.max(1, actual.length);
  let residual = 0;
  let total = 0;
  actual.forEach((y, i) => {
    residual += (y - predicted[i]!) ** 2;
    total += (y - mean) ** 2;
  });
  return total > 0 ? 1 - residual / total : Number.NaN;
}

/** Normalised score = return ÷ maximum return of the task's domain. */
export function normalisedScore(episodeReturn: number, domain: keyof typeof maxReturn): number {
  return episodeReturn / maxReturn[domain];
}

export function evaluate(
  env: Environment,
  agent: Agent,
  options: { episodes: number; seed: number; planner?: DynaMpcPlanner; discount: number; lambda: number },
  rng: Rng,
): Evaluation {
  env.seed(options.seed); // the same evaluation episodes for every condition of a (task, seed)
  const evalRng = new Rng(options.seed).split(`eval-${rng.int(1 << 30)}`);
  const returns: number[] = [];
  const actual: number[] = [];
  const predicted: number[] = [];
  let plannedActions = 0;
  for (let episode = 0; episode < options.episodes; episode++) {
    let step = env.reset();
    let total = 0;
    agent.resetLatent();
    options.planner?.reset();
    while (!step.isLast) {
      const latent = agent.observe(step, evalRng);
      if (!step.isFirst) {
        actual.push(step.reward);
        const prediction = tf.tidy(() => agent.worldModel.reward(agent.worldModel.rssm.feature(latent)));
        predicted.push(prediction.dataSync()[0]!);
        prediction.dispose();
      }
      const action = options.planner
        ? options.planner.plan(
            agent.worldModel,
            agent.actorCritic,
            latent,
            { isFirst: step.isFirst, evalMode: true, discount: options.discount, lambda: options.lambda },
            evalRng,
          ).action
        : agent.actorAction('mean', evalRng);
      if (options.planner) plannedActions += 1;
      step = env.step(action);
      total += step.reward;
    }
    returns.push(total);
  }
  const meanReturn = returns.reduce((a, b) => a + b, 0) / returns.length;
  return {
    meanReturn,
    score: normalisedScore(meanReturn, env.physics.domain),
    returns,
    rewardR2: rSquared(actual, predicted),
    plannedActions,
  };
}
