// Fine-tuning on the selected targets (brief §2.6) [P that the model is fine-tuned on ReSearch data;
// the recipe is ours, O]. Targets are trained on the plain query `<bio> name y* <eos>` (never on the
// hinted prompt), NLL on the answer tokens including <eos>, each batch mixed with replayed
// pretraining documents (`finetune.replayFrac`) so knowledge is not erased (brief §13, trap 3).
// DPO (option) follows SFT with the SFT model as the frozen reference.
import { Adam, Rng, tf } from 'core-tensor';
import { makeBatch, nllLoss, sequenceLogProbs, type TinyLM, type TokenBatch } from './model.js';
import { documentScoreFrom, namePrefixLength } from './pretrain.js';
import { rowWeights, sftObjective } from './sftLoss.js';
import { EOS, IDK } from './vocab.js';
import type { World } from './world.js';

export interface SftPair {
  entity: number;
  /** Answer tokens after the name, without <eos> ([IDK] for abstention). */
  answer: number[];
}

export interface DpoTriple {
  entity: number;
  chosen: number[];
  rejected: number[];
}

export interface FinetuneOptions {
  learningRate: number;
  batchSize: number;
  epochs: number;
  replayFrac: number;
  clipNorm?: number;
  /** Replayed documents are scored as in pretraining (pretrain.nameInLoss). */
  nameInLoss?: boolean;
  /** 'token': mean NLL over every scored token of the mixed batch; 'sequence': src/sftLoss.ts. */
  loss?: 'token' | 'sequence';
  /** With the sequence loss, abstentions and answers each carry half of the target loss. */
  balance?: boolean;
  /** At least this many optimiser steps: the epochs are raised until they reach it. */
  minSteps?: number;
}

/** Epochs actually run: `epochs`, raised so that the steps reach `minSteps`. */
export function effectiveEpochs(pairs: number, options: FinetuneOptions): number {
  const perEpoch = Math.ceil(pairs / options.batchSize);
  return Math.max(options.epochs, Math.ceil((options.minSteps ?? 0) / perEpoch));
}

/** `<bio> name answer <eos>`, the answer cut so the sequence fits the context. */
export function instructionSequence(world: World, pair: SftPair, context: number): number[] {
  const head = [world.vocab.bio, ...world.entities[pair.entity]!.name];
  const room = context - head.length - 1;
  return [...head, ...pair.answer.slice(0, room), EOS];
}

function replayBatch(
  world: World,
  model: TinyLM,
  count: number,
  step: number,
  stream: string,
  nameInLoss: boolean | undefined,
): TokenBatch | undefined {
  if (count === 0) return undefined;
  const docs = world.documentsAt(step, count, stream);
  return makeBatch(
    docs.map((d) => d.tokens),
    docs.map(() => documentScoreFrom(world, nameInLoss)),
    model.config.context,
  );
}

function mergeBatches(a: TokenBatch, b: TokenBatch | undefined): TokenBatch {
  if (!b) return a;
  const ids = new Int32Array(a.ids.length + b.ids.length);
  ids.set(a.ids);
  ids.set(b.ids, a.ids.length);
  const mask = new Float32Array(a.mask.length + b.mask.length);
  mask.set(a.mask);
  mask.set(b.mask, a.mask.length);
  return { ids, mask, rows: a.rows + b.rows, length: a.length };
}

function replayCount(batchSize: number, replayFrac: number): number {
  return Math.round((batchSize * replayFrac) / (1 - replayFrac));
}

function* epochBatches<T>(items: readonly T[], batchSize: number, epochs: number, rng: Rng): Generator<T[]> {
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = rng.shuffle(items);
    for (let start = 0; start < order.length; start += batchSize) yield order.slice(start, start + batchSize);
  }
}

/** SFT in place; returns the mean loss of the last epoch's batches. */
export function sft(
  model: TinyLM,
  world: World,
  pairs: readonly SftPair[],
  options: FinetuneOptions,
  seedLabel: string,
): number {
  if (pairs.length === 0) throw new Error('sft: no fine-tuning pairs');
  const rng = new Rng(`sft/${seedLabel}`);
  const adam = new Adam({ learningRate: options.learningRate, clipNorm: options.clipNorm ?? 1 });
  const variables = model.variables();
  const prefix = namePrefixLength(world);
  const replay = replayCount(options.batchSize, options.replayFrac);
  const perEpoch = Math.ceil(pairs.length / options.batchSize);
  let step = 0;
  let last: number[] = [];
  const epochs = effectiveEpochs(pairs.length, options);
  for (const chunk of epochBatches(pairs, options.batchSize, epochs, rng)) {
    const targets = makeBatch(
      chunk.map((p) => instructionSequence(world, p, model.config.context)),
      chunk.map(() => prefix),
      model.config.context,
    );
    const replayed = replayBatch(world, model, replay, step, `replay/${seedLabel}`, options.nameInLoss);
    const weights = rowWeights(
      chunk.map((p) => p.answer[0] === IDK),
      options.balance ?? false,
    );
    const { loss } = adam.minimize(
      () =>
        options.loss === 'sequence'
          ? sftObjective(model, targets, weights, replayed, options.replayFrac)
          : nllLoss(model, mergeBatches(targets, replayed)),
      variables,
    );
    if (step % perEpoch === 0) last = [];
    last.push(loss);
    step += 1;
  }
  adam.dispose();
  return last.reduce((a, b) => a + b, 0) / last.length;
}

