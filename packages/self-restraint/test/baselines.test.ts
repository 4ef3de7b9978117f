// The peer baselines' training data (src/baselines.ts): R-Tuning's refusal-aware targets and
// FactTune-MC's confidence-ranked preference pairs, on hand-made pools with known truth.
import { describe, expect, it } from 'vitest';
import { factTuneTriples, formatPairs, rTuningPairs } from '../src/baselines.js';
import { SelfRestraintConfig } from '../src/config.js';
import type { PoolSample } from '../src/selfEval.js';
import { type Claim, EOS, IDK } from '../src/vocab.js';
import { World } from '../src/world.js';

const config = SelfRestraintConfig.parse({ world: { entitiesPerTier: 6 } });
const world = new World(config.world, 3);
const entity = world.ids('research')[0]!;
const truthOf = (a: number) => world.trueClaims(entity)[a]!;
const wrongOf = (a: number): Claim => {
  const e = world.entities[entity]!;
  return { attribute: a, valueToken: world.vocab.valueToken(a, (e.truth[a]! + 1) % 4) };
};
const sampleOf = (claims: Claim[]): PoolSample => ({
  answer: [...world.vocab.claimTokens(claims), EOS, 0],
  generated: claims,
  hints: [],
  round: 1,
});

describe('R-Tuning targets', () => {
  it('keeps a correct prediction (U_ρ > 0) and refuses a wrong one', () => {
    const correct = sampleOf([truthOf(0), truthOf(1), wrongOf(2)]); // 2 true, 1 false: U@0.5 = 1
    const wrong = sampleOf([truthOf(0), wrongOf(1), wrongOf(2)]); // 1 true, 2 false: U@0.5 = −1
    const kept = rTuningPairs(world, [entity], new Map([[entity, [correct, wrong]]]), 0.5);
    expect(kept).toEqual([{ entity, answer: world.vocab.claimTokens(correct.generated) }]);
    const refused = rTuningPairs(world, [entity], new Map([[entity, [wrong, correct]]]), 0.5);
    expect(refused).toEqual([{ entity, answer: [IDK] }]);
    // at ρ = 0.75 (λ = 3) two true and one false claim no longer pay
    expect(rTuningPairs(world, [entity], new Map([[entity, [correct]]]), 0.75)[0]!.answer).toEqual([IDK]);
  });

  it('names the entity whose pool is missing', () => {
    expect(() => rTuningPairs(world, [entity], new Map(), 0.5)).toThrow(`entity ${entity}`);
  });
});

describe('FactTune-MC pairs', () => {
  it('prefers the most self-consistent sample and rejects the least', () => {
    // value of attribute 0 repeated 3×: p̂ = 3/4 with discount 1; the odd one out has p̂ = 1/4
    const a = sampleOf([truthOf(0)]);
    const odd = sampleOf([wrongOf(0)]);
    const [triple] = factTuneTriples([entity], new Map([[entity, [a, a, odd, a]]]), 1);
    expect(triple).toEqual({
      entity,
      chosen: world.vocab.claimTokens(a.generated),
      rejected: world.vocab.claimTokens(odd.generated),
    });
  });

  it('gives no pair when every scored sample ties or only one has claims', () => {
    const a = sampleOf([truthOf(0)]);
    expect(factTuneTriples([entity], new Map([[entity, [a, a]]]), 1)).toEqual([]);
    expect(factTuneTriples([entity], new Map([[entity, [a, sampleOf([])]]]), 1)).toEqual([]);
  });
});

describe('format pairs', () => {
  it('take the picked sample, trimmed at <eos>', () => {
    const pool = [sampleOf([truthOf(0)]), sampleOf([truthOf(1)])];
    const [pair] = formatPairs([entity], new Map([[entity, pool]]), () => 1);
    expect(pair).toEqual({ entity, answer: world.vocab.claimTokens([truthOf(1)]) });
  });
});
