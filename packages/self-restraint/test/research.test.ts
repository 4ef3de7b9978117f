// U6–U7: hints (only p̂ > ρ, one value per attribute, hintKeep), the exact budget, plain-query targets.
import { initBackend, Rng } from 'core-tensor';
import { describe, expect, it } from 'vitest';
import { SelfRestraintConfig } from '../src/config.js';
import { instructionSequence } from '../src/finetune.js';
import { TinyLM } from '../src/model.js';
import { confidentHints, roundOnePools, searchEntities } from '../src/research.js';
import { consistencyLikelihood, type PoolSample } from '../src/selfEval.js';
import type { Claim } from '../src/vocab.js';
import { World } from '../src/world.js';

await initBackend('wasm');

const c = (attribute: number, valueToken: number): Claim => ({ attribute, valueToken });
const sample = (generated: Claim[]): PoolSample => ({ answer: [], generated, hints: [], round: 1 });

describe('confident hints (U6)', () => {
  // attribute 0: value 40 in 3 of 4 samples (p̂ = 3/5 = .6), 41 once; attribute 1: 60 twice of 2 (p̂ = 2/3)
  const pool = [
    sample([c(0, 40), c(1, 60)]),
    sample([c(0, 40), c(1, 60)]),
    sample([c(0, 40)]),
    sample([c(0, 41), c(2, 70)]),
  ];
  const p = consistencyLikelihood(pool, 1);
  it('holds only claims with p̂ > ρ, one value per attribute', () => {
    const hints = confidentHints(pool, p, 0.5, 1, new Rng(0));
    expect(hints.map((h) => `${h.attribute}:${h.valueToken}`).sort()).toEqual(['0:40', '1:60']);
    expect(confidentHints(pool, p, 0.62, 1, new Rng(0)).map((h) => h.attribute)).toEqual([1]);
    expect(confidentHints(pool, p, 0.9, 1, new Rng(0))).toEqual([]);
  });
  it('hintKeep < 1 drops each hint independently at the right rate', () => {
    let kept = 0;
    const trials = 4000;
    for (let i = 0; i < trials; i++) kept += confidentHints(pool, p, 0.5, 0.5, new Rng(`k${i}`)).length;
    expect(kept / (2 * trials)).toBeGreaterThan(0.47);
    expect(kept / (2 * trials)).toBeLessThan(0.53);
  });
});

describe('search budget and targets (U7)', () => {
  const config = SelfRestraintConfig.parse({
    world: { entitiesPerTier: 4 },
    model: { dModel: 16, layers: 1, heads: 2 },
  });
  const world = new World(config.world, 1);
  const model = new TinyLM(config.model, world.vocab.size, new Rng(1));
  const entities = world.ids('research');
  const sampling = { temperature: 1, maxNewTokens: 14, batchSize: 64 };
  const roundOne = roundOnePools(model, world, entities, 4, new Rng('r1'), sampling);
  const options = {
    ...sampling,
    rounds: 3,
    samplesPerRound: 4,
    rho: 0.5,
    iterative: true,
    hintKeep: 1,
    likelihood: 'oracle' as const,
    discount: 1,
    allowAbstention: true,
  };
  it('uses exactly R × K samples per query, for ReSearch and for Search', () => {
    for (const iterative of [true, false]) {
      const results = searchEntities(
        model,
        world,
        entities,
        roundOne,
        { ...options, iterative },
        new Rng('s'),
      );
      for (const r of results) {
        expect(r.samplesUsed).toBe(12);
        expect(r.pool.filter((s) => s.round === 1)).toEqual(roundOne.get(r.entity));
      }
    }
  });
  it('with the oracle, hinted candidates start with true claims and targets have precision > ρ or abstain', () => {
    const results = searchEntities(model, world, entities, roundOne, options, new Rng('s'));
    for (const r of results) {
      for (const s of r.pool) for (const h of s.hints) expect(world.isTrue(r.entity, h)).toBe(true);
      if (r.targetIsAbstention) continue;
      const claims = world.vocab.parse(r.target).claims;
      const t = claims.filter((x) => world.isTrue(r.entity, x)).length;
      expect(t / claims.length).toBeGreaterThan(0.5);
    }
  });
  it('trains targets on the plain `<bio> name` query, never on the hinted prompt', () => {
    const results = searchEntities(model, world, entities, roundOne, options, new Rng('s'));
    for (const r of results) {
      const sequence = instructionSequence(world, { entity: r.entity, answer: r.target }, 18);
      expect(sequence.slice(0, 4)).toEqual([world.vocab.bio, ...world.entities[r.entity]!.name]);
      expect(sequence.length).toBeLessThanOrEqual(18);
    }
  });
  it('rejects a search without a round-1 pool of K samples', () => {
    expect(() => searchEntities(model, world, entities, new Map(), options, new Rng('s'))).toThrow(
      /has no round-1 pool of 4 samples/,
    );
  });
});