/** Summed answer log-probabilities log π(y | <bio> name) for each pair: [n]. */
export function answerLogProbs(model: TinyLM, world: World, pairs: readonly SftPair[]): number[] {
  const prefix = namePrefixLength(world);
  const batch = makeBatch(
    pairs.map((p) => instructionSequence(world, p, model.config.context)),
    pairs.map(() => prefix),
    model.config.context,
  );
  const values = sequenceLogProbs(model, batch);
  const out = Array.from(values.dataSync());
  values.dispose();
  return out;
}

/**
 * DPO loss −log σ(β[(log π(y_w) − log π_ref(y_w)) − (log π(y_l) − log π_ref(y_l))]) averaged over the
 * batch (brief §2.6) [O]; `refChosen` / `refRejected` are the frozen reference's log-probabilities.
 */
export function dpoLoss(
  model: TinyLM,
  chosen: TokenBatch,
  rejected: TokenBatch,
  refChosen: readonly number[],
  refRejected: readonly number[],
  beta: number,
): tf.Scalar {
  return tf.tidy(() => {
    const margin = sequenceLogProbs(model, chosen)
      .sub(tf.tensor1d(refChosen as number[]))
      .sub(sequenceLogProbs(model, rejected).sub(tf.tensor1d(refRejected as number[])));
    // −log σ(βm) = softplus(−βm) (tfjs's logSigmoid gradient fails inside variableGrads on wasm)
    return tf.softplus(margin.mul(-beta)).mean() as tf.Scalar;
  });
}

export interface DpoOptions extends FinetuneOptions {
  beta: number;
}

/** DPO in place from the current (SFT) weights as the frozen reference, with the same replay. */
export function dpo(
  model: TinyLM,
  world: World,
  triples: readonly DpoTriple[],
  options: DpoOptions,
  seedLabel: string,
): number {
  if (triples.length === 0) throw new Error('dpo: no preference pairs');
  const chosenPairs = triples.map((t) => ({ entity: t.entity, answer: t.chosen }));
  const rejectedPairs = triples.map((t) => ({ entity: t.entity, answer: t.rejected }));
  const refChosen = answerLogProbs(model, world, chosenPairs);
  const refRejected = answerLogProbs(model, world, rejectedPairs);
  const rng = new Rng(`dpo/${seedLabel}`);
  const adam = new Adam({ learningRate: options.learningRate, clipNorm: options.clipNorm ?? 1 });
  const variables = model.variables();
  const prefix = namePrefixLength(world);
  const replay = replayCount(options.batchSize, options.replayFrac);
  const context = model.config.context;
  let step = 0;
  let lastLoss = Number.NaN;
  for (const chunk of epochBatches(
    triples.map((_, i) => i),
    options.batchSize,
    options.epochs,
    rng,
  )) {
    const chosen = makeBatch(
      chunk.map((i) => instructionSequence(world, chosenPairs[i]!, context)),
      chunk.map(() => prefix),
      context,
    );
    const rejected = makeBatch(
      chunk.map((i) => instructionSequence(world, rejectedPairs[i]!, context)),
      chunk.map(() => prefix),
      context,
    );
    const replayDocs = replayBatch(world, model, replay, step, `dpo-replay/${seedLabel}`, options.nameInLoss);
    const { loss } = adam.minimize(() => {
      const preference = dpoLoss(
        model,
        chosen,
        rejected,
        chunk.map((i) => refChosen[i]!),
        chunk.map((i) => refRejected[i]!),
        options.beta,
      );
      return (replayDocs ? preference.add(nllLoss(model, replayDocs)) : preference) as tf.Scalar;
    }, variables);
    lastLoss = loss;
    step += 1;
  }
  adam.dispose();
  return lastLoss;
}

/** A copy of a model with the same weights. */
export function cloneModel(model: TinyLM, make: () => TinyLM): TinyLM {
  const copy = make();
  const source = model.variables();
  for (const [name, variable] of Object.entries(copy.variables())) variable.assign(source[name]!);
  return copy;
}
