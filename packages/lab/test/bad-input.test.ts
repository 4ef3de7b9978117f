// Bad input fails before any work starts, naming the key or value and what would be valid, and
// leaves no run folder behind.
import { readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { defineExperiment, InputError, parseSetFlags, runExperimentCli } from '../src/index.js';
import { DemoConfig, demoExperiment } from './fixtures/demo-experiment.js';
import { makeTempDir } from './helpers.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir('bad-input');
});
afterEach(() => temp.remove());

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runExperimentCli(demoExperiment, ['--out', temp.dir, '--backend', 'wasm', ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe('the experiment CLI rejects bad input before any work', () => {
  test('unknown preset: names it and lists the valid presets', async () => {
    const { code, stderr } = await cli('--preset', 'fast');
    expect(code).toBe(2);
    expect(stderr).toContain("--preset: unknown preset 'fast'; valid presets: smoke, default, paper");
    expect(readdirSync(temp.dir)).toEqual([]);
  });

  test('unknown --set key: names it and lists the valid keys, nested ones dotted', async () => {
    const { code, stderr } = await cli('--preset', 'smoke', '--set', 'stepz=3');
    expect(code).toBe(2);
    expect(stderr).toContain(
      "--set stepz: unknown key 'stepz'; valid keys: steps, batchSize, learningRate, sgd.momentum,",
    );
    expect(readdirSync(temp.dir)).toEqual([]);
  });

  test('unknown nested key and a key below a number', async () => {
    const { stderr } = await cli('--set', 'sgd.nesterov=true', '--set', 'steps.x=1');
    expect(stderr).toContain("--set sgd.nesterov: 'sgd' has no key 'nesterov'");
    expect(stderr).toContain("--set steps.x: 'steps' is integer ≥ 1, not an object with keys");
  });

  test('wrong type: names the key, the value and the expected type', async () => {
    const { code, stderr } = await cli('--set', 'steps=abc');
    expect(code).toBe(2);
    expect(stderr).toContain(
      '--set steps="abc": Invalid input: expected number, received string (valid: integer ≥ 1)',
    );
    expect(readdirSync(temp.dir)).toEqual([]);
  });

  test('out of range, nested: the schema bound is in the message', async () => {
    const { code, stderr } = await cli('--set', 'sgd.momentum=2');
    expect(code).toBe(2);
    expect(stderr).toContain('--set sgd.momentum=2: Too big: expected number to be <=0.99');
  });

  test('bad seed, bad backend, unknown flag, --set without =', async () => {
    expect((await cli('--seed', 'abc')).stderr).toContain(
      "--seed: 'abc' is not valid; use an integer from 0 to 2147483647",
    );
    const backend = await cli('--backend', 'gpu');
    expect(backend.stderr).toContain(
      "--backend: 'gpu' is not a backend; valid: auto, node-gpu, node, wasm, cpu",
    );
    const flag = await cli('--sed', '1');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--sed'");
    expect(flag.stderr).toContain('valid flags: --preset, --seed, --out, --set');
    expect((await cli('--set', 'steps')).stderr).toContain('--set steps: expected key=value');
    expect(readdirSync(temp.dir)).toEqual([]);
  });

  test('--seed -1 and --workers -1: the flag, the value and the valid range; exit 2, no folder', async () => {
    const seed = await cli('--seed', '-1');
    expect(seed.code).toBe(2);
    expect(seed.stderr).toContain("--seed: '-1' is not valid; use an integer from 0 to 2147483647");
    expect(seed.stderr).not.toContain('ambiguous');
    const workers = await cli('--workers', '-1');
    expect(workers.code).toBe(2);
    expect(workers.stderr).toContain("--workers: '-1' is not valid; use an integer >= 1");
    expect((await cli('--seed=-1')).stderr).toContain("--seed: '-1' is not valid");
    expect((await cli('--seed', '2147483648')).stderr).toContain(
      "'2147483648' is not valid; use an integer from 0",
    );
    expect(readdirSync(temp.dir)).toEqual([]);
  });

  test('--resume of a folder that is not a run', async () => {
    const { code, stderr } = await cli('--resume', temp.dir);
    expect(code).toBe(2);
    expect(stderr).toContain('is not a run folder (it has no config.json)');
  });
});

describe('--set values', () => {
  test('parsed as JSON when possible, else kept as text; text fields keep the text', () => {
    const schema = z.object({
      lr: z.number().default(1),
      name: z.string().default('x'),
      betas: z.tuple([z.number(), z.number()]).default([0, 1]),
      model: z
        .object({ width: z.number().default(2), act: z.enum(['relu', 'gelu']).default('relu') })
        .prefault({}),
    });
    expect(
      parseSetFlags(schema, ['lr=1e-3', 'name=123', 'betas=[0.9,0.99]', 'model.width=64', 'model.act=gelu']),
    ).toEqual({
      lr: 0.001,
      name: '123',
      betas: [0.9, 0.99],
      'model.width': 64,
      'model.act': 'gelu',
    });
    expect(parseSetFlags(schema, ['lr=fast'])).toEqual({ lr: 'fast' });
  });
});

describe('defineExperiment checks a study when it loads', () => {
  const base = {
    name: 'demo',
    paper: { title: 't', authors: 'a', venue: 'v' },
    config: DemoConfig,
    claims: [],
    run: async () => ({}),
  };

  test('a preset with an unknown key or a wrong type, and a missing preset', () => {
    const define = () =>
      defineExperiment({
        ...base,
        presets: { smoke: { stepz: 3 }, default: { steps: 'many' }, paper: {} } as never,
      });
    expect(define).toThrow(InputError);
    expect(define).toThrow('presets.smoke.stepz: unknown key; valid keys: steps, batchSize');
    expect(define).toThrow(
      'presets.default.steps: Invalid input: expected number, received string (valid: integer ≥ 1)',
    );
    const missing = () => defineExperiment({ ...base, presets: { smoke: {}, default: {} } as never });
    expect(missing).toThrow('presets.paper: missing; every study defines smoke, default, paper');
  });

  test('a config field without a default (the paper value) and duplicate claim ids', () => {
    const claim = {
      id: 'c',
      statement: 's',
      paper: 'p',
      check: () => ({ verdict: 'inconclusive' as const, measured: '' }),
    };
    const define = () =>
      defineExperiment({
        ...base,
        config: z.object({ lr: z.number() }),
        presets: { smoke: {}, default: {}, paper: {} },
        claims: [claim, claim],
      });
    expect(define).toThrow("config.lr: needs a default (the paper's value)");
    expect(define).toThrow("claims[1].id: 'c' is used twice");
  });
});
