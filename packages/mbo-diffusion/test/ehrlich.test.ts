// Ehrlich functions (issue 16, point 6): f(x) = Π_i h_q(x, a⁽ⁱ⁾, s⁽ⁱ⁾) on feasible x, hand-computed on
// a tiny instance; the construction (P, π, motifs, offsets) and the task built on it.
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import {
  EHRLICH_INFEASIBLE,
  type EhrlichFunction,
  ehrlichValue,
  ehrlichValues,
  isErgodic,
  isFeasible,
  makeEhrlich,
  motifPresence,
  optimalSequence,
  sampleDmp,
  sampleEhrlichDesigns,
  stationaryDistribution,
} from '../src/ehrlich.js';
import { QueryBudget } from '../src/query-budget.js';
import { tieBoundaryCount } from '../src/split.js';
import { EHRLICH_TASK_PARAMS, makeTask } from '../src/task.js';

// v = 4, L = 8, c = 2, k = 2, q = 2. P allows i → i and i → i+1 (mod 4) only, each with 1/2, so
// 0→2, 0→3, 1→0, 1→3, 2→0, 2→1, 3→1, 3→2 are banned. Motifs a⁽¹⁾ = (0, 1) at s⁽¹⁾ = (0, 2) and
// a⁽²⁾ = (2, 3) at s⁽²⁾ = (0, 3): one DMP path 0 → 1 → 2 → 3 cut in two, as the construction draws them.
const tiny: EhrlichFunction = {
  params: { vocab: 4, length: 8, motifs: 2, motifLength: 2, quantization: 2 },
  transition: [
    [0.5, 0.5, 0, 0],
    [0, 0.5, 0.5, 0],
    [0, 0, 0.5, 0.5],
    [0.5, 0, 0, 0.5],
  ],
  stationary: [0.25, 0.25, 0.25, 0.25],
  motifs: [
    [0, 1],
    [2, 3],
  ],
  offsets: [
    [0, 2],
    [0, 3],
  ],
};

