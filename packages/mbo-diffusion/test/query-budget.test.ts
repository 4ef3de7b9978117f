// Brief §9 A5 (unit part): the exact oracle and D_test's labels only in phase 'final', within maxQueries.
import { describe, expect, test } from 'vitest';
import { OracleQueryError, QueryBudget } from '../src/query-budget.js';
import { makeTask } from '../src/task.js';

describe('QueryBudget (A5)', () => {
  const task = makeTask('nk-l8q4k2-v0');
  const split = task.split({ seed: 42 });
  const design = new Float32Array([0, 1, 2, 3, 0, 1, 2, 3]);

  test('oracle calls and test-label reads throw in train and validate', () => {
    const budget = new QueryBudget(task.id, 10);
    for (const phase of ['train', 'validate'] as const) {
      budget.setPhase(phase);
      expect(() => task.exactOracle(budget, 'a test', design)).toThrow(OracleQueryError);
      expect(() => task.exactOracle(budget, 'a test', design)).toThrow(
        new RegExp(`a test .* phase '${phase}'`),
      );
      expect(() => split.testLabels(budget, 'a test')).toThrow(OracleQueryError);
    }
    expect(budget.queries).toBe(0);
  });

  test('the final phase may query, up to maxQueries', () => {
    const budget = new QueryBudget(task.id, 2);
    budget.setPhase('final');
    expect(task.exactOracle(budget, 'a test', design)).toHaveLength(1);
    expect(split.testLabels(budget, 'a test')).toHaveLength(16_384);
    const two = new Float32Array(16).fill(1);
    expect(() => task.exactOracle(budget, 'a test', two)).toThrow(/1 of the 2 allowed/);
    expect(budget.queries).toBe(1);
  });

  test('undecoded designs are rejected', () => {
    const budget = new QueryBudget(task.id, 10);
    budget.setPhase('final');
    expect(() => task.exactOracle(budget, 'a test', new Float32Array(8).fill(0.5))).toThrow(
      /letter 0.5 .* decode first/,
    );
  });
});
