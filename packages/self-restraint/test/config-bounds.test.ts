// Size bounds of the config (issue 12, point 7): a size whose tensors cannot fit is refused by the
// schema, naming the key and the bound, before any work; every preset still parses.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, resolveConfig, runExperimentCli } from 'lab';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SelfRestraintConfig } from '../src/config.js';
import { experiment } from '../src/experiment.js';

function messages(input: unknown): string[] {
  const result = SelfRestraintConfig.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('config size bounds', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(Object.keys(experiment.presets))('preset %s still parses', (name) => {
    const preset = experiment.presets[name as keyof typeof experiment.presets];
    expect(SelfRestraintConfig.safeParse(preset).success).toBe(true);
  });

  it('refuses an absurd model.dModel, naming the key and the bound', () => {
    expect(messages({ model: { dModel: 100_000_000 } })).toEqual([
      'model.dModel ≤ 4096 (the paper uses 256; larger weight matrices do not fit in memory here)',
    ]);
  });

  it.each([
    [{ model: { layers: 1000 } }, 'model.layers ≤ 64'],
    [{ model: { context: 100_000 } }, 'model.context ≤ 512'],
    [{ pretrain: { batchSize: 1e6 } }, 'pretrain.batchSize ≤ 4096'],
    [{ research: { sampleBatch: 1e6 } }, 'research.sampleBatch ≤ 16384'],
    [{ world: { entitiesPerTier: 1e7 } }, 'world.entitiesPerTier ≤ 100000'],
    [{ world: { attributeSizes: [16, 12, 10, 20, 8, 1e6] } }, 'world.attributeSizes[] ≤ 1000'],
    [{ seeds: Array.from({ length: 101 }, (_, i) => i) }, 'seeds: at most 100'],
  ])('refuses %j with "%s"', (input, bound) => {
    expect(messages(input).join('\n')).toContain(bound);
  });

  it('refuses sizes each within bound whose product does not fit, naming keys and values', () => {
    const [message] = messages({ pretrain: { batchSize: 4096 }, model: { context: 512 } });
    expect(message).toContain('[rows 4096, model.context 512,');
    expect(message).toContain('model.heads·context 2048');
    expect(message).toContain('= 4294967296 elements, exceeds 2^28');
    const [weights] = messages({ model: { dModel: 4096, layers: 64 } });
    expect(weights).toContain('12 · model.dModel² · model.layers = 12 · 4096² · 64');
  });

  it('reaches the CLI as an --set error: exit 2 and no run folder', async () => {
    expect(() =>
      resolveConfig(experiment.config, experiment.presets, 'smoke', { 'model.dModel': 1e8 }),
    ).toThrow(InputError);
    const out = mkdtempSync(join(tmpdir(), 'self-restraint-bounds-'));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const code = await runExperimentCli(experiment, [
        '--preset',
        'smoke',
        '--set',
        'model.dModel=100000000',
        '--out',
        out,
      ]);
      expect(code).toBe(2);
      expect(stderr.mock.calls.join('')).toContain('--set model.dModel=100000000: model.dModel ≤ 4096');
      expect(readdirSync(out)).toEqual([]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