describe('Ehrlich function, hand-computed on v = 4, L = 8, c = 2, k = 2, q = 2', () => {
  test('both motifs at their spacings: f = 1 · 1 = 1', () => {
    // [2,2,3,3,0,0,1,1]: a⁽²⁾ at l = 0 (x_0 = 2, x_3 = 3), a⁽¹⁾ at l = 4 (x_4 = 0, x_6 = 1)
    expect(ehrlichValue(tiny, [2, 2, 3, 3, 0, 0, 1, 1])).toBe(1);
    // [0,0,1,1,2,2,2,3]: a⁽²⁾ at the last place it fits, l = 4 (x_4 = 2, x_7 = 3)
    expect(ehrlichValue(tiny, [0, 0, 1, 1, 2, 2, 2, 3])).toBe(1);
  });

  test('one motif half present: f = ⌊2·½⌋/2 · 1 = 0.5', () => {
    // [2,2,3,3,0,0,0,0]: a⁽²⁾ whole at l = 0; a⁽¹⁾ has x_l = 0 (l = 4, 5) but never x_{l+2} = 1
    expect(motifPresence([2, 2, 3, 3, 0, 0, 0, 0], [0, 1], [0, 2], 2)).toBe(0.5);
    expect(ehrlichValue(tiny, [2, 2, 3, 3, 0, 0, 0, 0])).toBe(0.5);
  });

  test('both motifs half present: f = ½ · ½ = 0.25; with q = 1, ⌊1·½⌋/1 = 0', () => {
    // [3,3,3,3,0,0,0,0]: a⁽¹⁾ matches x_4 = 0 only; a⁽²⁾ matches x_3 = 3 only (l = 0)
    const x = [3, 3, 3, 3, 0, 0, 0, 0];
    expect(ehrlichValue(tiny, x)).toBe(0.25);
    const coarse = { ...tiny, params: { ...tiny.params, quantization: 1 } };
    expect(ehrlichValue(coarse, x)).toBe(0);
  });

  test('a motif missing everywhere gives 0 on a feasible sequence', () => {
    // all 0: a⁽¹⁾ half present, a⁽²⁾ has no 2 and no 3
    expect(isFeasible(tiny, [0, 0, 0, 0, 0, 0, 0, 0])).toBe(true);
    expect(ehrlichValue(tiny, [0, 0, 0, 0, 0, 0, 0, 0])).toBe(0);
  });

  test('an infeasible sequence scores the infeasible value even with every motif present', () => {
    // [2,2,3,3,0,0,1,0] holds both motifs, but 1 → 0 is banned
    expect(isFeasible(tiny, [2, 2, 3, 3, 0, 0, 1, 0])).toBe(false);
    expect(ehrlichValue(tiny, [2, 2, 3, 3, 0, 0, 1, 0])).toBe(EHRLICH_INFEASIBLE);
    expect(EHRLICH_INFEASIBLE).toBe(0);
    expect(isFeasible(tiny, [0, 2, 2, 2, 2, 2, 2, 2])).toBe(false); // 0 → 2 at the first step
  });

  test('quantisation with k = 4: 3 of 4 letters give ⌊q·¾⌋/q = 0.75 at q = 4 and 0.5 at q = 2', () => {
    const x = [5, 1, 7, 2, 9, 3, 9, 9]; // a = (1, 2, 3, 4) at s = (0, 2, 4, 6): l = 1 matches 1, 2, 3
    expect(motifPresence(x, [1, 2, 3, 4], [0, 2, 4, 6], 4)).toBe(0.75);
    expect(motifPresence(x, [1, 2, 3, 4], [0, 2, 4, 6], 2)).toBe(0.5);
    expect(motifPresence(x, [1, 2, 3, 4], [0, 2, 4, 6], 1)).toBe(0);
  });

  test('the optimal sequence is [0,0,1,2,2,2,3,3]: feasible, f = 1', () => {
    // a⁽¹⁾: 0 repeated until s_2 = 2, then 1; a⁽²⁾: 2 until s_2 = 3, then 3; padded with 3
    const x = optimalSequence(tiny);
    expect(x).toEqual([0, 0, 1, 2, 2, 2, 3, 3]);
    expect(isFeasible(tiny, x)).toBe(true);
    expect(ehrlichValue(tiny, x)).toBe(1);
  });

  test('π of the hand P is uniform (P is doubly stochastic)', () => {
    const pi = stationaryDistribution(tiny.transition);
    for (const p of pi) expect(p).toBeCloseTo(0.25, 12);
  });
});

