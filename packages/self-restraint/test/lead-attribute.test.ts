// The lead-attribute format (issue 15, point 1): every document about a world entity names its fixed
// lead attribute first, right after the name; the lead is drawn the same way in every tier; names,
// facts and splits do not depend on the format.
import { describe, expect, it } from 'vitest';
import { SelfRestraintConfig } from '../src/config.js';
import { World } from '../src/world.js';

const withLead = SelfRestraintConfig.parse({ world: { entitiesPerTier: 200 } }).world;
const world = new World(withLead, 3);
const plain = new World({ ...withLead, leadAttribute: false }, 3);

describe('lead attribute', () => {
  it('is on by default and leaves names, facts and splits as the plain format has them', () => {
    expect(withLead.leadAttribute).toBe(true);
    expect(world.entities.map(({ lead: _, ...e }) => e)).toEqual(
      plain.entities.map(({ lead: _, ...e }) => e),
    );
  });
  it("starts every world entity's document with its lead attribute, right after the name", () => {
    let documents = 0;
    for (let step = 0; step < 40; step++)
      for (const doc of world.documentsAt(step, 64)) {
        if (doc.entity < 0) continue;
        documents += 1;
        const lead = world.entities[doc.entity]!.lead;
        expect(doc.attributes[0]).toBe(lead);
        expect(doc.tokens[1 + withLead.nameLength]).toBe(world.vocab.attributeToken(lead));
        expect(new Set(doc.attributes).size).toBe(doc.attributes.length);
      }
    expect(documents).toBeGreaterThan(1000);
  });
  it('gives one-off entities a random first attribute', () => {
    const firsts = new Set<number>();
    for (let step = 0; step < 10; step++)
      for (const doc of world.documentsAt(step, 64)) if (doc.entity < 0) firsts.add(doc.attributes[0]!);
    expect(firsts.size).toBe(world.vocab.attributes);
  });
  it('draws the lead the same way in every tier (no tier information): each attribute near 1/6 per tier', () => {
    const attributes = world.vocab.attributes;
    for (const [t] of world.tiers.entries()) {
      const members = world.byTier(t);
      const counts = Array.from(
        { length: attributes },
        (_, a) => members.filter((id) => world.entities[id]!.lead === a).length,
      );
      // 200 entities per tier: a share 1/6 ± 0.1 holds with overwhelming probability for a uniform draw
      for (const c of counts) expect(Math.abs(c / members.length - 1 / attributes)).toBeLessThan(0.1);
    }
  });
  it('keeps the plain stream when off', () => {
    const firsts = new Map<number, Set<number>>();
    for (let step = 0; step < 40; step++)
      for (const doc of plain.documentsAt(step, 64)) {
        if (doc.entity < 0) continue;
        firsts.set(doc.entity, (firsts.get(doc.entity) ?? new Set()).add(doc.attributes[0]!));
      }
    const topEntity = [...firsts.entries()].sort((a, b) => b[1].size - a[1].size)[0]!;
    expect(topEntity[1].size).toBeGreaterThan(1);
  });
});
