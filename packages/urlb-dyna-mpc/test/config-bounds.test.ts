// Size bounds of the config (issue 12, point 7): a size whose tensors or replay cannot fit is refused
// by the schema, naming the key and the bound, before any work; every preset still parses.
import { resolveConfig } from 'lab';
import { describe, expect, it } from 'vitest';
import { StudyConfig } from '../src/config.js';
import { experiment } from '../src/experiment.js';

function messages(input: unknown): string[] {
  const result = StudyConfig.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('config size bounds', () => {
  it.each(Object.keys(experiment.presets))('preset %s still parses', (name) => {
    const preset = experiment.presets[name as keyof typeof experiment.presets];
    expect(StudyConfig.safeParse(preset).success).toBe(true);
  });

  it.each([
    [{ agent: { model: { deterministic: 1e8 } } }, 'agent.model.deterministic ≤ 4096 (the paper uses 200;'],
    [{ agent: { model: { classes: 1e6 } } }, 'agent.model.classes ≤ 1024'],
    [{ agent: { model: { mlpUnits: 1e6 } } }, 'agent.model.mlpUnits ≤ 8192'],
    [{ agent: { model: { convDepth: 1e6 } } }, 'agent.model.convDepth ≤ 512'],
    [{ agent: { batchSize: 1e6 } }, 'agent.batchSize ≤ 1024'],
    [{ agent: { horizon: 1e6 } }, 'agent.horizon ≤ 1000'],
    [{ planner: { numSamples: 1e9 } }, 'planner.numSamples ≤ 16384'],
    [{ pretrainFrames: 1e12 }, 'pretrainFrames ≤ 10000000'],
    [{ seeds: 1e6 }, 'seeds ≤ 100'],
  ])('refuses %j with "%s"', (input, bound) => {
    expect(messages(input)).toEqual([expect.stringContaining(bound)]);
  });

  it('refuses sizes each within bound whose product does not fit, naming keys and values', () => {
    expect(messages({ agent: { batchSize: 1024, batchLength: 1024, imagineStarts: 64 } })).toEqual([
      expect.stringContaining(
        "a layer's activations [agent.batchSize · agent.batchLength 1048576, max(hidden, mlpUnits, encoderUnits) 400]",
      ),
      expect.stringContaining(
        'a batch of observations [agent.batchSize 1024, agent.batchLength 1024, 64 · 64 · 3] = 12884901888 elements, above 2^28',
      ),
    ]);
    expect(messages({ planner: { numSamples: 16_384, horizon: 1000 } })).toEqual([
      expect.stringContaining(
        "the planner's candidates [planner.numSamples 16384, planner.horizon 1000, latent 1224]",
      ),
    ]);
    // Pixels: the replay keeps a 64 × 64 × 3 image per step; 4 M frames are 22.9 GiB.
    expect(messages({ pretrainFrames: 4_000_000 })).toEqual([
      expect.stringContaining(
        "with agent.obs 'pixels', max(pretrainFrames 4000000, finetuneFrames 100000) = 4000000 frames fill the replay with 22.9 GiB",
      ),
    ]);
    expect(messages({ pretrainFrames: 4_000_000, agent: { obs: 'states' } })).toEqual([]);
  });

  it('reaches the CLI as an InputError naming the --set key and the bound', () => {
    expect(() =>
      resolveConfig(experiment.config, experiment.presets, 'smoke', { 'agent.model.deterministic': 1e8 }),
    ).toThrow(/--set agent\.model\.deterministic=100000000: agent\.model\.deterministic ≤ 4096/);
  });
});
