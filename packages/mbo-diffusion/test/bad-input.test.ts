// Bad input gets a clear error naming the value and what is valid: config overrides, task options,
// designs and labels.
import { InputError, parseSetFlags, runExperiment } from 'lab';
import { describe, expect, test } from 'vitest';
import { Config } from '../src/config.js';
import { decodeArgmax, dnaToCode, LabelScaler } from '../src/encoding.js';
import { experiment } from '../src/experiment.js';
import { makeTask } from '../src/task.js';

describe('bad input', () => {
  test('a bad --set override names the key before anything runs', async () => {
    const run = runExperiment(experiment, {
      preset: 'smoke',
      overrides: parseSetFlags(Config, ['trainSteps=-5']),
      outRoot: '/tmp/mbo-never-written',
      logSinks: [],
      interactive: false,
    });
    await expect(run).rejects.toThrow(InputError);
    await expect(
      runExperiment(experiment, {
        preset: 'smoke',
        overrides: parseSetFlags(Config, ['cfgTasks=["no-such-task"]']),
        outRoot: '/tmp/mbo-never-written',
        logSinks: [],
        interactive: false,
      }),
    ).rejects.toThrow(/cfgTasks/);
  });

  test('the schema rejects unknown keys and out-of-range values', () => {
    expect(() => Config.parse({ trainStepz: 3 })).toThrow(/trainStepz/);
    expect(() => Config.parse({ labelDropouts: [1.5] })).toThrow();
    expect(() => Config.parse({ schedule: 'quadratic' })).toThrow(/cosine/);
  });

  test('task options, sequences, designs and label ranges', () => {
    expect(() => makeTask('manifold-bumps-noisy-d32-v0', { noiseScale: -1 })).toThrow(/noiseScale/);
    expect(() => makeTask('tfbind8-v0', { colour: 'red' } as never)).toThrow(/colour/);
    expect(() => dnaToCode('acgx')).toThrow(/letter 'x' is not one of a, c, g, t/);
    expect(() => decodeArgmax(new Float32Array(5), 2, 4)).toThrow(/not whole designs/);
    expect(() => new LabelScaler(1, 1)).toThrow(/max > min/);
  });
});
