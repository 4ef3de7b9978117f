// Stage B's pool jobs (issue 16, point 2): the grid cut into groups of one shape (task, variant, H),
// at most modelsPerJob models each, longest first; and the group size's validation.
import { InputError, parseSetFlags, runExperiment } from 'lab';
import { describe, expect, test } from 'vitest';
import { Config, modelGrid, presets, trainStepsFor } from '../src/config.js';
import { experiment } from '../src/experiment.js';
import { evenChunks, modelGroups, reportOrder, shapeKey } from '../src/model-groups.js';

describe('model groups', () => {
  test('default: 9 jobs, each of one shape, covering the grid once, longest first', () => {
    const config = Config.parse(presets.default);
    const groups = modelGroups(config);
    // CFG: TFBind8 and NK at H64 and H128 (4 models each), the two bumps tasks at H128 (4 each);
    // c.g.: TFBind8 at H64 and H128 (2 each), bumps at H128 (2). In model-steps: bumps CFG 24k each,
    // then 12k (bumps c.g. first among them: H128 and c.g.), then TFBind8 c.g. 6k each.
    expect(groups.map((g) => g.length)).toEqual([4, 4, 2, 4, 4, 4, 4, 2, 2]);
    expect(groups[2]![0]!.id).toBe('manifold-bumps-d32-v0/cg/H128/tau1/s0');
    for (const group of groups) expect(new Set(group.map(shapeKey)).size).toBe(1);
    expect(
      groups
        .flat()
        .map((spec) => spec.id)
        .sort(),
    ).toEqual(
      modelGrid(config)
        .map((spec) => spec.id)
        .sort(),
    );
    const cost = groups.map((g) => g.length * trainStepsFor(config, g[0]!.task));
    expect(cost).toEqual([...cost].sort((a, b) => b - a));
    expect(groups[0]![0]!.task).toMatch(/^manifold-bumps/); // 4 models × 6,000 steps
  });

  test('smoke: four CFG pairs and the lone c.g. model, five jobs', () => {
    const groups = modelGroups(Config.parse(presets.smoke));
    expect(groups.map((g) => g.length).sort()).toEqual([1, 2, 2, 2, 2]);
  });

  test('a shape group larger than modelsPerJob splits into near-equal jobs', () => {
    expect(evenChunks([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([
      [1, 2, 3],
      [4, 5],
      [6, 7],
    ]);
    expect(evenChunks([1, 2, 3, 4], 4)).toEqual([[1, 2, 3, 4]]);
    const threeSeeds = Config.parse({ ...presets.default, seeds: 3 }); // 2 τ × 3 seeds = 6 per shape
    const groups = modelGroups(threeSeeds);
    expect(Math.max(...groups.map((g) => g.length))).toBeLessThanOrEqual(4);
    expect(groups.filter((g) => g[0]!.variant === 'cfg').map((g) => g.length)).toEqual(new Array(12).fill(3));
    const one = modelGroups(Config.parse({ ...presets.smoke, modelsPerJob: 1 }));
    expect(one).toHaveLength(9);
  });

  test('results keep the order of the one-model jobs', () => {
    const config = Config.parse(presets.smoke);
    expect(reportOrder(config)).toHaveLength(9);
    expect(reportOrder(config)[0]).toBe('tfbind8-v0/cg/H32/tau1/s0');
  });
});

describe('modelsPerJob validation', () => {
  const messages = (modelsPerJob: unknown) =>
    Config.safeParse({ modelsPerJob }).error?.issues.map((issue) => issue.message) ?? [];

  test('0, negative and non-integer group sizes are refused, naming the field', () => {
    for (const bad of [0, -2, 2.5, Number.NaN, '4']) {
      const found = messages(bad);
      expect(found.length, String(bad)).toBeGreaterThan(0);
      for (const message of found) expect(message, String(bad)).toMatch(/modelsPerJob/);
    }
    expect(messages(0)).toEqual(['modelsPerJob must be ≥ 1: each pool job trains at least one model']);
    expect(messages(2.5)).toEqual([
      'modelsPerJob must be a whole number of models (≥ 1) trained as one per pool job',
    ]);
    expect(messages(1)).toEqual([]);
    expect(Config.parse({}).modelsPerJob).toBe(4);
  });

  test('a bad --set modelsPerJob is an InputError naming the key', async () => {
    await expect(
      runExperiment(experiment, {
        preset: 'smoke',
        overrides: parseSetFlags(Config, ['modelsPerJob=0']),
        outRoot: '/tmp/mbo-never-written',
        logSinks: [],
        interactive: false,
      }),
    ).rejects.toThrow(InputError);
    await expect(
      runExperiment(experiment, {
        preset: 'smoke',
        overrides: parseSetFlags(Config, ['modelsPerJob=1.5']),
        outRoot: '/tmp/mbo-never-written',
        logSinks: [],
        interactive: false,
      }),
    ).rejects.toThrow(/modelsPerJob/);
  });
});
