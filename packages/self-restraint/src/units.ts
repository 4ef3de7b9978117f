// The unit tables the claims are decided on (lab's contract): one row per held-out entity, seed and
// variant (`heldout`), and one per ReSearch entity, seed and search (`targets`). `index` is the
// entity's position in its seed's held-out (or ReSearch) order, the same in every variant, so the
// bootstrap pairs variants entity by entity. `seedUnitsOf` rebuilds the per-seed arrays the
// statistics read, from the rows as read back from disk.
import { z } from 'zod';
import type { UnitMetrics } from './evaluate.js';
import type { SeedResult, TargetUnit } from './seedJob.js';

const count = z.number().int().min(0);

export const HeldoutUnit = z.object({
  seed: z.number().int(),
  variant: z.string(),
  index: count,
  entity: count,
  tier: z.string(),
  answers: count,
  abstained: count,
  trueSum: count,
  falseSum: count,
  responding: count,
  respondingClaims: count,
  scored: count,
  factSum: z.number().min(0),
});
export type HeldoutUnit = z.infer<typeof HeldoutUnit>;

export const TargetRow = z.object({
  seed: z.number().int(),
  variant: z.string(),
  index: count,
  entity: count,
  tier: z.string(),
  abstained: z.boolean(),
  trueClaims: count,
  falseClaims: count,
  q: z.number(),
});
export type TargetRow = z.infer<typeof TargetRow>;

export const UNIT_SCHEMAS = { heldout: HeldoutUnit, targets: TargetRow };
export interface StudyUnits extends Record<string, readonly Record<string, unknown>[]> {
  heldout: readonly HeldoutUnit[];
  targets: readonly TargetRow[];
}

export function heldoutRows(results: readonly SeedResult[]): HeldoutUnit[] {
  return results.flatMap((r) =>
    Object.entries(r.units).flatMap(([variant, units]) =>
      units.map((u, index) => ({ seed: r.seed, variant, index, ...u })),
    ),
  );
}

export function targetRows(results: readonly SeedResult[]): TargetRow[] {
  return results.flatMap((r) =>
    Object.entries(r.targets).flatMap(([variant, units]) =>
      units.map((t, index) => ({ seed: r.seed, variant, index, ...t })),
    ),
  );
}

/** What the statistics read of one seed: unit arrays by variant, in index order, and the tiers. */
export interface SeedUnits {
  seed: number;
  units: Record<string, UnitMetrics[]>;
  targets: Record<string, TargetUnit[]>;
  tiersHeldout: string[];
  tiersResearch: string[];
}

function byIndex<T extends { index: number }>(rows: readonly T[]): T[] {
  return rows.slice().sort((a, b) => a.index - b.index);
}

/** Rebuilds per-seed unit arrays (seeds ascending) from the tables. */
export function seedUnitsOf(tables: StudyUnits): SeedUnits[] {
  // one pass over each table, grouped by seed; ascending seed order: the tables' row order must not
  // change a verdict
  const bySeed = new Map<number, { heldout: HeldoutUnit[]; targets: TargetRow[] }>();
  const groupOf = (seed: number) => {
    let group = bySeed.get(seed);
    if (!group) {
      group = { heldout: [], targets: [] };
      bySeed.set(seed, group);
    }
    return group;
  };
  for (const row of tables.heldout) groupOf(row.seed).heldout.push(row);
  for (const row of tables.targets) groupOf(row.seed).targets.push(row);
  const seeds = [...bySeed.keys()].sort((a, b) => a - b);
  return seeds.map((seed) => {
    const group = bySeed.get(seed)!;
    const units: Record<string, UnitMetrics[]> = {};
    for (const row of byIndex(group.heldout)) {
      const { seed: _s, variant, index: _i, ...unit } = row;
      if (!units[variant]) units[variant] = [];
      units[variant]!.push(unit);
    }
    const targets: Record<string, TargetUnit[]> = {};
    for (const row of byIndex(group.targets)) {
      const { seed: _s, variant, index: _i, ...unit } = row;
      if (!targets[variant]) targets[variant] = [];
      targets[variant]!.push(unit);
    }
    const first = <T extends { tier: string }>(record: Record<string, T[]>) =>
      (Object.values(record)[0] ?? []).map((u) => u.tier);
    return { seed, units, targets, tiersHeldout: first(units), tiersResearch: first(targets) };
  });
}
