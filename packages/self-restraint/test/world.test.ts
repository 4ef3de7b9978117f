// U9: tier counts, stream frequencies, long-tail names, document shape, corruption, splits.
import { describe, expect, it } from 'vitest';
import { SelfRestraintConfig } from '../src/config.js';
import { BOS, EOS } from '../src/vocab.js';
import { World } from '../src/world.js';

const config = SelfRestraintConfig.parse({ world: { entitiesPerTier: 20, corruptFrac: 0.2 } }).world;
const world = new World(config, 7);

describe('world', () => {
  it('has the tier counts and distinct names', () => {
    expect(world.entities.length).toBe(100);
    for (const [t, tier] of world.tiers.entries()) expect(world.byTier(t).length).toBe(tier.count);
    expect(new Set(world.entities.map((e) => e.name.join(','))).size).toBe(100);
  });
  it('splits every tier 50/50 into disjoint ReSearch and held-out entities', () => {
    for (const [t] of world.tiers.entries()) {
      expect(world.byTier(t, 'research').length).toBe(10);
      expect(world.byTier(t, 'heldout').length).toBe(10);
    }
    const research = new Set(world.ids('research'));
    expect(world.ids('heldout').some((id) => research.has(id))).toBe(false);
  });
  it('streams documents with the expected frequencies; long-tail names never collide', () => {
    const names = new Set(world.entities.map((e) => e.name.join(',')));
    const perTier = world.tiers.map(() => 0);
    let longTail = 0;
    let corrupted = 0;
    let worldDocs = 0;
    const steps = 300;
    for (let step = 0; step < steps; step++) {
      for (const doc of world.documentsAt(step, 64)) {
        expect(doc.tokens[0]).toBe(BOS);
        expect(doc.tokens[doc.tokens.length - 1]).toBe(EOS);
        expect(doc.attributes.length).toBeGreaterThanOrEqual(1);
        expect(doc.attributes.length).toBeLessThanOrEqual(5);
        const name = doc.tokens.slice(1, 4).join(',');
        if (doc.entity < 0) {
          longTail++;
          expect(names.has(name)).toBe(false);
        } else {
          worldDocs++;
          perTier[world.entities[doc.entity]!.tier]! += 1;
          if (doc.corrupted) corrupted++;
          expect(name).toBe(world.entities[doc.entity]!.name.join(','));
        }
      }
    }
    const total = steps * 64;
    expect(longTail / total).toBeGreaterThan(0.33);
    expect(longTail / total).toBeLessThan(0.37);
    const weights = world.tiers.map((t) => t.docs * t.count);
    const sum = weights.reduce((a, b) => a + b, 0);
    for (const [t, w] of weights.entries())
      expect(Math.abs(perTier[t]! / worldDocs - w / sum)).toBeLessThan(0.02);
    expect(perTier[4]).toBe(0); // the unseen tier never appears
    expect(Math.abs(corrupted / worldDocs - 0.2)).toBeLessThan(0.02);
  });
  it('corrupted documents use the misconception table, which never equals the truth', () => {
    for (const e of world.entities)
      for (const [a, v] of e.truth.entries()) expect(e.misconception[a]).not.toBe(v);
    const doc = Array.from({ length: 50 }, (_, s) => world.documentsAt(s, 64))
      .flat()
      .find((d) => d.corrupted)!;
    const e = world.entities[doc.entity]!;
    const parsed = world.vocab.parse(doc.tokens.slice(4));
    for (const claim of parsed.claims)
      expect(world.vocab.valueIndex(claim.valueToken)).toBe(e.misconception[claim.attribute]);
  });
  it('is a function of the seed; the stream a function of (seed, step)', () => {
    const again = new World(config, 7);
    expect(again.entities).toEqual(world.entities);
    expect(again.documentsAt(5, 8)).toEqual(world.documentsAt(5, 8));
    expect(new World(config, 8).entities[0]!.truth).not.toEqual(
      world.entities.map((e) => e.truth)[0]!.concat([99]),
    );
  });
  it('rejects impossible settings with a clear error', () => {
    expect(() => new World({ ...config, maxAttrsPerDoc: 9 }, 0)).toThrow(
      /maxAttrsPerDoc \(9\) must be ≤ the number of attributes \(6\)/,
    );
    expect(() => new World({ ...config, syllables: 4, entitiesPerTier: 20 }, 0)).toThrow(/distinct names/);
  });
});
