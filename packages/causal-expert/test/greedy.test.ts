// §9.3 deterministic cases: reports are all true arcs except the listed flips.
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import { drawEpsilonAnswers, epsilonReport, type LikelihoodMode } from '../src/expert-epsilon.js';
import { greedyAmend, thresholdSlack } from '../src/greedy.js';
import { memberIndex } from '../src/mec.js';
import { keeps } from '../src/metrics.js';
import { oracleProblem } from '../src/oracle.js';
import { posterior } from '../src/posterior.js';
import { type Semantics, type Strategy, semanticsFlags } from '../src/semantics.js';

function setup(network: string, epsilon: number, flips: string[], mode: LikelihoodMode) {
  const { mec, dag } = oracleProblem(network);
  const labels = mec.edges.map((e) => `${dag.names[e.from]}→${dag.names[e.to]}`);
  for (const flip of flips) expect(labels).toContain(flip);
  const truth = new Uint8Array(mec.m).fill(1);
  const correct = Uint8Array.from(labels, (label) => (flips.includes(label) ? 0 : 1));
  const report = epsilonReport(truth, correct, epsilon, mode);
  const weights = posterior(mec.members, mec.m, report);
  return { mec, report, weights, truthIndex: memberIndex(mec, truth) };
}

function run(
  network: string,
  epsilon: number,
  eta: number,
  flips: string[],
  semantics: Semantics,
  strategy: Strategy,
) {
  const flags = semanticsFlags(semantics, strategy);
  const { mec, report, weights, truthIndex } = setup(network, epsilon, flips, flags.likelihood);
  const result = greedyAmend(
    { members: mec.members, m: mec.m, weights, reported: report.reported, eta },
    flags,
  );
  return { ...result, keptTruth: keeps(result.kept, truthIndex) };
}

const childFlips = ['Disease→Age', 'Disease→LungParench'];
const insuranceFlips = ['Age→DrivingSkill', 'RiskAversion→AntiTheft', 'SocioEcon→AntiTheft'];
const sachsFlips = ['Mek→Erk', 'PKA→Erk'];

// [network, ε, η, flips, P(G*|O) report-keyed, S_risk product, S_risk exact, S_size product, S_size exact]
type Cell = [number, number];
const reportKeyed: [string, number, number, string[], number, Cell, Cell, Cell, Cell][] = [
  ['asia', 0.1, 0.1, [], 0.736364, [4, 0.909091], [4, 0.909091], [4, 0.909091], [4, 0.909091]],
  ['asia', 0.1, 0.1, ['asia→tub'], 0.081818, [4, 0.909091], [4, 0.909091], [4, 0.909091], [4, 0.909091]],
  ['child', 0.1, 0.1, [], 0.75665, [10, 0.920774], [4, 0.934136], [9, 0.90726], [4, 0.934136]],
  ['child', 0.1, 0.1, childFlips, 0.358917, [12, 0.925102], [10, 0.930525], [16, 0.940124], [10, 0.930525]],
  ['child', 0.1, 0.3, childFlips, 0.358917, [7, 0.759066], [3, 0.757713], [10, 0.743193], [3, 0.757713]],
  ['insurance', 0.05, 0.1, [], 0.850169, [3, 0.903509], [3, 0.939661], [13, 0.947118], [3, 0.939661]],
  [
    'insurance',
    0.05,
    0.2,
    insuranceFlips,
    0.436197,
    [5, 0.868114],
    [5, 0.919518],
    [12, 0.84439],
    [5, 0.919518],
  ],
  ['sachs', 0.1, 0.2, sachsFlips, 0.426505, [108, 0.871147], [33, 0.837343], [120, 0.818854], [48, 0.800874]],
];

describe('greedy amendment, §9.3 report-keyed cases', () => {
  test.each(reportKeyed)(
    '%s ε=%s η=%s flips %j',
    (network, epsilon, eta, flips, pStar, riskProd, riskExact, sizeProd, sizeExact) => {
      const { weights, truthIndex } = setup(network, epsilon, flips, 'report-keyed');
      expect(weights[truthIndex]).toBeCloseTo(pStar, 6);
      const cases: [Semantics, Strategy, Cell][] = [
        ['corrected-product', 'risk', riskProd],
        ['corrected', 'risk', riskExact],
        ['corrected-product', 'size', sizeProd],
        ['corrected', 'size', sizeExact],
      ];
      for (const [semantics, strategy, [size, confidence]] of cases) {
        const result = run(network, epsilon, eta, flips, semantics, strategy);
        expect([semantics, strategy, result.kept.length]).toEqual([semantics, strategy, size]);
        expect(result.confidence).toBeCloseTo(confidence, 6);
        expect(result.keptTruth).toBe(true);
      }
    },
  );
});

