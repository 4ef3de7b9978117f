// Size bounds of the config (issue 12, point 7): a count whose arrays cannot fit is refused by the
// schema, naming the key and the bound, before any work; every preset still parses.
import { InputError, resolveConfig } from 'lab';
import { describe, expect, it } from 'vitest';
import { Config } from '../src/config.js';
import { experiment } from '../src/experiment.js';

function messages(input: unknown): string[] {
  const result = Config.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
}

describe('config size bounds', () => {
  it.each(Object.keys(experiment.presets))('preset %s still parses', (name) => {
    const preset = experiment.presets[name as keyof typeof experiment.presets];
    expect(Config.safeParse(preset).success).toBe(true);
  });

  it.each([
    [{ seeds: 1e9 }, 'seeds ≤ 100000 (the paper uses 5; one result per run is kept in memory)'],
    [{ referenceSeeds: 1e9 }, 'referenceSeeds ≤ 100000'],
    [{ mecCap: 1e12 }, 'mecCap ≤ 1000000 (the paper uses 100000; every DAG of the class is held in memory'],
    [{ bayes: { draws: 1e9 } }, 'bayes.draws ≤ 100000'],
    [{ replay: { runs: 1e9 } }, 'replay.runs ≤ 100000'],
    [
      { pc: { ns: [1000, 1e9] } },
      'pc.ns[] ≤ 1000000 (the paper uses 5000; the data is n × up to 76 variables',
    ],
    [{ pc: { dataSeeds: 1e9 } }, 'pc.dataSeeds ≤ 100000'],
    [{ pc: { expertSeeds: 1e9 } }, 'pc.expertSeeds ≤ 100000'],
    [{ notears: { n: 1e9 } }, 'notears.n ≤ 1000000'],
    [{ notears: { seeds: 1e9 } }, 'notears.seeds ≤ 100000'],
  ])('refuses %j with "%s"', (input, bound) => {
    expect(messages(input)).toEqual([expect.stringContaining(bound)]);
  });

  it('reaches the CLI as an InputError naming the --set key and the bound', () => {
    expect(() => resolveConfig(experiment.config, experiment.presets, 'smoke', { 'notears.n': 1e9 })).toThrow(
      /--set notears\.n=1000000000: notears\.n ≤ 1000000/,
    );
    expect(() => resolveConfig(experiment.config, experiment.presets, 'smoke', { 'notears.n': 1e9 })).toThrow(
      InputError,
    );
  });
});
