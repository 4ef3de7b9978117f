// bc-budget draws exactly DAgger's labelled steps (issue 17 point 4): whole shuffled episodes, the
// last one cut, from a pool of several sources; a pool too small gives all it has (C5's gate then fails).
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import { buildBudget, type DataSource } from '../src/pipeline/train-job.js';
import { clickEpisode } from './study-fixtures.js';

const source = (phase: string): DataSource => ({
  phase,
  label: 'executed',
  successOnly: true,
  keptPerTask: 10,
  tasks: ['click-button'],
});

// two sources, 3 + 4 episodes of 1 to 3 steps: 2+3+1 + 3+1+2+3 = 15 labelled steps
const parts = [
  { source: source('collect-oracle'), episodes: [2, 3, 1].map((n, i) => clickEpisode(i, n)) },
  { source: source('collect-oracle-pool'), episodes: [3, 1, 2, 3].map((n, i) => clickEpisode(10 + i, n, 1)) },
];

describe('bc-budget sampling', () => {
  test.each([1, 7, 14, 15])('a budget of %i steps gives exactly that many samples', (budget) => {
    expect(buildBudget(parts, budget, 15, new Rng('b')).samples).toHaveLength(budget);
  });

  test('a pool smaller than the budget gives every step it holds', () => {
    const built = buildBudget(parts, 40, 15, new Rng('b'));
    expect(built.samples).toHaveLength(15);
    expect(built.episodes).toBe(7);
  });

  test('the draw is seeded: the same seed gives the same steps, another seed other episodes first', () => {
    const targets = (seed: string) =>
      buildBudget(parts, 6, 15, new Rng(seed)).samples.map((s) => s.target.element);
    expect(targets('b')).toEqual(targets('b'));
    const draws = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((seed) => targets(seed).join(',')));
    expect(draws.size).toBeGreaterThan(1);
  });
});
