import { initBackend, Rng, tf } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ActorCritic } from '../src/agent/actor-critic.js';
import { PlannerConfig } from '../src/config.js';
import type { LatentState } from '../src/model/rssm.js';
import type { WorldModel } from '../src/model/world-model.js';
import { candidateCount, DynaMpcPlanner, eliteWeights, refit, shiftedMean } from '../src/planner/dyna-mpc.js';

beforeAll(async () => {
  await initBackend('wasm');
});

/**
 * A stub world model: a 1-D double integrator in the latent h = [position, velocity] (z unused),
 * reward −position², deterministic prior step. Enough for the planner, which only calls
 * rssm.imagineStep, rssm.feature and reward.
 */
function doubleIntegrator(): { worldModel: WorldModel; actorCritic: ActorCritic } {
  const dt = 0.5;
  const rssm = {
    imagineStep: (state: LatentState, action: tf.Tensor2D) =>
      tf.tidy(() => {
        const position = state.h.slice([0, 0], [-1, 1]);
        const velocity = state.h.slice([0, 1], [-1, 1]).add(action.mul(dt));
        return {
          h: tf.concat([position.add(velocity.mul(dt)), velocity], 1) as tf.Tensor2D,
          z: state.z.clone(),
        };
      }),
    feature: (state: LatentState) => tf.concat([state.z, state.h], 1),
  };
  const worldModel = {
    rssm,
    reward: (f: tf.Tensor) => tf.tidy(() => f.slice([0, 0, 1], [-1, -1, 1]).squeeze([-1]).square().neg()),
  } as unknown as WorldModel;
  const actorCritic = {
    slowCritic: { apply: (f: tf.Tensor) => tf.zerosLike(f.slice([0, 0, 0], [-1, -1, 1])) },
    imagine: (_rssm: unknown, start: LatentState, horizon: number) => ({
      imagination: { actions: tf.zeros([horizon + 1, start.h.shape[0], 1]) },
      entropy: tf.zeros([horizon, start.h.shape[0]]),
    }),
  } as unknown as ActorCritic;
  return { worldModel, actorCritic };
}

function rollout(policy: (position: number, velocity: number) => number, steps: number): number {
  let position = 1;
  let velocity = 0;
  let total = 0;
  for (let t = 0; t < steps; t++) {
    const action = Math.max(-1, Math.min(1, policy(position, velocity)));
    velocity += action * 0.5;
    position += velocity * 0.5;
    total -= position * position;
  }
  return total;
}

describe('Dyna-MPC (brief §6, §11)', () => {
  const config = PlannerConfig.parse({
    numSamples: 64,
    mixtureCoef: 0.125,
    numElites: 8,
    iterations: 6,
    horizon: 5,
  });

  test('candidate count = numSamples + floor(mixtureCoef·numSamples)', () => {
    expect(candidateCount(config)).toBe(72);
    expect(candidateCount(PlannerConfig.parse({}))).toBe(537);
  });

  test('elite weights sum to 1 and follow exp(temperature·(G − max G))', () => {
    const w = eliteWeights([1, 2, 3], 0.5);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(w[2]! / w[1]!).toBeCloseTo(Math.exp(0.5), 12);
  });

  test('std clipped to [minStd, 2]; weighted mean', () => {
    const elites = [Float32Array.from([0, -10]), Float32Array.from([0, 10])];
    const { mean, std } = refit(elites, [0.5, 0.5], 0.1, 2);
    expect(Array.from(mean)).toEqual([0, 0]);
    expect(std[0]).toBeCloseTo(0.1, 6);
    expect(std[1]).toBe(2);
  });

  test('warm start shifts the previous mean, last row zero; none without a previous mean', () => {
    expect(Array.from(shiftedMean(Float32Array.from([1, 2, 3, 4, 5, 6]), 3, 2))).toEqual([3, 4, 5, 6, 0, 0]);
    expect(Array.from(shiftedMean(undefined, 3, 2))).toEqual([0, 0, 0, 0, 0, 0]);
  });

  test('value returns V_1 (hand check with constant rewards and values)', () => {
    // reward −p² at constant p = 2 (zero velocity, zero actions) → r = −4; values 0; γ = 0.5, λ = 1:
    // V_1 = r_1 + γ r_2 + γ² r_3 + γ³ r_4 + γ⁴ v_5 = −4·(1 + 0.5 + 0.25 + 0.125) = −7.5
    const { worldModel, actorCritic } = doubleIntegrator();
    const planner = new DynaMpcPlanner(config, 1);
    const start = { h: tf.tensor2d([[2, 0]]), z: tf.zeros([1, 1]) } as LatentState;
    const value = planner.value(
      worldModel,
      actorCritic,
      start,
      tf.zeros([3, 5, 1]) as tf.Tensor3D,
      new Rng(0),
      0.5,
      1,
    );
    Array.from(value.dataSync()).forEach((v) => {
      expect(v).toBeCloseTo(-7.5, 5);
    });
  });

  test('useValue: false scores with rewards only (v_t = 0)', () => {
    const { worldModel, actorCritic } = doubleIntegrator();
    const withCritic = {
      ...actorCritic,
      slowCritic: { apply: (f: tf.Tensor) => tf.onesLike(f.slice([0, 0, 0], [-1, -1, 1])).mul(100) },
    } as unknown as ActorCritic;
    const start = { h: tf.tensor2d([[2, 0]]), z: tf.zeros([1, 1]) } as LatentState;
    const actions = tf.zeros([1, 5, 1]) as tf.Tensor3D;
    const pure = new DynaMpcPlanner(PlannerConfig.parse({ ...config, useValue: false }), 1);
    const valued = new DynaMpcPlanner(config, 1);
    expect(pure.value(worldModel, withCritic, start, actions, new Rng(0), 0.5, 1).dataSync()[0]).toBeCloseTo(
      -7.5,
      5,
    );
    // with the critic: −7.5 + γ⁴·100 = −1.25
    expect(
      valued.value(worldModel, withCritic, start, actions, new Rng(0), 0.5, 1).dataSync()[0],
    ).toBeCloseTo(-1.25, 5);
  });

  test('on a double integrator with reward −x², the planner beats zero and random actions', () => {
    const { worldModel, actorCritic } = doubleIntegrator();
    const planner = new DynaMpcPlanner(config, 1);
    const rng = new Rng(3);
    const planned = rollout((position, velocity) => {
      const start = { h: tf.tensor2d([[position, velocity]]), z: tf.zeros([1, 1]) } as LatentState;
      const { action } = planner.plan(
        worldModel,
        actorCritic,
        start,
        { isFirst: false, evalMode: true, discount: 0.99, lambda: 0.95 },
        rng,
      );
      tf.dispose([start.h, start.z]);
      return action[0]!;
    }, 20);
    const zero = rollout(() => 0, 20);
    const random = rollout(() => rng.uniform(-1, 1), 20);
    expect(planned).toBeGreaterThan(zero);
    expect(planned).toBeGreaterThan(random);
  });

  test('bad planner settings are named', () => {
    expect(() => new DynaMpcPlanner(PlannerConfig.parse({ horizon: 1 }), 1)).toThrow(
      /horizon 1 must be >= 2/,
    );
    expect(() => new DynaMpcPlanner(PlannerConfig.parse({ numSamples: 4, numElites: 10 }), 1)).toThrow(
      /numElites 10 exceeds/,
    );
  });
});
