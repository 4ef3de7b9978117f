// The knowledge probe asks for attribute a where documents state it: right after the name for the
// lead attribute, after the lead pair for the others (src/probe.ts), and right after the name for
// every attribute when the world has no lead attribute.
import { disposeModule, initBackend, Rng, tf } from 'core-tensor';
import { describe, expect, it } from 'vitest';
import { SelfRestraintConfig } from '../src/config.js';
import { TinyLM } from '../src/model.js';
import { knowledgeProbe, probePrompt } from '../src/probe.js';
import { BOS } from '../src/vocab.js';
import { World } from '../src/world.js';

await initBackend('wasm');

const config = SelfRestraintConfig.parse({
  world: { entitiesPerTier: 4 },
  model: { dModel: 16, layers: 1, heads: 2 },
});
const world = new World(config.world, 7);
const entity = world.ids('heldout')[0]!;
const e = world.entities[entity]!;
const other = (e.lead + 1) % world.vocab.attributes;

describe('knowledge probe', () => {
  it('asks the lead attribute after the name and every other after the lead pair', () => {
    const attr = (a: number) => world.vocab.attributeToken(a);
    expect(probePrompt(world, entity, e.lead, BOS)).toEqual([BOS, ...e.name, attr(e.lead)]);
    expect(probePrompt(world, entity, other, BOS)).toEqual([
      BOS,
      ...e.name,
      attr(e.lead),
      world.vocab.valueToken(e.lead, e.truth[e.lead]!),
      attr(other),
    ]);
    const plain = new World({ ...config.world, leadAttribute: false }, 7);
    expect(probePrompt(plain, entity, other, BOS)).toEqual([BOS, ...e.name, attr(other)]);
  });

  it('scores each attribute by the argmax over its values at the prompt, as one prompt at a time would', () => {
    const model = new TinyLM(config.model, world.vocab.size, new Rng('probe'));
    const entities = world.ids('heldout');
    const [row] = knowledgeProbe(model, world, [entity]);
    let hits = 0;
    for (let a = 0; a < world.vocab.attributes; a++) {
      const prompt = probePrompt(world, entity, a, BOS);
      const logits = tf
        .tidy(() => Array.from(model.logits(tf.tensor2d([prompt], [1, prompt.length], 'int32')).dataSync()))
        .slice((prompt.length - 1) * world.vocab.size);
      const offset = world.vocab.valueOffsets[a]!;
      const values = logits.slice(offset, offset + world.vocab.attributeSizes[a]!);
      hits += values.indexOf(Math.max(...values)) === e.truth[a] ? 1 : 0;
    }
    expect(row!.pairs).toBe(world.vocab.attributes);
    expect(row!.accuracy).toBeCloseTo(hits / world.vocab.attributes, 10);
    const rows = knowledgeProbe(model, world, entities);
    expect(rows.reduce((s, r) => s + r.pairs, 0)).toBe(entities.length * world.vocab.attributes);
    disposeModule(model);
  });
});
