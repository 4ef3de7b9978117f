// The events schema of brief §3.2 (the `paper` preset's second world) beside the biographies one.
import { describe, expect, it } from 'vitest';
import { SelfRestraintConfig } from '../src/config.js';
import { experiment } from '../src/experiment.js';
import { renderAnswer } from '../src/vocab.js';
import { World } from '../src/world.js';

const small = { entitiesPerTier: 4 };

describe('entity schemas', () => {
  it('biographies stay the default: V = 113', () => {
    const world = new World(SelfRestraintConfig.parse({ world: small }).world, 0);
    expect(world.vocab.size).toBe(113);
    expect(world.vocab.tokenText(world.vocab.attributeToken(0))).toBe('birthplace');
  });

  it('events have 40/30/12/40/6/8 values (V = 171) and their own sentences', () => {
    const world = new World(SelfRestraintConfig.parse({ world: { ...small, schema: 'events' } }).world, 0);
    expect(world.vocab.attributeSizes).toEqual([40, 30, 12, 40, 6, 8]);
    expect(world.vocab.size).toBe(4 + 24 + 6 + 136 + 1);
    const claim = { attribute: 0, valueToken: world.vocab.valueToken(0, 7) };
    expect(
      renderAnswer(world.vocab, 'Bakiro', { abstained: false, claims: [claim], malformed: 0, stray: 0 }),
    ).toBe('Bakiro took place in city 7.');
  });

  it('an attributeSizes list that does not fit the schema names both', () => {
    const config = SelfRestraintConfig.parse({
      world: { ...small, schema: 'events', attributeSizes: [4, 4] },
    });
    expect(() => new World(config.world, 0)).toThrow(/2 entries but the events schema has 6 attributes/);
  });

  it('an unknown schema is a config error naming the valid ones', () => {
    const parsed = SelfRestraintConfig.safeParse({ world: { schema: 'movies' } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/bios.*events/);
  });

  it('the paper-events preset is the paper preset on the events schema', () => {
    const presets = experiment.presets as Record<string, { world?: Record<string, unknown> }>;
    expect(presets['paper-events']?.world).toEqual({ ...presets.paper?.world, schema: 'events' });
    expect(SelfRestraintConfig.safeParse(presets['paper-events']).success).toBe(true);
  });
});
