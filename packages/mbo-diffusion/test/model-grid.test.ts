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

  test('a bad per-task width names the key', () => {
    const parsed = Config.safeParse({ ...presets.default, taskWidths: { 'tfbind8-v0': [2] } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/taskWidths/);
  });
});
