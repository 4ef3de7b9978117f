// Bad input gets a clear error naming the value and what is valid: config overrides, task options,
// designs and labels.
import { existsSync } from 'node:fs';
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

  test('every preset still parses within the size bounds', () => {
    for (const [name, preset] of Object.entries(experiment.presets))
      expect(Config.safeParse(preset).success, `preset ${name}`).toBe(true);
  });

  test('absurd sizes are refused, naming the key and the bound (issue 12, point 7)', () => {
    const messages = (input: unknown) => Config.safeParse(input).error?.issues.map((issue) => issue.message);
    expect(messages({ dcReals: 1e8 })).toEqual([
      'dcReals ≤ 16384 (the paper uses 16384; the reals × reals distances are dcReals² float32, 1 GiB at the bound)',
    ]);
    expect(messages({ widths: [64, 1e8] })).toEqual([expect.stringContaining('widths[] ≤ 4096')]);
    expect(messages({ validOracleWidth: 1e8 })).toEqual([expect.stringContaining('validOracleWidth ≤ 4096')]);
    expect(messages({ testSamples: 1e9 })).toEqual([expect.stringContaining('testSamples ≤ 65536')]);
    expect(messages({ cdsmExamples: 1e9 })).toEqual([expect.stringContaining('cdsmExamples ≤ 262144')]);
    // Each within its bound, their product not: the message names both keys and their values.
    expect(messages({ testSamples: 65_536 })).toEqual([
      expect.stringContaining('testSamples 65536) × dcReals 16384 = 1073741824 float32, exceed 2^28'),
    ]);
    expect(messages({ trainSteps: 1e12, checkpointEvery: 1 })).toEqual([
      expect.stringContaining(
        'trainSteps 1000000000000 / checkpointEvery 1 = 1000000000000 checkpoints, above 10000',
      ),
    ]);
  });

  test('an absurd --set size is an InputError naming the key before any run folder exists', async () => {
    await expect(
      runExperiment(experiment, {
        preset: 'smoke',
        overrides: parseSetFlags(Config, ['validOracleWidth=100000000']),
        outRoot: '/tmp/mbo-never-written',
        logSinks: [],
        interactive: false,
      }),
    ).rejects.toThrow(/--set validOracleWidth=100000000: validOracleWidth ≤ 4096/);
    expect(existsSync('/tmp/mbo-never-written/mbo-diffusion')).toBe(false);
  });

  test('task options, sequences, designs and label ranges', () => {
    expect(() => makeTask('manifold-bumps-noisy-d32-v0', { noiseScale: -1 })).toThrow(/noiseScale/);
    expect(() => makeTask('tfbind8-v0', { colour: 'red' } as never)).toThrow(/colour/);
    expect(() => dnaToCode('acgx')).toThrow(/letter 'x' is not one of a, c, g, t/);
    expect(() => decodeArgmax(new Float32Array(5), 2, 4)).toThrow(/not whole designs/);
    expect(() => new LabelScaler(1, 1)).toThrow(/max > min/);
  });
});
