// The 'limited' config's report row (issue 17 point 7): task coverage is the share of train tasks
// with at least one kept (successful) limited-expert trace, and success rates are split by it.
import { expect, test } from 'vitest';
import { WebAgentsConfig } from '../src/config.js';
import type { Episode } from '../src/data/trace.js';
import { experiment } from '../src/experiment.js';
import { limitedCoverage } from '../src/pipeline/limited-coverage.js';
import { onlinePlan } from '../src/pipeline/online-plan.js';
import { clickEpisode } from './study-fixtures.js';

const episode = (
  task: string,
  seed: number,
  success: 0 | 1,
  policy = 'limited',
  ckpt: string | null = null,
) => ({ ...clickEpisode(seed, 1), task, success, policy, ckpt, evalMode: ckpt ? 'think' : null }) as Episode;

test('coverage counts tasks with ≥ 1 kept trace; SR is split into covered and missing tasks', () => {
  const collected = [episode('a', 0, 1), episode('a', 1, 0), episode('b', 0, 0), episode('c', 0, 1)];
  const evalEps = [
    episode('a', 9, 1, 'limited', 'final'),
    episode('b', 9, 0, 'limited', 'final'),
    episode('c', 9, 1, 'limited', 'final'),
    episode('b', 9, 1, 'oracle', 'final'),
  ];
  const config = WebAgentsConfig.parse({ configs: ['oracle', 'limited'] });
  const of = (cfg: string, ckpt: string, mode: string, tasks: readonly string[]) =>
    evalEps.filter(
      (e) => e.policy === cfg && e.ckpt === ckpt && e.evalMode === mode && tasks.includes(e.task),
    );
  const c = limitedCoverage(collected, ['a', 'b', 'c'], 5, config, of);
  expect(c).toMatchObject({ tasks: 3, covered: ['a', 'c'], missing: ['b'], attempted: 4, kept: 2 });
  expect(c.coverage).toBeCloseTo(2 / 3);
  expect(c.sr).toEqual({ all: 2 / 3, covered: 1, missing: 0 });
  expect(c.oracleSr).toEqual({ all: 1, covered: null, missing: 1 });
});

test("'limited' is opt-in: not in the default configs; when chosen its final model is evaluated online", () => {
  expect(WebAgentsConfig.parse({}).configs).not.toContain('limited');
  const config = WebAgentsConfig.parse({ configs: ['limited'] });
  const plan = onlinePlan({
    config,
    runDir: '/r',
    train: ['click-button'],
    heldOut: [],
    trainedConfigs: ['limited'],
  });
  expect(plan.some((o) => o.config === 'limited' && o.ckpt === 'final')).toBe(true);
});

test("the 'limited' preset is default with only the configs changed: 'limited' beside the 'oracle' it is read against", () => {
  // the student is the schema's default, `default`'s attention student
  const { default: base, limited } = experiment.presets;
  expect(limited?.configs).toEqual(['oracle', 'limited']);
  expect({ ...limited, configs: undefined }).toEqual({ ...base, student: undefined, configs: undefined });
});
