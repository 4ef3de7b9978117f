// U15 (DPO loss = log 2 when policy = reference; a step raises the chosen answer's log-probability)
// and a killed pretraining resumes exactly where an uninterrupted one would be.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, Rng } from 'core-tensor';
import { describe, expect, it } from 'vitest';
import { SelfRestraintConfig } from '../src/config.js';
import { answerLogProbs, dpo, dpoLoss, instructionSequence } from '../src/finetune.js';
import { makeBatch, TinyLM } from '../src/model.js';
import { pretrain } from '../src/pretrain.js';
import { IDK } from '../src/vocab.js';
import { World } from '../src/world.js';

await initBackend('wasm');

const config = SelfRestraintConfig.parse({
  world: { entitiesPerTier: 4 },
  model: { dModel: 16, layers: 1, heads: 2 },
});
const world = new World(config.world, 2);
const make = () => new TinyLM(config.model, world.vocab.size, new Rng(9));

describe('DPO', () => {
  const entity = world.ids('research')[0]!;
  const chosen = [IDK];
  const rejected = world.vocab.claimTokens(world.trueClaims(entity).slice(0, 2));
  it('has loss log 2 when the policy equals the reference', () => {
    const model = make();
    const seq = (answer: number[]) =>
      makeBatch([instructionSequence(world, { entity, answer }, 18)], [4], 18);
    const [refC] = answerLogProbs(model, world, [{ entity, answer: chosen }]);
    const [refR] = answerLogProbs(model, world, [{ entity, answer: rejected }]);
    const loss = dpoLoss(model, seq(chosen), seq(rejected), [refC!], [refR!], 0.1);
    expect(loss.dataSync()[0]).toBeCloseTo(Math.log(2), 5);
  });
  it('a few steps raise the chosen answer log-probability relative to the rejected one', () => {
    const model = make();
    const before = answerLogProbs(model, world, [
      { entity, answer: chosen },
      { entity, answer: rejected },
    ]);
    dpo(
      model,
      world,
      [{ entity, chosen, rejected }],
      { learningRate: 1e-2, batchSize: 1, epochs: 5, replayFrac: 0, beta: 0.5 },
      'u15',
    );
    const after = answerLogProbs(model, world, [
      { entity, answer: chosen },
      { entity, answer: rejected },
    ]);
    expect(after[0]!).toBeGreaterThan(before[0]!);
    expect(after[0]! - after[1]!).toBeGreaterThan(before[0]! - before[1]!);
  });
});

describe('pretraining checkpoints', () => {
  it('a pretraining stopped after 6 steps and resumed to 10 equals an uninterrupted one', async () => {
    const options = { batchSize: 8, learningRate: 1e-3, clipNorm: 1, checkpointEvery: 3 };
    const straight = make();
    await pretrain(straight, world, { ...options, steps: 10 });
    const dir = join(mkdtempSync(join(tmpdir(), 'sr-ckpt-')), 'ckpt');
    const first = make();
    await pretrain(first, world, { ...options, steps: 6, checkpointDir: dir });
    const resumed = make(); // a fresh process: new weights, restored from the folder
    const info = await pretrain(resumed, world, { ...options, steps: 10, checkpointDir: dir });
    expect(info.resumedFrom).toBe(6);
    expect(info.stepsRun).toBe(4);
    const a = straight.variables();
    const b = resumed.variables();
    for (const name of Object.keys(a)) {
      const diff = a[name]!.sub(b[name]!).abs().max().dataSync()[0]!;
      expect(diff, name).toBeLessThan(1e-6);
    }
  });
});
