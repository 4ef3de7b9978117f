import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { actionToControl, makeEnv } from '../src/env/environment.js';
import { defaultMjcfDir } from '../src/env/mujoco-loader.js';
import { objectId, sensorValues } from '../src/env/mujoco-types.js';

const randomActions = (size: number, count: number, seed: number) => {
  let state = seed;
  return Array.from({ length: count }, () =>
    Array.from({ length: size }, () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return (state / 2 ** 31) * 2 - 1;
    }),
  );
};

describe('environments (brief §2.3–§2.4, §11)', () => {
  test('observation sizes 24 / 78 / 8, action sizes 6 / 12 / 2, episode lengths 500 / 500 / 125', async () => {
    for (const [task, obs, act, length] of [
      ['walker_walk', 24, 6, 500],
      ['quadruped_walk', 78, 12, 500],
      ['reach4_top_left', 8, 2, 125],
    ] as const) {
      const env = await makeEnv(task, { seed: 1 });
      expect(env.observationShape).toEqual([obs]);
      expect(env.actionSize).toBe(act);
      let step = env.reset();
      expect(step.observation.length).toBe(obs);
      expect(step.isFirst).toBe(true);
      expect(step.reward).toBe(0);
      expect(Array.from(step.action)).toEqual(new Array(act).fill(0));
      let steps = 0;
      while (!step.isLast) {
        step = env.step(new Array(act).fill(0));
        steps += 1;
        expect(step.isTerminal).toBe(false);
      }
      expect(steps).toBe(length);
      env.dispose();
    }
  });

  test('walker observation order: xx, xz of bodies 1..7, torso height, qvel', async () => {
    const env = await makeEnv('walker_stand', { seed: 3 });
    env.reset();
    env.step([0.1, 0.2, 0.3, -0.1, -0.2, -0.3]);
    const { data, mj, model } = env.physics;
    const obs = env.physics.observation();
    const torso = objectId(mj, model, 'mjOBJ_BODY', 'torso');
    expect(obs[0]).toBeCloseTo(data.xmat[9]!, 6);
    expect(obs[1]).toBeCloseTo(data.xmat[11]!, 6);
    expect(obs[14]).toBeCloseTo(data.xpos[3 * torso + 2]!, 6);
    expect(obs[15]).toBeCloseTo(data.qvel[0]!, 5);
    env.dispose();
  });

  test('quadruped load-time edit: nq 23, 12 sensors, floor 10 (walk) or 100 (run)', async () => {
    for (const [task, floor] of [
      ['quadruped_walk', 10],
      ['quadruped_run', 100],
    ] as const) {
      const env = await makeEnv(task, { seed: 0 });
      const { model, mj } = env.physics;
      expect(model.nq).toBe(23);
      expect(model.nv).toBe(22);
      expect(model.nsensor).toBe(12);
      const floorId = objectId(mj, model, 'mjOBJ_GEOM', 'floor');
      expect(model.geom_size[3 * floorId]).toBeCloseTo(floor, 9);
      expect(() => objectId(mj, model, 'mjOBJ_GEOM', 'wall_px')).toThrow(/no geom named 'wall_px'/);
      env.dispose();
    }
  });

  test('reset determinism per seed; different seeds differ', async () => {
    const a = await makeEnv('walker_walk', { seed: 7 });
    const b = await makeEnv('walker_walk', { seed: 7 });
    const c = await makeEnv('walker_walk', { seed: 8 });
    const first = Array.from(a.reset().observation);
    expect(first).toEqual(Array.from(b.reset().observation));
    expect(first).not.toEqual(Array.from(c.reset().observation));
    for (const action of randomActions(6, 20, 1))
      expect(Array.from(a.step(action).observation)).toEqual(Array.from(b.step(action).observation));
    for (const env of [a, b, c]) env.dispose();
  });

  test('action repeat sums the control-step rewards', async () => {
    const repeated = await makeEnv('reach4_top_left', { seed: 4, actionRepeat: 2 });
    const single = await makeEnv('reach4_top_left', { seed: 4, actionRepeat: 1 });
    repeated.reset();
    single.reset();
    const action = [0.3, -0.7];
    const summed = repeated.step(action).reward;
    const first = single.step(action).reward;
    const second = single.step(action).reward;
    expect(summed).toBeCloseTo(first + second, 10);
    expect(Array.from(repeated.physics.observation())).toEqual(Array.from(single.physics.observation()));
    repeated.dispose();
    single.dispose();
  });

  test('action mapping onto ctrlrange: quadruped lift −1 → −1, 0 → 0.05, 1 → 1.1', () => {
    expect(
      Array.from(actionToControl([-1, 0, 1], [-1, 1.1, -1, 1.1, -1, 1.1])).map((v) => Number(v.toFixed(12))),
    ).toEqual([-1, 0.05, 1.1]);
  });

  test('rewards and observations are read after mj_forward (sensor matches a fresh forward)', async () => {
    const env = await makeEnv('walker_walk', { seed: 2 });
    env.reset();
    for (const action of randomActions(6, 5, 3)) env.step(action);
    const { mj, model, data } = env.physics;
    const before = sensorValues(mj, model, data, 'torso_subtreelinvel');
    const reward = env.physics.reward();
    mj.mj_forward(model, data);
    expect(sensorValues(mj, model, data, 'torso_subtreelinvel')).toEqual(before);
    expect(env.physics.reward()).toBe(reward);
    env.dispose();
  });

  test('reach4 places the target at its task coordinates', async () => {
    const env = await makeEnv('reach4_bottom_right', { seed: 0 });
    env.reset();
    const { mj, model, data } = env.physics;
    const target = objectId(mj, model, 'mjOBJ_GEOM', 'target');
    expect(data.geom_xpos[3 * target]).toBeCloseTo(0.09, 9);
    expect(data.geom_xpos[3 * target + 1]).toBeCloseTo(-0.09, 9);
    env.dispose();
  });

  test('bad input: unknown task, wrong action length, bad obs kind', async () => {
    await expect(makeEnv('walker_dance')).rejects.toThrow(
      /unknown task 'walker_dance'; valid tasks are walker_stand/,
    );
    const env = await makeEnv('reach4_top_left');
    env.reset();
    expect(() => env.step([0])).toThrow(/action has 1 values; reach4_top_left takes 2/);
    env.dispose();
    await expect(makeEnv('reach4_top_left', { obs: 'rgb' as 'pixels' })).rejects.toThrow(
      /obs 'rgb' is not valid/,
    );
  });

  test('a missing model file names the file and the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mjcf-'));
    await expect(makeEnv('walker_walk', { mjcfDir: dir })).rejects.toThrow(
      new RegExp(`'walker.xml' is missing: looked in '${dir}`),
    );
    rmSync(dir, { recursive: true });
  });

  test('a malformed model file gets a clear error naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mjcf-'));
    cpSync(defaultMjcfDir, dir, { recursive: true });
    writeFileSync(
      join(dir, 'reacher.xml'),
      '<mujoco><worldbody><geom type="nonsense"/></worldbody></mujoco>',
    );
    await expect(makeEnv('reach4_top_left', { mjcfDir: dir })).rejects.toThrow(
      /could not compile '.*reacher\.xml' \(malformed MJCF\?\)/,
    );
    rmSync(dir, { recursive: true });
  });
});
