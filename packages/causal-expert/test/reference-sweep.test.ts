// Acceptance #6: the brief's §9.2 sweep (an independent re-implementation, 2000 seeds) is matched
// cell by cell within 3·√2·SE on |M'|, SHD and coverage, comparing statistics (not draws).
import { describe, expect, test } from 'vitest';
import { runOracleCell } from '../src/oracle-sweep.js';
import { compareWithReference, referenceSweep } from '../src/reference-sweep.js';

describe('§9.2 reference sweep at 2000 seeds', () => {
  test('every cell agrees within 3·√2·SE', () => {
    const cells = referenceSweep.flatMap(
      ([network, epsilon]) =>
        runOracleCell({
          network,
          expert: 'epsilon',
          epsilon,
          etas: [0.1],
          strategies: ['risk', 'size'],
          semantics: ['paper-2023', 'official-2024', 'corrected', 'corrected-product'],
          seeds: 2000,
          baseSeed: 0,
          accuracy: 0.55,
          mecCap: 100_000,
        }).cells,
    );
    const comparison = compareWithReference(cells);
    expect(comparison.compared).toBe(78);
    const disagreeing = comparison.rows.filter((row) => !String(row['within 3·SE']).startsWith('yes'));
    expect(disagreeing).toEqual([]);
  });
});
