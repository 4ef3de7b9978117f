// U12–U14: causal mask, tied output, parameter count, no leaks; overfit; determinism of samples.
import { Adam, initBackend, parameterCount, Rng, tf } from 'core-tensor';
import { expectNoLeaks } from 'core-tensor/testing';
import { describe, expect, it } from 'vitest';
import { SelfRestraintConfig } from '../src/config.js';
import { sft } from '../src/finetune.js';
import { makeBatch, nllLoss, TinyLM } from '../src/model.js';
import { pretrain } from '../src/pretrain.js';
import { decode } from '../src/sample.js';
import { BOS, EOS, IDK } from '../src/vocab.js';
import { World } from '../src/world.js';

await initBackend('wasm');

describe('TinyLM', () => {
  const config = SelfRestraintConfig.parse({});
  it('has 108,480 parameters at the default sizes and ties the output to the embedding', () => {
    const model = new TinyLM(config.model, 113, new Rng(0));
    expect(parameterCount(model)).toBe(108_480);
    expect(Object.keys(model.variables()).some((k) => k.includes('output') && !k.includes('attention'))).toBe(
      false,
    );
  });
  it('is causal: changing token t + 1 leaves the logits at t unchanged', () => {
    const model = new TinyLM(config.model, 113, new Rng(1));
    const a = [1, 5, 6, 7, 30, 40, 31, 50];
    const b = a.slice();
    b[5] = 60;
    const la = model.logits(tf.tensor2d([a], [1, 8], 'int32'));
    const lb = model.logits(tf.tensor2d([b], [1, 8], 'int32'));
    const diff = la.sub(lb).abs().max(-1).dataSync();
    for (let t = 0; t < 5; t++) expect(diff[t]).toBeLessThan(1e-6);
    expect(diff[5]).toBeGreaterThan(1e-6);
  });
  it('leaks no tensor over 50 training steps', async () => {
    const world = new World(SelfRestraintConfig.parse({ world: { entitiesPerTier: 4 } }).world, 0);
    const model = new TinyLM(
      { ...config.model, dModel: 16, layers: 1, heads: 2 },
      world.vocab.size,
      new Rng(2),
    );
    const adam = new Adam({ learningRate: 1e-3, clipNorm: 1 });
    const step = (s: number) => {
      const docs = world.documentsAt(s, 8);
      const batch = makeBatch(
        docs.map((d) => d.tokens),
        docs.map(() => 4),
        18,
      );
      adam.minimize(() => nllLoss(model, batch), model.variables());
    };
    step(0); // Adam creates its moments on the first step (core-tensor keeps their zero initialisers)
    await expectNoLeaks(() => {
      for (let s = 1; s <= 50; s++) step(s);
    });
  });
});

describe('overfitting a tiny world (U13)', () => {
  const config = SelfRestraintConfig.parse({
    world: {
      tiers: [
        { name: 'top', docs: 1, count: 2 },
        { name: 'unseen', docs: 0, count: 2 },
      ],
      longTailFrac: 0.01,
      corruptFrac: 0,
      minAttrsPerDoc: 6,
      maxAttrsPerDoc: 6,
    },
    model: { dModel: 32, layers: 1, heads: 2 },
  });
  const world = new World(config.world, 3);
  const model = new TinyLM(config.model, world.vocab.size, new Rng(4));
  it('learns the true pairs of two entities, and SFT on <idk> teaches abstention under <bio>', async () => {
    await pretrain(model, world, {
      steps: 300,
      batchSize: 16,
      learningRate: 3e-3,
      clipNorm: 1,
      checkpointEvery: 1000,
    });
    const known = world.byTier(0);
    for (const entity of known) {
      for (let a = 0; a < 6; a++) {
        const [answer] = decode(
          model,
          [[BOS, ...world.entities[entity]!.name, world.vocab.attributeToken(a)]],
          undefined,
          { temperature: 1, maxNewTokens: 1, batchSize: 8, greedy: true },
        );
        expect(answer![0]).toBe(world.vocab.valueToken(a, world.entities[entity]!.truth[a]!));
      }
    }
    sft(
      model,
      world,
      known.map((entity) => ({ entity, answer: [IDK] })),
      { learningRate: 3e-3, batchSize: 2, epochs: 60, replayFrac: 0.5 },
      'u13',
    );
    for (const entity of known) {
      const [answer] = decode(model, [[world.vocab.bio, ...world.entities[entity]!.name]], undefined, {
        temperature: 1,
        maxNewTokens: 2,
        batchSize: 8,
        greedy: true,
      });
      expect(answer![0]).toBe(IDK);
    }
  });
});

