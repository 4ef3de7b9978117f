// Selective prediction wired into the run: the forced answer's loss (src/selectiveItems.ts), pooling
// over seeds with the own-abstention point, the plot's variants and downsampling (src/selectiveAnalysis.ts).
// The seed job's items are checked in seed-job.test.ts, the report and plot in smoke.test.ts.
import { describe, expect, test } from 'vitest';
import { SelfRestraintConfig } from '../src/config.js';
import type { UnitMetrics } from '../src/evaluate.js';
import { downsample, plotVariants, riskCoverageRows, selectiveTable } from '../src/selectiveAnalysis.js';
import { forcedAnswerLoss } from '../src/selectiveItems.js';
import { World } from '../src/world.js';

describe('forced answer loss', () => {
  const world = new World(SelfRestraintConfig.parse({ world: { entitiesPerTier: 4 } }).world, 0);
  const truth = world.entities[0]!.truth;
  const claim = (attribute: number, right: boolean) => ({
    attribute,
    valueToken: world.vocab.valueToken(attribute, right ? truth[attribute]! : (truth[attribute]! + 1) % 4),
  });
  const parsed = (claims: { attribute: number; valueToken: number }[]) => ({
    abstained: false,
    claims,
    malformed: 0,
    stray: 0,
  });

  test('is the share of false claims; no claims count as wrong', () => {
    expect(forcedAnswerLoss(world, 0, parsed([claim(0, true), claim(1, true)]))).toBe(0);
    expect(
      forcedAnswerLoss(world, 0, parsed([claim(0, true), claim(1, false), claim(2, false)])),
    ).toBeCloseTo(2 / 3, 12);
    expect(forcedAnswerLoss(world, 0, parsed([]))).toBe(1);
    expect(forcedAnswerLoss(world, 0, { ...parsed([]), abstained: true })).toBe(1);
  });
});

const greedy = (abstained: number) => ({ abstained }) as UnitMetrics;

describe('selective analysis', () => {
  // two seeds; the greedy answer abstains on the items with P(<idk>) 0.9
  const results = [
    {
      selective: {
        a: [
          { abstain: 0.1, loss: 0 },
          { abstain: 0.9, loss: 1 },
        ],
      },
      greedyUnits: { a: [greedy(0), greedy(1)] },
    },
    {
      selective: {
        a: [
          { abstain: 0.2, loss: 1 },
          { abstain: 0.9, loss: 1 },
        ],
      },
      greedyUnits: { a: [greedy(0), greedy(1)] },
    },
  ];

  test('pools items over seeds and reads the own-abstention point from the greedy answers', () => {
    const row = selectiveTable(results).a!;
    expect(row.items).toBe(4);
    expect(row.wrong).toBe(3);
    expect(row.risk).toBeCloseTo(0.75, 12);
    // losses in answer order 0, 1, then a tie of two 1s: risks 0, 1/2, 2/3, 3/4
    expect(row.aurc).toBeCloseTo((0 + 0.5 + 2 / 3 + 0.75) / 4, 12);
    expect(row.auroc).toBeCloseTo(1, 12); // every wrong answer scores above the right one
    expect(row.ownCoverage).toBe(0.5);
    expect(row.ownRisk).toBe(0.5);
  });

  test('plots research-sft at the main ρ first and drops the sweep first', () => {
    const variants = ['research-sft@0.5', 'research-sft@0.9', 'gt-sft', 'search-sft', 'research-sft@0.75'];
    expect(plotVariants(variants, 0.75, 3)).toEqual(['research-sft@0.75', 'gt-sft', 'search-sft']);
    expect(plotVariants(variants, 0.75)).toHaveLength(5);
  });

  test('downsamples evenly, keeping the ends', () => {
    const points = Array.from({ length: 1000 }, (_, i) => i);
    const kept = downsample(points, 200);
    expect(kept).toHaveLength(200);
    expect(kept[0]).toBe(0);
    expect(kept[199]).toBe(999);
    expect(downsample([1, 2], 200)).toEqual([1, 2]);
    expect(riskCoverageRows(results, ['a'], 2).map((r) => r.coverage)).toEqual([0.25, 1]);
  });
});