// [network, ε, η, flips, paper-2023 S_risk, official-2024 S_risk, S_size (either)]
const official: [string, number, number, string[], Cell, Cell, Cell][] = [
  ['asia', 0.1, 0.1, [], [4, 0.909091], [4, 0.909091], [4, 0.909091]],
  ['asia', 0.1, 0.1, ['asia→tub'], [4, 0.909091], [4, 0.909091], [4, 0.909091]],
  ['child', 0.1, 0.1, [], [10, 0.900498], [10, 0.920774], [9, 0.90726]],
  ['child', 0.1, 0.1, childFlips, [11, 0.903857], [12, 0.928337], [11, 0.92095]],
  ['child', 0.1, 0.3, childFlips, [2, 0.706815], [3, 0.713384], [2, 0.706815]],
  ['insurance', 0.05, 0.1, [], [13, 0.947118], [3, 0.903509], [13, 0.947118]],
  ['insurance', 0.05, 0.2, insuranceFlips, [3, 0.849821], [2, 0.809762], [3, 0.849821]],
  ['sachs', 0.1, 0.2, sachsFlips, [96, 0.802468], [54, 0.83486], [96, 0.808888]],
];

describe('greedy amendment, §9.3 official semantics', () => {
  test.each(official)('%s ε=%s η=%s flips %j', (network, epsilon, eta, flips, paper, head, size) => {
    const cases: [Semantics, Strategy, Cell][] = [
      ['paper-2023', 'risk', paper],
      ['official-2024', 'risk', head],
      ['paper-2023', 'size', size],
      ['official-2024', 'size', size],
    ];
    for (const [semantics, strategy, [k, confidence]] of cases) {
      const result = run(network, epsilon, eta, flips, semantics, strategy);
      expect([semantics, strategy, result.kept.length]).toEqual([semantics, strategy, k]);
      expect(result.confidence).toBeCloseTo(confidence, 6);
    }
  });

  test.each([
    ['asia', 0.1, 0.736364, ['asia→tub']],
    ['child', 0.1, 0.75665, childFlips],
    ['insurance', 0.05, 0.850169, insuranceFlips],
    ['sachs', 0.1, 0.468706, sachsFlips],
  ] as const)('%s: the truth-keyed P(G*|O) is invariant to flips', (network, epsilon, pStar, flips) => {
    const none = setup(network, epsilon, [], 'truth-keyed');
    const flipped = setup(network, epsilon, [...flips], 'truth-keyed');
    expect(none.weights[none.truthIndex]).toBeCloseTo(pStar, 6);
    expect(flipped.weights[flipped.truthIndex]).toBeCloseTo(pStar, 6);
    for (const [k, w] of flipped.weights.entries()) expect(w).toBeCloseTo(none.weights[k]!, 12);
  });
});

