// The experiment CLI: --help lists presets and keys; flags become run options (a `--` from
// `pnpm run experiment -- ...` is ignored); the config is layered paper → preset → --set.
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  defineExperiment,
  experimentHelp,
  parseExperimentArgs,
  resolveConfig,
  runExperimentCli,
} from '../src/index.js';
import { DemoConfig, demoExperiment } from './fixtures/demo-experiment.js';
import { makeTempDir } from './helpers.js';

describe('experiment CLI', () => {
  test('--help lists the flags, the presets and every key with its type and paper value', () => {
    const help = experimentHelp(demoExperiment);
    expect(help).toContain('--preset NAME');
    expect(help).toContain('--resume RUN_DIR');
    expect(help).toContain('smoke      {"steps":120,"dataSize":128,"heldOutSize":128,"checkpointEvery":20}');
    expect(help).toMatch(/sgd\.momentum\s+number in \[0, 0\.99\], 0/);
    expect(help).toMatch(/steps\s+integer ≥ 1, 400/);
  });

  test('--help marks an optional key without a default instead of printing undefined', () => {
    const experiment = defineExperiment({
      name: 'demo',
      paper: { title: 't', authors: 'a', venue: 'v' },
      config: z.object({ lr: z.number().default(0.1), sizes: z.array(z.number()).optional() }),
      presets: { smoke: {}, default: {}, paper: {} },
      claims: [],
      run: async () => ({}),
    });
    const help = experimentHelp(experiment);
    expect(help).toMatch(/sizes\s+number\[\], no default \(optional\)/);
    expect(help).not.toContain('undefined');
  });

  test('flags become run options; a `--` passed through by pnpm is ignored', () => {
    const options = parseExperimentArgs(demoExperiment, [
      '--',
      '--preset',
      'smoke',
      '--seed',
      '4',
      '--set',
      'sgd.momentum=0.5',
      '--set',
      'poolSeeds=[1,2,3]',
      '--out',
      '/tmp/x',
      '--fresh',
    ]);
    expect(options).toMatchObject({
      help: false,
      preset: 'smoke',
      seed: 4,
      outRoot: '/tmp/x',
      fresh: true,
      overrides: { 'sgd.momentum': 0.5, poolSeeds: [1, 2, 3] },
    });
  });

  test('the config is the paper defaults, then the preset, then --set (nested keys merge)', () => {
    const config = resolveConfig(DemoConfig, demoExperiment.presets, 'smoke', {
      'sgd.momentum': 0.5,
      steps: 7,
    });
    expect(config).toMatchObject({
      steps: 7,
      dataSize: 128,
      checkpointEvery: 20,
      batchSize: 32,
      sgd: { momentum: 0.5 },
    });
    expect(resolveConfig(DemoConfig, demoExperiment.presets, 'paper', {})).toEqual(DemoConfig.parse({}));
  });

  test('a finished run prints its folder, the report path and the claims table', async () => {
    const temp = await makeTempDir('cli');
    let stdout = '';
    const output = { stdout: (text: string) => (stdout += text), stderr: () => undefined };
    try {
      const argv = [
        '--preset',
        'smoke',
        '--backend',
        'wasm',
        '--out',
        temp.dir,
        '--set',
        'poolSeeds=[]',
        '--run-id',
        'r',
      ];
      expect(await runExperimentCli(demoExperiment, argv, { ...output, stderr: () => undefined })).toBe(0);
      expect(stdout).toContain(`report: ${temp.dir}/demo/smoke/r/report.md`);
      expect(stdout).toContain('Claims: 1 reproduced, 1 not reproduced, 0 inconclusive');
      expect(stdout).toContain(
        '| fits-the-data | The fitted line predicts held-out points better than their mean |',
      );
    } finally {
      await temp.remove();
    }
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine
});