describe('Ehrlich construction', () => {
  const params = { vocab: 16, length: 32, motifs: 4, motifLength: 4, quantization: 4 };

  test('P: rows sum to 1, repeats always allowed, banned entries from a band of half-width ⌊0.4v⌋, ergodic', () => {
    const ehrlich = makeEhrlich(new Rng('ehrlich-test'), params);
    for (const [i, row] of ehrlich.transition.entries()) {
      expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      expect(row[i]).toBeGreaterThan(0);
      // the band allows 2·6 + 1 = 13 of 16 letters; the diagonal may add one more
      expect([16 - 13, 16 - 14]).toContain(row.filter((p) => p === 0).length);
    }
    expect(isErgodic(ehrlich.transition)).toBe(true);
  });

  test('isErgodic rejects a reducible and a periodic chain', () => {
    expect(
      isErgodic([
        [1, 0],
        [0, 1],
      ]),
    ).toBe(false);
    expect(
      isErgodic([
        [0, 1],
        [1, 0],
      ]),
    ).toBe(false);
    expect(isErgodic(tiny.transition)).toBe(true);
  });

  test('π is stationary: πP = π, Σπ = 1', () => {
    const { transition, stationary } = makeEhrlich(new Rng('ehrlich-test'), params);
    expect(stationary.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 10);
    for (let j = 0; j < 16; j++) {
      const next = stationary.reduce((s, p, i) => s + p * transition[i]![j]!, 0);
      expect(next).toBeCloseTo(stationary[j]!, 10);
      expect(stationary[j]).toBeGreaterThanOrEqual(0);
    }
  });

  test('offsets start at 0, increase, and each motif spans at most L/c', () => {
    for (const seed of [0, 1, 2, 3, 4]) {
      const ehrlich = makeEhrlich(new Rng(seed), params);
      for (const s of ehrlich.offsets) {
        expect(s).toHaveLength(4);
        expect(s[0]).toBe(0);
        for (let j = 1; j < 4; j++) expect(s[j]!).toBeGreaterThan(s[j - 1]!);
        expect(s[3]! + 1).toBeLessThanOrEqual(32 / 4);
      }
    }
  });

  test('the optimal sequence of every instance is feasible and scores exactly 1.0', () => {
    for (const seed of [0, 1, 2, 3, 4, 5, 6, 7]) {
      for (const p of [params, { vocab: 32, length: 32, motifs: 4, motifLength: 4, quantization: 2 }]) {
        const ehrlich = makeEhrlich(new Rng(seed), p);
        const x = optimalSequence(ehrlich);
        expect(x).toHaveLength(32);
        expect(isFeasible(ehrlich, x)).toBe(true);
        expect(ehrlichValue(ehrlich, x)).toBe(1);
      }
    }
  });

  test('DMP samples are always feasible and score in [0, 1]', () => {
    const ehrlich = makeEhrlich(new Rng('ehrlich-test'), params);
    const designs = sampleEhrlichDesigns(new Rng('dmp'), ehrlich, 2000);
    for (let row = 0; row < 2000; row++)
      expect(isFeasible(ehrlich, designs.subarray(row * 32, (row + 1) * 32))).toBe(true);
    for (const y of ehrlichValues(ehrlich, designs)) {
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(1);
    }
    // the tiny hand instance too, from its uniform π
    const rng = new Rng('tiny-dmp');
    for (let i = 0; i < 500; i++)
      expect(isFeasible(tiny, sampleDmp(rng, tiny.stationary, tiny.transition, 8))).toBe(true);
  });

  test('most uniform random sequences are infeasible (the constraint bites)', () => {
    const ehrlich = makeEhrlich(new Rng('ehrlich-test'), params);
    const rng = new Rng('uniform');
    let feasible = 0;
    for (let i = 0; i < 2000; i++)
      if (
        isFeasible(
          ehrlich,
          Array.from({ length: 32 }, () => rng.int(16)),
        )
      )
        feasible++;
    // each step is allowed with probability ≈ 13.x/16, so ≈ 0.82^31 ≈ 0.2% of sequences are feasible
    expect(feasible / 2000).toBeLessThan(0.02);
  });

  test('a fixed seed gives the same function and data; another seed does not', () => {
    const a = makeEhrlich(new Rng(3), params);
    expect(makeEhrlich(new Rng(3), params)).toEqual(a);
    expect(makeEhrlich(new Rng(4), params)).not.toEqual(a);
    const first = sampleEhrlichDesigns(new Rng('d'), a, 100);
    expect(sampleEhrlichDesigns(new Rng('d'), a, 100)).toEqual(first);
  });

  test('bad parameters name the value and what is valid', () => {
    expect(() => makeEhrlich(new Rng(0), { ...params, motifs: 5, motifLength: 8 })).toThrow(
      /c·k = 5·8 = 40 exceeds the length L = 32; an optimal sequence exists only for c·k ≤ L/,
    );
    expect(() => makeEhrlich(new Rng(0), { ...params, quantization: 3 })).toThrow(
      /q = 3 must divide the motif length k = 4; valid: 1, 2, 4/,
    );
    expect(() => makeEhrlich(new Rng(0), { ...params, quantization: 8 })).toThrow(/valid: 1, 2, 4/);
    expect(() => makeEhrlich(new Rng(0), { ...params, motifLength: 1, quantization: 1 })).toThrow(
      /motifLength/,
    );
    expect(() => makeEhrlich(new Rng(0), { ...params, vocab: 1 })).toThrow(/vocab/);
  });
});

