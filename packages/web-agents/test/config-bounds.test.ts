// Size bounds of the config (issue 12, point 7): a size whose tensors or data cannot fit is refused by
// the schema, naming the key and the bound, before any work; every preset still parses.
import { resolveConfig } from 'lab';
import { describe, expect, it } from 'vitest';
import { WebAgentsConfig } from '../src/config.js';
import { experiment } from '../src/experiment.js';

function messages(input: unknown): string[] {
  const result = WebAgentsConfig.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('config size bounds', () => {
  it.each(Object.keys(experiment.presets))('preset %s still parses', (name) => {
    const preset = experiment.presets[name as keyof typeof experiment.presets];
    expect(WebAgentsConfig.safeParse(preset).success).toBe(true);
  });

  it.each([
    [
      { sft: { width: 1e8 } },
      'sft.width ≤ 4096 (the paper uses 64; activations are [batch, 64 elements, width])',
    ],
    [{ sft: { batchSize: 1e8 } }, 'sft.batchSize ≤ 4096'],
    [{ env: { horizon: 1e6 } }, 'env.horizon ≤ 1000'],
    [{ collection: { keptPerTask: 1e6 } }, 'collection.keptPerTask ≤ 5000'],
    [{ base: { episodesPerTask: 1e6 } }, 'base.episodesPerTask ≤ 5000'],
    [{ dagger: { episodesPerTaskPerRound: 1e6 } }, 'dagger.episodesPerTaskPerRound ≤ 5000'],
    [{ eval: { seedsPerTask: 1e9 } }, 'eval.seedsPerTask ≤ 10000'],
    [{ stats: { bootstrap: 1e9 } }, 'stats.bootstrap ≤ 1000000'],
  ])('refuses %j with "%s"', (input, bound) => {
    expect(messages(input)).toEqual([expect.stringContaining(bound)]);
  });

  it('refuses sizes each within bound whose product does not fit, naming keys and values', () => {
    expect(messages({ sft: { width: 4096, batchSize: 4096 } })).toEqual([
      expect.stringContaining(
        "the student's activations [sft.batchSize 4096, 64 elements, max(sft.width 4096, 256)] = 1073741824 elements",
      ),
    ]);
    expect(messages({ collection: { keptPerTask: 5000 } })).toEqual([
      expect.stringContaining(
        'the training data, 20 train tasks × 5000 episodes × env.horizon 15 = 1500000 featurised steps, is above 2^18',
      ),
    ]);
  });

  it('reaches the CLI as an InputError naming the --set key and the bound', () => {
    expect(() => resolveConfig(experiment.config, experiment.presets, 'smoke', { 'sft.width': 1e8 })).toThrow(
      /--set sft\.width=100000000: sft\.width ≤ 4096/,
    );
  });
});
