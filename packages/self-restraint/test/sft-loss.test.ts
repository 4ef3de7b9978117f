// The sequence-level, class-balanced SFT objective (issue 15, point 4).
import { initBackend, Rng } from 'core-tensor';
import { describe, expect, it } from 'vitest';
import { SelfRestraintConfig } from '../src/config.js';
import { effectiveEpochs, instructionSequence } from '../src/finetune.js';
import { makeBatch, sequenceLogProbs, TinyLM } from '../src/model.js';
import { rowTokenCounts, rowWeights, sequenceLevelLoss } from '../src/sftLoss.js';
import { IDK } from '../src/vocab.js';
import { World } from '../src/world.js';

await initBackend('wasm');

const config = SelfRestraintConfig.parse({
  world: { entitiesPerTier: 4 },
  model: { dModel: 16, layers: 1, heads: 2 },
});
const world = new World(config.world, 1);

describe('SFT objective', () => {
  it('balances classes: each carries half of the weight, whatever the counts', () => {
    const weights = rowWeights([true, false, false, false], true);
    expect(weights[0]).toBeCloseTo(0.5);
    expect(weights.slice(1).reduce((s, w) => s + w, 0)).toBeCloseTo(0.5);
    expect(rowWeights([true, false, false, false], false)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(rowWeights([false, false], true)).toEqual([0.5, 0.5]);
    expect(() => rowWeights([], true)).toThrow(/empty batch/);
  });
  it('is the weighted mean of per-sequence mean token NLL', () => {
    const model = new TinyLM(config.model, world.vocab.size, new Rng(4));
    const entity = world.ids('research')[0]!;
    const pairs = [
      { entity, answer: [IDK] },
      { entity, answer: world.vocab.claimTokens(world.trueClaims(entity)) },
    ];
    const batch = makeBatch(
      pairs.map((p) => instructionSequence(world, p, 18)),
      [4, 4],
      18,
    );
    const counts = rowTokenCounts(batch);
    expect(counts).toEqual([2, 2 * world.vocab.attributes + 1]);
    const logProbs = Array.from(sequenceLogProbs(model, batch).dataSync());
    const weights = [0.5, 0.5];
    const expected = -(0.5 * logProbs[0]!) / counts[0]! - (0.5 * logProbs[1]!) / counts[1]!;
    expect(sequenceLevelLoss(model, batch, weights).dataSync()[0]).toBeCloseTo(expected, 5);
    expect(() => sequenceLevelLoss(model, batch, [1])).toThrow(/1 weights for 2 rows/);
  });
  it('raises the epochs until the steps reach minSteps', () => {
    const base = { learningRate: 1e-3, batchSize: 32, replayFrac: 0.5 };
    expect(effectiveEpochs(150, { ...base, epochs: 20, minSteps: 500 })).toBe(100); // 5 steps per epoch
    expect(effectiveEpochs(150, { ...base, epochs: 20, minSteps: 0 })).toBe(20);
    expect(effectiveEpochs(3000, { ...base, epochs: 20, minSteps: 500 })).toBe(20);
  });
});