describe('task ehrlich-v16-l32-c4-k4-v0', () => {
  const task = makeTask('ehrlich-v16-l32-c4-k4-v0');
  const split = task.split({ seed: 42 });

  test('shape: 32,768 distinct DMP samples, L = 32 letters over v = 16, one-hot D = 512', () => {
    expect(EHRLICH_TASK_PARAMS).toEqual({
      vocab: 16,
      length: 32,
      motifs: 4,
      motifLength: 4,
      quantization: 4,
    });
    expect([task.size, task.length, task.vocab, task.rawDims, task.modelDims]).toEqual([
      32_768, 32, 16, 32, 512,
    ]);
    expect(task.isDiscrete).toBe(true);
    const { designs } = task.fullDataset();
    const keys = new Set<string>();
    for (let row = 0; row < task.size; row++) keys.add(designs.subarray(row * 32, (row + 1) * 32).join(','));
    expect(keys.size).toBe(32_768);
  });

  test('the dataset is feasible, and the known optimum 1.0 lies above all of it', () => {
    const ehrlich = makeEhrlich(new Rng('ehrlich-0').split('function'), EHRLICH_TASK_PARAMS);
    const { designs } = task.fullDataset();
    for (let row = 0; row < task.size; row++)
      expect(isFeasible(ehrlich, designs.subarray(row * 32, (row + 1) * 32))).toBe(true);
    expect(task.yMax).toBeLessThan(1);
    const budget = new QueryBudget(task.id, 1);
    budget.setPhase('final');
    expect(task.exactOracle(budget, 'a test', Float32Array.from(optimalSequence(ehrlich)))[0]).toBe(1);
  });

  test('the split keeps tied scores together: max(D_train) < min(D_valid ∪ D_test), D_train near half', () => {
    const n = task.size;
    expect(split.trainIndex.length + split.validIndex.length + split.testIndex.length).toBe(n);
    expect(new Set([...split.trainIndex, ...split.validIndex, ...split.testIndex]).size).toBe(n);
    expect(split.trainIndex.length / n).toBeGreaterThan(0.4);
    expect(split.trainIndex.length / n).toBeLessThan(0.6);
    expect(Math.abs(split.validIndex.length - split.testIndex.length)).toBeLessThanOrEqual(1);
    const budget = new QueryBudget(task.id, 0);
    budget.setPhase('final');
    const upper = [...split.validLabels, ...split.testLabels(budget, 'a test')];
    expect(Math.max(...split.trainLabels)).toBeLessThan(Math.min(...upper));
    expect(split.threshold).toBe(Math.max(...split.trainLabels));
  });

  test('tieBoundaryCount cuts between label values, at the boundary nearest fraction·n', () => {
    // [1,1,2,2,2,3]: boundaries after 2 and after 5 labels; 0.5·6 = 3 is nearer 2
    expect(tieBoundaryCount(Float32Array.from([2, 1, 3, 2, 1, 2]), 0.5)).toBe(2);
    expect(tieBoundaryCount(Float32Array.from([2, 1, 3, 2, 1, 2]), 0.8)).toBe(5);
    expect(() => tieBoundaryCount(Float32Array.from([4, 4, 4]), 0.5)).toThrow(/all 3 labels equal 4/);
  });

  test('a fixed task seed rebuilds the same task', () => {
    const again = makeTask('ehrlich-v16-l32-c4-k4-v0');
    expect(again.fullDataset().designs.subarray(0, 320)).toEqual(task.fullDataset().designs.subarray(0, 320));
    expect(
      makeTask('ehrlich-v16-l32-c4-k4-v0', { taskSeed: 1 }).fullDataset().designs.subarray(0, 320),
    ).not.toEqual(task.fullDataset().designs.subarray(0, 320));
  });
});
