// Selective-prediction metrics (src/selectivePrediction.ts) on tiny hand-made examples with values
// worked out by hand.
import { describe, expect, test } from 'vitest';
import { abstentionAuroc, aurc, optimalAurc, riskCoverage } from '../src/selectivePrediction.js';

// P(<idk>) 0.1, 0.2, 0.6, 0.9 with the forced answers right, wrong, right, wrong
const items = [
  { abstain: 0.6, loss: 0 },
  { abstain: 0.1, loss: 0 },
  { abstain: 0.9, loss: 1 },
  { abstain: 0.2, loss: 1 },
];

describe('selective prediction', () => {
  test('risk–coverage answers the lowest abstention scores first', () => {
    // losses in order 0, 1, 0, 1: risks 0, 1/2, 1/3, 1/2
    const curve = riskCoverage(items);
    expect(curve.map((p) => p.coverage)).toEqual([0.25, 0.5, 0.75, 1]);
    const risks = [0, 0.5, 1 / 3, 0.5];
    for (const [i, p] of curve.entries()) expect(p.risk).toBeCloseTo(risks[i]!, 12);
  });

  test('AURC is the mean risk over coverage; the perfect ranking is its floor', () => {
    expect(aurc(items)).toBeCloseTo((0 + 0.5 + 1 / 3 + 0.5) / 4, 12); // 1/3
    expect(optimalAurc(items)).toBeCloseTo((0 + 0 + 1 / 3 + 0.5) / 4, 12); // 5/24
    expect(aurc([])).toBeNaN();
  });

  test('AUROC of P(<idk>) against wrong answers: 3 of 4 (wrong, right) pairs ordered', () => {
    expect(abstentionAuroc(items)).toBeCloseTo(0.75, 12);
    // a score that ranks perfectly, and one that ranks backwards
    expect(abstentionAuroc(items.map((x) => ({ ...x, abstain: x.loss })))).toBe(1);
    expect(abstentionAuroc(items.map((x) => ({ ...x, abstain: 1 - x.loss })))).toBe(0);
  });

  test('tied scores take the expected risk over their orders', () => {
    const tied = [
      { abstain: 0.5, loss: 0 },
      { abstain: 0.5, loss: 1 },
      { abstain: 0.7, loss: 1 },
    ];
    // k = 1: 1/2; k = 2: 1/2; k = 3: 2/3
    expect(riskCoverage(tied).map((p) => p.risk)).toEqual([0.5, 0.5, 2 / 3]);
    expect(aurc(tied)).toBeCloseTo((0.5 + 0.5 + 2 / 3) / 3, 12);
    expect(abstentionAuroc(tied)).toBeCloseTo(0.75, 12); // wrong 0.5 vs right 0.5: ½; wrong 0.7 vs right: 1
  });
});
