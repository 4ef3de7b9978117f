// The unit tables round-trip: rows written from seed results rebuild the same per-seed arrays.
import { Rng } from 'core-tensor';
import { describe, expect, it } from 'vitest';
import { seedUnitsOf } from '../src/units.js';
import { simulate } from './support/simulate.js';

describe('unit tables', () => {
  it('rebuild per-seed unit arrays in index order, whatever the row order', () => {
    const { units } = simulate(new Rng('units'), {});
    const shuffled = { heldout: new Rng('order').shuffle(units.heldout), targets: units.targets };
    const seeds = seedUnitsOf(shuffled);
    expect(seeds.map((s) => s.seed)).toEqual([0, 1, 2]);
    const base = seeds[1]!.units.base!;
    expect(base.map((u) => u.entity)).toEqual(base.map((_, i) => i));
    expect(seeds[1]!.tiersHeldout.length).toBe(150);
    expect(seeds[1]!.tiersResearch.length).toBe(150);
    const row = units.heldout.find((r) => r.seed === 1 && r.variant === 'base' && r.index === 7)!;
    const { seed: _s, variant: _v, index: _i, ...unit } = row;
    expect(base[7]).toEqual(unit);
  });
});
