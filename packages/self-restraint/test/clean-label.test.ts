// The clean-label test's pieces: oracle-selective labels, P(<idk>) per entity, the gate's value.
import { initBackend, Rng } from 'core-tensor';
import { describe, expect, it } from 'vitest';
import { cleanLabelScore, idkProbabilities, oracleSelectivePairs } from '../src/cleanLabel.js';
import { cleanLabelGateOf } from '../src/cleanLabelGate.js';
import { SelfRestraintConfig } from '../src/config.js';
import { TinyLM } from '../src/model.js';
import { IDK } from '../src/vocab.js';
import { World } from '../src/world.js';

await initBackend('wasm');

const config = SelfRestraintConfig.parse({
  world: { entitiesPerTier: 6 },
  model: { dModel: 16, layers: 1, heads: 2 },
});
const world = new World(config.world, 5);
const unknown = ['bottom', 'unseen'];

describe('clean-label test', () => {
  it('abstains exactly on the unknown tiers and gives the full true bio elsewhere', () => {
    const pairs = oracleSelectivePairs(world, world.ids('research'), unknown, new Rng('x'));
    for (const pair of pairs) {
      const e = world.entities[pair.entity]!;
      if (unknown.includes(e.tierName)) expect(pair.answer).toEqual([IDK]);
      else {
        const parsed = world.vocab.parse(pair.answer);
        expect(parsed.claims.length).toBe(world.vocab.attributes);
        expect(parsed.claims.every((c) => world.isTrue(pair.entity, c))).toBe(true);
      }
    }
  });
  it('reads P(<idk>) per entity and scores unknown vs top', () => {
    const model = new TinyLM(config.model, world.vocab.size, new Rng(1));
    const heldout = world.ids('heldout');
    const probs = idkProbabilities(model, world, heldout);
    expect(probs.length).toBe(heldout.length);
    for (const p of probs) expect(p).toBeGreaterThan(0);
    const score = cleanLabelScore(model, world, heldout, 'top', unknown);
    expect(score.unknownEntities).toBe(6);
    expect(score.topEntities).toBe(3);
    expect(score.auroc).toBeGreaterThanOrEqual(0);
    expect(score.auroc).toBeLessThanOrEqual(1);
  });
  it('gates on the worst seed, and an unmeasured seed makes the gate unmeasured', () => {
    const seed = (s: number, auroc: number) => ({
      seed: s,
      cleanLabel: { auroc, idkByTier: {}, unknownEntities: 1, topEntities: 1 },
    });
    expect(cleanLabelGateOf([seed(0, 0.9), seed(1, 0.7)]).value).toBe(0.7);
    expect(cleanLabelGateOf([seed(0, 0.9), seed(1, Number.NaN)]).value).toBeNaN();
  });
});
