// The model grid of brief §5.1 with issue 16's per-task sizes: a task's own widths and steps
// replace the global ones, and checkpoints keep their count when a task trains longer.
import { describe, expect, test } from 'vitest';
import { Config, checkpointSteps, modelGrid, presets, widthsFor } from '../src/config.js';

describe('model grid', () => {
  const config = Config.parse(presets.default);

  test('default: bumps train only at H128, the other tasks at H64 and H128', () => {
    expect(widthsFor(config, 'manifold-bumps-d32-v0')).toEqual([128]);
    expect(widthsFor(config, 'tfbind8-v0')).toEqual([64, 128]);
    const bumps = modelGrid(config).filter((m) => m.task.startsWith('manifold-bumps'));
    expect(new Set(bumps.map((m) => m.width))).toEqual(new Set([128]));
    // 2 bumps tasks × 2 τ × 2 seeds (CFG) + 2 seeds (c.g. on the clean bumps task)
    expect(bumps).toHaveLength(10);
  });

  test('a task that trains longer keeps three checkpoints', () => {
    expect(checkpointSteps(config, 'tfbind8-v0')).toEqual([1000, 2000, 3000]);
    expect(checkpointSteps(config, 'manifold-bumps-d32-v0')).toEqual([2000, 4000, 6000]);
  });

  test('the Ehrlich task joins no preset: smoke, default and paper grids are as before it existed', () => {
    // issue 16, point 6: the grids computed from the four tasks the presets ran before Ehrlich existed
    const fourTasks = ['tfbind8-v0', 'nk-l8q4k2-v0', 'manifold-bumps-d32-v0', 'manifold-bumps-noisy-d32-v0'];
    const sizes = { smoke: 9, default: 30, paper: 120 };
    for (const name of ['smoke', 'default', 'paper'] as const) {
      const now = Config.parse(presets[name]);
      const before = Config.parse({ cgTasks: fourTasks, ...presets[name], cfgTasks: fourTasks });
      expect(modelGrid(now).map((m) => m.id)).toEqual(modelGrid(before).map((m) => m.id));
      expect(modelGrid(now)).toHaveLength(sizes[name]);
      expect([...now.cfgTasks, ...now.cgTasks]).not.toContain('ehrlich-v16-l32-c4-k4-v0');
    }
  });

  test('the Ehrlich task is reachable through cfgTasks', () => {
    const ehrlichOnly = Config.parse({
      ...presets.default,
      cfgTasks: ['ehrlich-v16-l32-c4-k4-v0'],
      cgTasks: [],
    });
    // 2 widths × 2 τ × 2 seeds
    expect(modelGrid(ehrlichOnly).map((m) => m.id)).toHaveLength(8);
    expect(modelGrid(ehrlichOnly)[0]!.id).toBe('ehrlich-v16-l32-c4-k4-v0/cfg/H64/tau0.1/s0');
  });

  test('a bad per-task width names the key', () => {
    const parsed = Config.safeParse({ ...presets.default, taskWidths: { 'tfbind8-v0': [2] } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/taskWidths/);
  });
});
