// Testbed diagnostics (brief §4.5, §8). The knowledge probe feeds `<start> name a` and renormalises
// the next-token distribution over attribute a's values: per tier, greedy accuracy and mean
// max-probability. With world.leadAttribute every document of a world entity states its lead
// attribute first, so `<start> name a` for any other attribute is a position the corpus never trains
// for that entity; the probe then asks where documents do state a: after the lead pair,
// `<start> name a_lead v_lead a` (the lead's true value is context, not the answer). The name features
// and the logistic fit serve the cross-validated knownness probe (src/knownProbe.ts).
import { tf } from 'core-tensor';
import type { TinyLM } from './model.js';
import { BOS } from './vocab.js';
import type { World } from './world.js';

export interface ProbeRow {
  tier: string;
  accuracy: number;
  maxProb: number;
  pairs: number;
}

/** The probe's prompt for attribute a of an entity: in the position documents state it. */
export function probePrompt(world: World, entity: number, attribute: number, start: number): number[] {
  const vocab = world.vocab;
  const e = world.entities[entity]!;
  const head = [start, ...e.name];
  if (!world.config.leadAttribute || attribute === e.lead) return [...head, vocab.attributeToken(attribute)];
  const leadPair = [vocab.attributeToken(e.lead), vocab.valueToken(e.lead, e.truth[e.lead]!)];
  return [...head, ...leadPair, vocab.attributeToken(attribute)];
}

/** Appends `value` to the list at `key` (in place: no copy per call). */
function append<K, V>(lists: Map<K, V[]>, key: K, value: V): void {
  const list = lists.get(key);
  if (list) list.push(value);
  else lists.set(key, [value]);
}

/** The last position's logits of each prompt, batched by prompt length: [prompts][V] flattened. */
function lastLogits(model: TinyLM, prompts: readonly number[][]): Float32Array {
  const out = new Float32Array(prompts.length * model.vocabSize);
  const byLength = new Map<number, number[]>();
  for (const [i, p] of prompts.entries()) append(byLength, p.length, i);
  for (const [length, indices] of byLength)
    for (let from = 0; from < indices.length; from += 512) {
      const chunk = indices.slice(from, from + 512);
      const logitsTensor = tf.tidy(() =>
        model
          .logits(
            tf.tensor2d(
              chunk.flatMap((i) => prompts[i]!),
              [chunk.length, length],
              'int32',
            ),
          )
          .slice([0, length - 1, 0], [-1, 1, -1]),
      );
      const logits = logitsTensor.dataSync();
      logitsTensor.dispose();
      for (const [j, row] of chunk.entries())
        out.set(logits.subarray(j * model.vocabSize, (j + 1) * model.vocabSize), row * model.vocabSize);
    }
  return out;
}

/** Probe per tier over the given entities. */
export function knowledgeProbe(
  model: TinyLM,
  world: World,
  entities: readonly number[],
  start = BOS,
): ProbeRow[] {
  const vocab = world.vocab;
  const rows: { entity: number; attribute: number }[] = [];
  for (const entity of entities)
    for (let a = 0; a < vocab.attributes; a++) rows.push({ entity, attribute: a });
  const logits = lastLogits(
    model,
    rows.map((r) => probePrompt(world, r.entity, r.attribute, start)),
  );
  const correct = new Map<string, number[]>();
  const maxProbs = new Map<string, number[]>();
  rows.forEach(({ entity, attribute }, i) => {
    const offset = vocab.valueOffsets[attribute]!;
    const size = vocab.attributeSizes[attribute]!;
    const values = Array.from({ length: size }, (_, j) => logits[i * model.vocabSize + offset + j]!);
    const max = Math.max(...values);
    const exps = values.map((v) => Math.exp(v - max));
    const total = exps.reduce((s, v) => s + v, 0);
    const best = exps.indexOf(Math.max(...exps));
    const tier = world.entities[entity]!.tierName;
    append(correct, tier, best === world.entities[entity]!.truth[attribute] ? 1 : 0);
    append(maxProbs, tier, exps[best]! / total);
  });
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  return world.tiers
    .filter((t) => correct.has(t.name))
    .map((t) => ({
      tier: t.name,
      accuracy: mean(correct.get(t.name)!),
      maxProb: mean(maxProbs.get(t.name)!),
      pairs: correct.get(t.name)!.length,
    }));
}

/** Hidden state at the last name token of `<bos> name`: [n][C]. */
export function nameFeatures(model: TinyLM, world: World, entities: readonly number[]): number[][] {
  const length = 1 + world.config.nameLength;
  const ids = entities.flatMap((e) => [BOS, ...world.entities[e]!.name]);
  const hidden = tf.tidy(() =>
    model.hidden(tf.tensor2d(ids, [entities.length, length], 'int32')).slice([0, length - 1, 0], [-1, 1, -1]),
  );
  const values = hidden.dataSync();
  hidden.dispose();
  const size = model.config.dModel;
  return entities.map((_, i) => Array.from(values.subarray(i * size, (i + 1) * size)));
}

/** Logistic regression by full-batch gradient descent on standardised features; returns weights and bias. */
export function fitLogistic(
  features: number[][],
  labels: boolean[],
  steps = 500,
  rate = 0.5,
  l2 = 1e-3,
): (x: number[]) => number {
  const dims = features[0]?.length ?? 0;
  const mean = Array.from(
    { length: dims },
    (_, d) => features.reduce((s, x) => s + x[d]!, 0) / features.length,
  );
  const std = Array.from(
    { length: dims },
    (_, d) => Math.sqrt(features.reduce((s, x) => s + (x[d]! - mean[d]!) ** 2, 0) / features.length) || 1,
  );
  const z = features.map((x) => x.map((v, d) => (v - mean[d]!) / std[d]!));
  const w = new Array<number>(dims).fill(0);
  let b = 0;
  const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
  for (let step = 0; step < steps; step++) {
    const gradW = new Array<number>(dims).fill(0);
    let gradB = 0;
    for (const [i, x] of z.entries()) {
      const err = sigmoid(x.reduce((s, v, d) => s + v * w[d]!, b)) - (labels[i] ? 1 : 0);
      for (let d = 0; d < dims; d++) gradW[d]! += err * x[d]!;
      gradB += err;
    }
    for (let d = 0; d < dims; d++) w[d]! -= rate * (gradW[d]! / z.length + l2 * w[d]!);
    b -= (rate * gradB) / z.length;
  }
  return (x) => sigmoid(x.reduce((s, v, d) => s + ((v - mean[d]!) / std[d]!) * w[d]!, b));
}