describe('the official behaviours as flags, each changing the result', () => {
  test('truth-keyed likelihood (the leak) vs report-keyed: only the latter reacts to wrong answers', () => {
    const truthKeyed = run('child', 0.1, 0.3, childFlips, 'official-2024', 'risk');
    const reportKeyedResult = run('child', 0.1, 0.3, childFlips, 'corrected-product', 'risk');
    expect(truthKeyed.kept.length).toBe(3);
    expect(reportKeyedResult.kept.length).toBe(7);
  });

  test('paper-2023 S_risk picks the least likely arc, HEAD the most likely', () => {
    expect(run('insurance', 0.05, 0.1, [], 'paper-2023', 'risk').kept.length).toBe(13);
    expect(run('insurance', 0.05, 0.1, [], 'official-2024', 'risk').kept.length).toBe(3);
  });

  test('re-picking implied arcs: product mode deflates p (child: 22 instead of 10), exact mode hits the guard', () => {
    const { mec, report, weights } = setup('child', 0.1, [], 'report-keyed');
    const input = { members: mec.members, m: mec.m, weights, reported: report.reported, eta: 0.1 };
    const base = { strategy: 'risk', pickOrder: 'most-likely', skipNoOp: false } as const;
    const rePicking = greedyAmend(input, { ...base, confidence: 'product', removeTaken: false });
    const removing = greedyAmend(input, { ...base, confidence: 'product', removeTaken: true });
    expect(rePicking.kept.length).toBe(22);
    expect(removing.kept.length).toBe(10);
    const exactLoop = greedyAmend(input, { ...base, confidence: 'exact', removeTaken: false });
    expect(exactLoop.hitGuard).toBe(true);
    expect(exactLoop.iterations).toBe(10 * mec.m);
    const exactFixed = greedyAmend(input, {
      ...base,
      confidence: 'exact',
      removeTaken: true,
      skipNoOp: true,
    });
    expect(exactFixed.hitGuard).toBe(false);
  });

  test('exact mode: the returned confidence is the posterior mass of M′ and stays above 1 − η', () => {
    const { mec, report, weights } = setup('sachs', 0.1, sachsFlips, 'report-keyed');
    const result = greedyAmend(
      { members: mec.members, m: mec.m, weights, reported: report.reported, eta: 0.2 },
      semanticsFlags('corrected', 'risk'),
    );
    const mass = Array.from(result.kept).reduce((s, k) => s + weights[k]!, 0);
    expect(result.confidence).toBeCloseTo(mass, 12);
    expect(result.confidence).toBeGreaterThan(0.8);
  });

  test('bad η is rejected', () => {
    const { mec, report, weights } = setup('asia', 0.1, [], 'report-keyed');
    expect(() =>
      greedyAmend(
        { members: mec.members, m: mec.m, weights, reported: report.reported, eta: 1.5 },
        semanticsFlags('corrected', 'risk'),
      ),
    ).toThrow(/eta 1.5 is invalid; valid: a number in \[0, 1\]/);
  });
});

// Invariant C3: under `corrected` S_risk the amended class is nested in η for the same answers, so
// |M'| and P(G* ∈ M') cannot increase with η. The pick is the most probable admissible arc; a
// larger η only admits more arcs, so its run repeats the smaller η's picks and may go further.
describe('invariant C3: corrected S_risk classes are nested in η', () => {
  const etas = [0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9];
  test.each(['asia', 'sachs', 'child', 'insurance', 'alarm', 'hailfinder'])(
    '%s: 60 random reports at ε ∈ {0.05, 0.1, 0.3}, M′(η) ⊆ M′(η′) for η > η′',
    (network) => {
      const { mec } = oracleProblem(network);
      const truth = new Uint8Array(mec.m).fill(1);
      const rng = new Rng(`C3/${network}`);
      let shrinking = 0;
      for (let trial = 0; trial < 60; trial++) {
        const epsilon = [0.05, 0.1, 0.3][trial % 3]!;
        const report = epsilonReport(truth, drawEpsilonAnswers(rng, mec.m, epsilon), epsilon, 'report-keyed');
        const weights = posterior(mec.members, mec.m, report);
        let previous: Set<number> | null = null;
        for (const eta of etas) {
          const { kept } = greedyAmend(
            { members: mec.members, m: mec.m, weights, reported: report.reported, eta },
            semanticsFlags('corrected', 'risk'),
          );
          const current = new Set(kept);
          if (previous) {
            for (const k of current) expect(previous.has(k)).toBe(true);
            if (current.size < previous.size) shrinking++;
          }
          previous = current;
        }
      }
      if (mec.m > 0) expect(shrinking).toBeGreaterThan(0); // η does change the classes here
    },
  );
});

// C2's tie cells: a candidate whose posterior is exactly 1 − η (alarm, ε = 0.1: every 2-node
// component's arc has q = 0.9 up to rounding) is kept out by δ and let in by the paper's ≥ reading.
describe('threshold ties at exactly 1 − η', () => {
  test('alarm ε = 0.1, η = 0.1, no flips: δ commits nothing, the ≥ reading (η + 2δ) commits', () => {
    const { mec, report, weights } = setup('alarm', 0.1, [], 'report-keyed');
    const input = { members: mec.members, m: mec.m, weights, reported: report.reported, eta: 0.1 };
    const flags = semanticsFlags('corrected', 'risk');
    expect(greedyAmend(input, flags).kept).toHaveLength(16);
    const atLeast = greedyAmend({ ...input, eta: 0.1 + 2 * thresholdSlack }, flags);
    expect(atLeast.kept.length).toBeLessThan(16);
    expect(atLeast.confidence).toBeCloseTo(0.9, 9);
  });
});