describe('sampling (U14)', () => {
  it('gives identical samples for the same seed, whatever the batch size', () => {
    const config = SelfRestraintConfig.parse({ model: { dModel: 16, layers: 1, heads: 2 } });
    const model = new TinyLM(config.model, 113, new Rng(5));
    const prompts = Array.from({ length: 7 }, (_, i) => [BOS, 4 + i, 5, 6]);
    const rngs = () => prompts.map((_, i) => new Rng(`row-${i}`));
    const a = decode(model, prompts, rngs(), { temperature: 1, maxNewTokens: 10, batchSize: 7 });
    const b = decode(model, prompts, rngs(), { temperature: 1, maxNewTokens: 10, batchSize: 3 });
    expect(a).toEqual(b);
    const c = decode(
      model,
      prompts,
      prompts.map((_, i) => new Rng(`other-${i}`)),
      { temperature: 1, maxNewTokens: 10, batchSize: 7 },
    );
    expect(c).not.toEqual(a);
  });
  it('never produces a banned token at the first position, and leaves the later steps alone', () => {
    const model = new TinyLM(
      SelfRestraintConfig.parse({ model: { dModel: 16, layers: 1, heads: 2 } }).model,
      113,
      new Rng(7),
    );
    const prompts = Array.from({ length: 5 }, (_, i) => [BOS, 4 + i, 5, 6]);
    const options = { temperature: 1, maxNewTokens: 4, batchSize: 5, greedy: true };
    const free = decode(model, prompts, undefined, options);
    const banned = decode(model, prompts, undefined, {
      ...options,
      banFirst: [EOS, ...free.map((answer) => answer[0]!)], // <eos> too, so every row continues
    });
    for (const [i, answer] of banned.entries()) {
      expect(free.map((a) => a[0])).not.toContain(answer[0]);
      // the continuation is plain greedy decoding after the first token
      const [rest] = decode(model, [[...prompts[i]!, answer[0]!]], undefined, {
        ...options,
        maxNewTokens: 3,
      });
      expect(answer.slice(1)).toEqual(rest);
    }
  });
  it('rejects a bad temperature and missing Rngs with a clear error', () => {
    const model = new TinyLM(
      SelfRestraintConfig.parse({ model: { dModel: 16, layers: 1, heads: 2 } }).model,
      113,
      new Rng(5),
    );
    expect(() =>
      decode(model, [[BOS]], [new Rng(1)], { temperature: 0, maxNewTokens: 2, batchSize: 1 }),
    ).toThrow(/temperature must be > 0, got 0/);
    expect(() =>
      decode(model, [[BOS], [BOS]], [new Rng(1)], { temperature: 1, maxNewTokens: 2, batchSize: 1 }),
    ).toThrow(/one Rng per prompt \(2\), got 1/);
  });
  it('the NLL of a random model is near log V', () => {
    const model = new TinyLM(SelfRestraintConfig.parse({}).model, 113, new Rng(6));
    const loss = nllLoss(model, makeBatch([[1, 4, 5, 6, 30, 40, 2]], [4], 18));
    expect(loss.dataSync()[0]).toBeGreaterThan(Math.log(113) - 0.5);
    expect(loss.dataSync()[0]).toBeLessThan(Math.log(113) + 0.5);
  });
});
