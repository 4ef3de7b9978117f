import { describe, expect, test } from 'vitest';
import { normalisedScore, rSquared } from '../src/loops/evaluate.js';
import {
  type ClaimInput,
  checkC1,
  checkC2,
  checkC3,
  checkC4,
  checkC5,
  checkC6,
  checkC7,
  checkC8,
  checkC9,
} from '../src/protocol/claims.js';
import { type FinetuneRecord, pairedDeltas } from '../src/protocol/scores.js';
import { pairedStats } from '../src/protocol/stats.js';

function records(condition: string, scores: number[], task = 'reach4_top_left'): FinetuneRecord[] {
  return scores.map((finalScore, seed) => ({
    task,
    condition,
    seed,
    finalScore,
    initialScore: null,
    rewardR2: null,
    finiteLosses: true,
    snapshotFrames: null,
  }));
}

const input = (finetune: FinetuneRecord[], extra: Partial<ClaimInput> = {}): ClaimInput => ({
  finetune,
  scaling: [],
  expertOverall: null,
  ...extra,
});

describe('protocol (brief §7, §9, §11)', () => {
  test('normalised score and R²', () => {
    expect(normalisedScore(125, 'reach4')).toBe(0.5);
    expect(normalisedScore(500, 'walker')).toBe(0.5);
    expect(rSquared([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(rSquared([1, 2, 3], [2, 2, 2])).toBe(0);
  });

  test('paired Δ matches (task, seed) pairs only', () => {
    const rs = [...records('a', [0.5, 0.6]), ...records('b', [0.1, 0.2, 0.9])];
    expect(pairedDeltas(rs, 'a', 'b').map((d) => Number(d.toFixed(6)))).toEqual([0.4, 0.4]);
  });

  test('bootstrap CI only with ≥ 10 pairs; it brackets the mean', () => {
    expect(pairedStats([0.1, 0.2])!.ci).toBeNull();
    // Δ = 0.10, 0.11, …, 0.21: mean 0.155; every resampled mean lies within [0.10, 0.21]
    const deltas = Array.from({ length: 12 }, (_, i) => 0.1 + 0.01 * i);
    const [lo, hi] = pairedStats(deltas)!.ci!;
    expect(lo).toBeLessThan(0.155);
    expect(hi).toBeGreaterThan(0.155);
    expect(lo).toBeGreaterThanOrEqual(0.1);
    expect(hi).toBeLessThanOrEqual(0.21);
  });

  test('C1 and C3 each return all three verdicts', () => {
    const scratch = records('scratch', [0.1, 0.1, 0.1, 0.1]);
    expect(checkC1(input([...scratch, ...records('pt-actor', [0.3, 0.3, 0.3, 0.3])])).verdict).toBe(
      'reproduced',
    );
    expect(checkC1(input([...scratch, ...records('pt-actor', [0.1, 0.05, 0.1, 0.1])])).verdict).toBe(
      'not reproduced',
    );
    expect(checkC1(input([...scratch, ...records('pt-actor', [0.3, 0.0, 0.0, 0.3])])).verdict).toBe(
      'inconclusive',
    );
    const frozen = records('pt-frozen', [0.1, 0.1, 0.1, 0.1]);
    expect(checkC3(input([...frozen, ...records('pt-actor', [0.2, 0.2, 0.2, 0.2])])).verdict).toBe(
      'reproduced',
    );
    expect(checkC3(input([...frozen, ...records('pt-actor', [0, 0, 0, 0])])).verdict).toBe('not reproduced');
    expect(checkC3(input([...frozen, ...records('pt-actor', [0.12, 0.12, 0.12, 0.12])])).verdict).toBe(
      'inconclusive',
    );
  });

  test('C2 returns all three verdicts and flags an improvement', () => {
    const actor = records('pt-actor', [0.5, 0.5, 0.5, 0.5]);
    const better = checkC2(input([...actor, ...records('pt-mpc', [0.6, 0.6, 0.6, 0.6])]));
    expect(better.verdict).toBe('reproduced');
    expect(better.measured).toMatch(/improvement/);
    expect(checkC2(input([...actor, ...records('pt-mpc', [0.4, 0.4, 0.4, 0.4])])).verdict).toBe(
      'not reproduced',
    );
    expect(checkC2(input([...actor, ...records('pt-mpc', [0.49, 0.49, 0.49, 0.49])])).verdict).toBe(
      'inconclusive',
    );
  });

  test('C4 Spearman rule', () => {
    const scaling = (scores: number[]) =>
      scores.map((score, i) => ({ frames: [10, 20, 30][i % 3]!, seed: Math.floor(i / 3), score }));
    expect(checkC4(input([], { scaling: scaling([0.1, 0.2, 0.3, 0.15, 0.25, 0.35]) })).verdict).toBe(
      'reproduced',
    );
    expect(checkC4(input([], { scaling: scaling([0.3, 0.2, 0.1, 0.35, 0.25, 0.15]) })).verdict).toBe(
      'not reproduced',
    );
    expect(checkC4(input([], { scaling: scaling([0.2, 0.25, 0.1, 0.15, 0.35, 0.3]) })).verdict).toBe(
      'inconclusive',
    );
    expect(checkC4(input([])).measured).toBe('not run in this preset');
  });

  test('C5, C6 and C9 thresholds', () => {
    const lbs = records('pt-actor', [0.5, 0.5]);
    expect(checkC5(input([...lbs, ...records('random-actor', [0.47, 0.47])])).verdict).toBe('reproduced');
    expect(checkC5(input([...lbs, ...records('random-actor', [0.3, 0.3])])).verdict).toBe('not reproduced');
    expect(checkC5(input([...lbs, ...records('random-actor', [0.42, 0.42])])).verdict).toBe('inconclusive');
    const walkerLbs = records('pt-actor', [0.5, 0.5], 'walker_walk');
    expect(
      checkC6(input([...walkerLbs, ...records('random-actor', [0.4, 0.4], 'walker_walk')])).verdict,
    ).toBe('reproduced');
    expect(
      checkC6(input([...walkerLbs, ...records('random-actor', [0.6, 0.6], 'walker_walk')])).verdict,
    ).toBe('not reproduced');
    expect(
      checkC6(input([...walkerLbs, ...records('random-actor', [0.48, 0.48], 'walker_walk')])).verdict,
    ).toBe('inconclusive');
    expect(checkC6(input([...lbs, ...records('random-actor', [0.4, 0.4])])).verdict).toBe('inconclusive'); // reach only: not run
    expect(checkC9(input([...lbs, ...records('decoder-grad', [0.4, 0.4])])).verdict).toBe('reproduced');
    expect(checkC9(input([...lbs, ...records('decoder-grad', [0.6, 0.6])])).verdict).toBe('not reproduced');
    expect(checkC9(input([...lbs, ...records('decoder-grad', [0.49, 0.49])])).verdict).toBe('inconclusive');
  });

  test('C7 needs an expert table; C8 combines two rules', () => {
    expect(checkC7(input([])).verdict).toBe('inconclusive');
    expect(checkC7(input([], { expertOverall: 0.9 })).verdict).toBe('reproduced');
    expect(checkC7(input([], { expertOverall: 0.5 })).verdict).toBe('not reproduced');
    expect(checkC7(input([], { expertOverall: 0.8 })).verdict).toBe('inconclusive');
    const t = 'walker_run';
    const base = records('pt-actor', [0.5, 0.5], t);
    expect(
      checkC8(
        input([
          ...base,
          ...records('init-critic', [0.5, 0.5], t),
          ...records('no-init-actor', [0.3, 0.3], t),
        ]),
      ).verdict,
    ).toBe('reproduced');
    expect(
      checkC8(
        input([
          ...base,
          ...records('init-critic', [0.6, 0.6], t),
          ...records('no-init-actor', [0.3, 0.3], t),
        ]),
      ).verdict,
    ).toBe('not reproduced');
    expect(
      checkC8(
        input([
          ...base,
          ...records('init-critic', [0.53, 0.53], t),
          ...records('no-init-actor', [0.3, 0.3], t),
        ]),
      ).verdict,
    ).toBe('inconclusive');
  });
});
