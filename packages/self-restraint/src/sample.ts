// Batched decoding (brief §4.3) [O]: many prompts per forward pass, rows padded on the right, the
// logits read at each row's last position, finished rows idle. Softmax at temperature τ and the draw
// happen on the JS side with one seeded Rng per row, so the same seed on the same backend gives the
// same samples whatever the batching. Greedy decoding takes the argmax. No KV cache at T = 18.
import { type Rng, tf } from 'core-tensor';
import type { TinyLM } from './model.js';
import { EOS, PAD } from './vocab.js';

export interface DecodeOptions {
  /** τ; ignored when greedy. */
  temperature: number;
  maxNewTokens: number;
  /** Rows per forward pass. */
  batchSize: number;
  greedy?: boolean;
  /**
   * Tokens never produced at the first generated position (their logits set to −∞ there only), e.g.
   * `<idk>` to read the answer a model would give if it could not abstain (src/selectiveItems.ts).
   */
  banFirst?: readonly number[];
}

/**
 * Continues every prompt; returns the generated tokens of each row, ending with <eos> when the model
 * produced it. `rngs[i]` draws row i's tokens (unused when greedy).
 */
export function decode(
  model: TinyLM,
  prompts: readonly number[][],
  rngs: readonly Rng[] | undefined,
  options: DecodeOptions,
): number[][] {
  if (!options.greedy && (!rngs || rngs.length !== prompts.length))
    throw new Error(
      `decode: sampling needs one Rng per prompt (${prompts.length}), got ${rngs?.length ?? 0}`,
    );
  if (!(options.temperature > 0))
    throw new Error(`decode: temperature must be > 0, got ${options.temperature}`);
  const out: number[][] = [];
  for (let start = 0; start < prompts.length; start += options.batchSize) {
    const end = Math.min(prompts.length, start + options.batchSize);
    out.push(...decodeChunk(model, prompts.slice(start, end), rngs?.slice(start, end), options));
  }
  return out;
}

function decodeChunk(
  model: TinyLM,
  prompts: readonly number[][],
  rngs: readonly Rng[] | undefined,
  options: DecodeOptions,
): number[][] {
  const context = model.config.context;
  const sequences = prompts.map((p) => p.slice());
  const generated: number[][] = prompts.map(() => []);
  const done = prompts.map((p) => p.length >= context);
  for (let stepIndex = 0; stepIndex < options.maxNewTokens; stepIndex++) {
    const active = sequences.map((_, i) => i).filter((i) => !done[i]);
    if (active.length === 0) break;
    const length = Math.max(...active.map((i) => sequences[i]!.length));
    const ids = new Int32Array(active.length * length).fill(PAD);
    const positions = new Int32Array(active.length);
    for (const [row, i] of active.entries()) {
      ids.set(sequences[i]!, row * length);
      positions[row] = row * length + sequences[i]!.length - 1;
    }
    const logitsTensor = tf.tidy(() => {
      const hidden = model.hidden(tf.tensor2d(ids, [active.length, length], 'int32')); // [B, T, C]
      const last = tf.gather(hidden.reshape([-1, model.config.dModel]), tf.tensor1d(positions, 'int32')); // [B, C]
      return model.embedding.logits(last); // [B, V]
    });
    const logits = logitsTensor.dataSync();
    logitsTensor.dispose();
    const vocab = model.vocabSize;
    for (const [row, i] of active.entries()) {
      const rowLogits = logits.subarray(row * vocab, (row + 1) * vocab);
      if (stepIndex === 0)
        for (const banned of options.banFirst ?? []) rowLogits[banned] = Number.NEGATIVE_INFINITY;
      const token = options.greedy
        ? argmax(rowLogits)
        : sampleToken(rowLogits, options.temperature, rngs![i]!);
      sequences[i]!.push(token);
      generated[i]!.push(token);
      if (token === EOS || sequences[i]!.length >= context) done[i] = true;
    }
  }
  return generated;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (values[j]! > values[best]!) best = j;
  return best;
}

/** Draws from softmax(logits / τ) (PAD is never drawn). */
export function sampleToken(logits: ArrayLike<number>, temperature: number, rng: Rng): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 1; j < logits.length; j++) max = Math.max(max, logits[j]!);
  const weights = new Float64Array(logits.length);
  for (let j = 1; j < logits.length; j++) weights[j] = Math.exp((logits[j]! - max) / temperature);
  return rng.categorical(weights);
}
