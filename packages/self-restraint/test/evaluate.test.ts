// U10: metrics on hand-made answers (abstain, T, F, factscore, micro precision, utility).
import { describe, expect, it } from 'vitest';
import { aggregate, unitOf } from '../src/evaluate.js';
import { factScoreAggregate } from '../src/export.js';

describe('metrics', () => {
  // entity 1: abstains once, answers (2 true, 1 false); entity 2: (0 true, 2 false), (1 true, 0 false)
  const units = [
    unitOf(1, 'top', [
      { abstained: true, trueClaims: 0, falseClaims: 0 },
      { abstained: false, trueClaims: 2, falseClaims: 1 },
    ]),
    unitOf(2, 'top', [
      { abstained: false, trueClaims: 0, falseClaims: 2 },
      { abstained: false, trueClaims: 1, falseClaims: 0 },
    ]),
  ];
  const m = aggregate(units, [0.5, 0.75]);
  it('computes every per-answer metric by hand', () => {
    expect(m.abstain).toBeCloseTo(1 / 4);
    expect(m.trueClaims).toBeCloseTo(3 / 4);
    expect(m.falseClaims).toBeCloseTo(3 / 4);
    expect(m.claimsPerResponse).toBeCloseTo(6 / 3);
    expect(m.factscore).toBeCloseTo((2 / 3 + 0 + 1) / 3);
    expect(m.microPrecision).toBeCloseTo(3 / 6);
    expect(m.utility['0.5']).toBeCloseTo(3 / 4 - 3 / 4);
    expect(m.utility['0.75']).toBeCloseTo(3 / 4 - 3 * (3 / 4));
  });
  it('FActScore aggregates: score, respond_ratio, num_facts_per_response', () => {
    const lines = [
      { topic: 'A', output: '', claims: [], abstained: true },
      {
        topic: 'A',
        output: 'x',
        claims: [
          { text: 'a', supported: true },
          { text: 'b', supported: true },
          { text: 'c', supported: false },
        ],
        abstained: false,
      },
      { topic: 'B', output: 'y', claims: [{ text: 'a', supported: false }], abstained: false },
    ];
    const agg = factScoreAggregate(lines);
    expect(agg.score).toBeCloseTo((2 / 3 + 0) / 2);
    expect(agg.respond_ratio).toBeCloseTo(2 / 3);
    expect(agg.num_facts_per_response).toBeCloseTo(2);
  });
});
