import { initBackend, Rng } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { AgentConfig } from '../src/config.js';
import { makeEnv } from '../src/env/environment.js';
import { Agent } from '../src/loops/agent.js';
import { Replay } from '../src/replay.js';

beforeAll(async () => {
  await initBackend('wasm');
});

const config = AgentConfig.parse({
  obs: 'states',
  model: {
    deterministic: 8,
    hidden: 8,
    stochastic: 2,
    classes: 3,
    mlpLayers: 1,
    mlpUnits: 16,
    encoderLayers: 1,
    encoderUnits: 16,
  },
  batchSize: 2,
  batchLength: 8,
  horizon: 3,
});

async function trace(seed: number) {
  const env = await makeEnv('reach4_top_left', { seed });
  const rng = new Rng(seed);
  const replay = new Replay(env.observationShape, env.actionSize);
  const observations: number[] = [];
  let step = env.reset();
  for (let i = 0; i < 1000; i++) {
    replay.add(step);
    observations.push(...step.observation);
    step = step.isLast ? env.reset() : env.step([rng.uniform(-1, 1), rng.uniform(-1, 1)]);
  }
  const agent = new Agent(
    env.observationShape,
    env.actionSize,
    config,
    1e-4,
    1,
    new Rng(seed).split('agent'),
  );
  const losses: number[] = [];
  const trainRng = new Rng(seed).split('train');
  for (let i = 0; i < 10; i++) {
    const metrics = agent.update(
      replay,
      undefined,
      {
        gradHeads: ['decoder', 'reward'],
        trainReward: true,
        frozen: false,
        trainActorCritic: true,
        trainActor: true,
      },
      trainRng,
    );
    losses.push(metrics.modelLoss!, metrics.actorLoss!, metrics.criticLoss!);
  }
  agent.dispose();
  env.dispose();
  return { observations, losses };
}

describe('determinism (brief §11)', () => {
  test('same seed, same backend → identical first 1000 env steps and first 10 losses', async () => {
    const a = await trace(3);
    const b = await trace(3);
    expect(a.observations).toEqual(b.observations);
    expect(a.losses).toEqual(b.losses);
    expect(a.losses.every(Number.isFinite)).toBe(true);
    const c = await trace(4);
    expect(c.losses).not.toEqual(a.losses);
  });
});
