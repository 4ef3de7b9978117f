import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, Rng } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { makeEnv } from '../src/env/environment.js';
import { Replay } from '../src/replay.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('replay (brief §3.2, §11)', () => {
  test('first action zero, reset reward 0, is_first at episode starts, completed episodes only, chunk length T', async () => {
    const env = await makeEnv('reach4_top_left', { seed: 0 });
    const replay = new Replay(env.observationShape, env.actionSize);
    const rng = new Rng(1);
    let step = env.reset();
    replay.add(step);
    for (let i = 0; i < 10; i++) {
      step = env.step([rng.uniform(-1, 1), rng.uniform(-1, 1)]);
      replay.add(step);
    }
    expect(() => replay.sample(2, 4, rng)).toThrow(/no completed episode of at least 4 steps/);
    while (!step.isLast) {
      step = env.step([rng.uniform(-1, 1), rng.uniform(-1, 1)]);
      replay.add(step);
    }
    expect(replay.completedEpisodes).toBe(1);
    expect(replay.size).toBe(126); // reset + 125 agent steps
    // Chunks covering the start: the first row has is_first = 1, a zero action and reward 0.
    let sawStart = false;
    for (let attempt = 0; attempt < 200 && !sawStart; attempt++) {
      const batch = replay.sample(4, 8, rng);
      expect(batch.observations.shape).toEqual([4, 8, 8]);
      const isFirst = batch.isFirst.arraySync();
      const actions = batch.actions.arraySync();
      const rewards = batch.rewards.arraySync();
      isFirst.forEach((row, b) => {
        row.forEach((flag, t) => {
          if (flag === 1) {
            sawStart = true;
            expect(t).toBe(0);
            expect(actions[b]![t]).toEqual([0, 0]);
            expect(rewards[b]![t]).toBe(0);
          }
        });
      });
    }
    expect(sawStart).toBe(true);
    env.dispose();
  });

  test('binary save/load round-trips pixels as uint8 and rejects a different shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const replay = new Replay([2, 2, 3], 1);
    const frame = (v: number) => Uint8Array.from({ length: 12 }, (_, i) => (v + i) % 256);
    replay.add({
      observation: frame(1),
      action: Float32Array.from([0]),
      reward: 0,
      isFirst: true,
      isLast: false,
      isTerminal: false,
    });
    replay.add({
      observation: frame(200),
      action: Float32Array.from([-0.5]),
      reward: 2.5,
      isFirst: false,
      isLast: true,
      isTerminal: false,
    });
    replay.save(dir);
    const copy = new Replay([2, 2, 3], 1);
    copy.load(dir);
    expect(copy.toState()).toEqual(replay.toState());
    expect(() => new Replay([4], 1).load(dir)).toThrow(
      /holds observations \[2,2,3\] and 1 actions; expected \[4\]/,
    );
    rmSync(dir, { recursive: true });
  });

  test('replay state round-trips for checkpoints', () => {
    const replay = new Replay([2], 1);
    replay.add({
      observation: Float32Array.from([1, 2]),
      action: Float32Array.from([0]),
      reward: 0,
      isFirst: true,
      isLast: false,
      isTerminal: false,
    });
    replay.add({
      observation: Float32Array.from([3, 4]),
      action: Float32Array.from([0.5]),
      reward: 1,
      isFirst: false,
      isLast: true,
      isTerminal: false,
    });
    const copy = new Replay([2], 1);
    copy.loadState(replay.toState());
    expect(copy.toState()).toEqual(replay.toState());
  });
});
