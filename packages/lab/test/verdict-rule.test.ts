// lab's one rule: reproduced when the whole interval is above 0 and the estimate reaches δ; not
// reproduced when the whole interval is below δ; inconclusive otherwise and whenever a gate failed.
// Boundaries are exact: an estimate equal to δ reaches it; a bound equal to 0 or δ is not beyond it.
import { describe, expect, test } from 'vitest';
import { decide, evaluateClaims, gate } from '../src/index.js';

const delta = 0.1;
const verdictOf = (estimate: number, lo: number, hi: number, gates = [gate('ok', 1, { atLeast: 0 })]) =>
  decide({ estimate, ci: [lo, hi], smallest: delta }, gates).verdict;

describe('decide', () => {
  test('reproduced: interval above 0 and estimate ≥ δ (an estimate of exactly δ counts)', () => {
    expect(verdictOf(0.3, 0.05, 0.5)).toBe('reproduced');
    expect(verdictOf(0.1, 0.01, 0.2)).toBe('reproduced');
  });

  test('not reproduced: the whole interval below δ (absent, too small or reversed)', () => {
    expect(verdictOf(0.02, 0.01, 0.05)).toBe('not reproduced'); // real but too small
    expect(verdictOf(-0.2, -0.4, -0.1)).toBe('not reproduced'); // reversed
    expect(verdictOf(0, -0.05, 0.09)).toBe('not reproduced'); // absent, with confidence
  });

  test('inconclusive: the interval reaches both 0 and δ, or lies above 0 with the estimate below δ', () => {
    expect(verdictOf(0.2, -0.1, 0.5)).toBe('inconclusive');
    expect(verdictOf(0.05, 0.01, 0.15)).toBe('inconclusive');
    expect(verdictOf(0.2, 0, 0.4)).toBe('inconclusive'); // a bound of exactly 0 is not above 0
    expect(verdictOf(0.05, -0.02, 0.1)).toBe('inconclusive'); // a bound of exactly δ is not below δ
  });

  test('a failed gate makes any interval inconclusive and names the gate, its value and threshold', () => {
    const decision = decide({ estimate: 0.5, ci: [0.4, 0.6], smallest: delta }, [
      gate('scratch-learns', 0.03, { atLeast: 0.1 }),
      gate('reward-r2', 0.9, { atLeast: 0.5 }),
    ]);
    expect(decision).toEqual({
      verdict: 'inconclusive',
      reason: 'gate failed: scratch-learns = 0.03 (needs ≥ 0.1)',
    });
  });

  test('an effect that could not be estimated is inconclusive', () => {
    expect(verdictOf(Number.NaN, 0, 1)).toBe('inconclusive');
    expect(verdictOf(0.3, Number.NaN, Number.NaN)).toBe('inconclusive');
  });
});

describe('gate', () => {
  test('each condition, with its threshold in words; an unmeasured value fails and is recorded as null', () => {
    expect(gate('a', 2, { atLeast: 2 })).toEqual({ name: 'a', passed: true, value: 2, threshold: '≥ 2' });
    expect(gate('b', 2, { atMost: 1 })).toEqual({ name: 'b', passed: false, value: 2, threshold: '≤ 1' });
    expect(gate('c', 2, { above: 2 }).passed).toBe(false);
    expect(gate('d', 1, { below: 2 }).passed).toBe(true);
    expect(gate('e', Number.NaN, { atMost: 1 })).toEqual({
      name: 'e',
      passed: false,
      value: null,
      threshold: '≤ 1',
    });
  });
});

describe('evaluateClaims with effect claims', () => {
  type Summary = { deltas: number[] };
  const claim = {
    id: 'gain',
    statement: 'B beats A',
    paper: 'Table 1',
    effect: { quantity: 'B − A', unit: 'seed', smallest: 0.1 },
    measure: (s: Summary) => ({
      estimate: s.deltas.reduce((a, b) => a + b, 0) / s.deltas.length,
      ci: [Math.min(...s.deltas), Math.max(...s.deltas)] as [number, number],
      n: s.deltas.length,
      measured: `${s.deltas.length} seeds`,
    }),
  };

  test('claims.json carries effect {estimate, ci, unit, n, smallest}, gates and the decision', () => {
    const [result] = evaluateClaims([claim], { deltas: [0.2, 0.3, 0.4] });
    expect(result).toEqual({
      id: 'gain',
      statement: 'B beats A',
      paper: 'Table 1',
      measured: '3 seeds',
      verdict: 'reproduced',
      rule: 'lab',
      effect: { quantity: 'B − A', estimate: 0.3, ci: [0.2, 0.4], unit: 'seed', n: 3, smallest: 0.1 },
      gates: [],
      decision: 'CI [0.2, 0.4] above 0 and estimate 0.3 ≥ δ 0.1',
    });
  });

  test('a NaN estimate is written as null and decided inconclusive; a throwing measure is reported', () => {
    const [nan] = evaluateClaims([claim], { deltas: [] });
    expect(nan!.verdict).toBe('inconclusive');
    expect(nan!.effect!.estimate).toBeNull();
    expect(JSON.parse(JSON.stringify(nan))).toEqual(nan);
    const broken = {
      ...claim,
      measure: () => {
        throw new Error('no units');
      },
    };
    const [thrown] = evaluateClaims([broken], { deltas: [1] });
    expect(thrown).toMatchObject({
      verdict: 'inconclusive',
      measured: 'measure threw: no units',
      rule: 'lab',
    });
  });
});
