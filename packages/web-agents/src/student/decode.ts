// Greedy decoding (brief §6.3 evaluation modes): `act` feeds the null thought t_∅, `think` feeds the
// student's own predicted thought (free-running), `think-tf` feeds the gold thought (offline only).
// Stages read small arrays outside tf.tidy (pitfall 3): thought, then verb, element, text.
import { tf } from 'core-tensor';
import {
  dims,
  type FeaturisedObs,
  optionMask,
  type StudentTarget,
  studentVerbs,
  verbUsesElement,
} from '../data/featurise.js';
import type { Batch } from './batch.js';
import { endMask, inputTensors, maskedLogSoftmax, StudentNet } from './model.js';

export const EvalMode = ['act', 'think', 'think-tf'] as const;
export type EvalMode = (typeof EvalMode)[number];

export interface Decision {
  target: StudentTarget;
  progress: number;
  subgoal: number; // E = none
}

function argmaxRows(values: Float32Array | Int32Array | Uint8Array, rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < cols; c++) if (values[r * cols + c]! > values[r * cols + best]!) best = c;
    out.push(best);
  }
  return out;
}

function oneHotRows(indices: readonly number[], cols: number): tf.Tensor2D {
  const data = new Float32Array(indices.length * cols);
  indices.forEach((i, r) => {
    if (i >= 0 && i < cols) data[r * cols + i] = 1;
  });
  return tf.tensor2d(data, [indices.length, cols]);
}

/** Greedy decisions for a batch of featurised observations. */
export function decideBatch(
  net: StudentNet,
  batch: Batch,
  fos: readonly FeaturisedObs[],
  mode: EvalMode,
): Decision[] {
  const B = batch.size;
  const E = batch.elements;
  const { goalTokens: G } = dims;
  const K = studentVerbs.length;
  const x = inputTensors(batch);
  const enc = net.encode(x);
  const subMask = tf.tidy(() => tf.concat([x.elMask, tf.ones([B, 1])], 1));
  // 1. thought
  const [progressLogp, subgoalLogp] = tf.tidy(() => {
    const th = net.thoughtLogits(enc);
    return [maskedLogSoftmax(th.progress, tf.onesLike(th.progress)), maskedLogSoftmax(th.subgoal, subMask)];
  });
  const progress = argmaxRows(progressLogp!.dataSync(), B, 4);
  const subgoal = argmaxRows(subgoalLogp!.dataSync(), B, E + 1);
  let t: tf.Tensor2D;
  if (mode === 'act')
    t = tf.tidy(() => net.thoughtEmbedding(enc, tf.zeros([B, E + 1]), tf.zeros([B, 4]), tf.zeros([B])));
  else if (mode === 'think') {
    const sub = oneHotRows(subgoal, E + 1);
    const prog = oneHotRows(progress, 4);
    t = tf.tidy(() => net.thoughtEmbedding(enc, sub, prog, tf.ones([B])));
    tf.dispose([sub, prog]);
  } else {
    const sub = tf.tensor2d(batch.subgoalOneHot, [B, E + 1]);
    const prog = tf.tensor2d(batch.progressOneHot, [B, 4]);
    t = tf.tidy(() => net.thoughtEmbedding(enc, sub, prog, tf.tensor1d(batch.feedThought)));
    tf.dispose([sub, prog]);
  }
  // 2. verb
  const verbLogits = net.verbLogits(enc, t);
  const verbs = argmaxRows(verbLogits.dataSync(), B, K);
  const verbOh = oneHotRows(verbs, K);
  // 3. element
  const elLogp = tf.tidy(() => maskedLogSoftmax(net.elementLogits(enc, verbOh, t), x.elMask));
  const elements = argmaxRows(elLogp.dataSync(), B, E);
  const elOh = oneHotRows(elements, E);
  // 4. text: source, span start, end (given start), element text / option
  const hStar = StudentNet.pick(enc.h, elOh);
  const srcLogits = net.sourceLogits(enc, t, hStar);
  const sources = argmaxRows(srcLogits.dataSync(), B, 2);
  const startLogp = tf.tidy(() => maskedLogSoftmax(net.startLogits(enc, hStar), x.goalMask));
  const starts = argmaxRows(startLogp.dataSync(), B, G);
  const startOh = oneHotRows(starts, G);
  const endLogp = tf.tidy(() =>
    maskedLogSoftmax(net.endLogits(enc, hStar, startOh), endMask(startOh, x.goalMask)),
  );
  const ends = argmaxRows(endLogp.dataSync(), B, G);
  const textMaskData = new Float32Array(B * E);
  fos.forEach((fo, b) => {
    textMaskData.set(
      (studentVerbs[verbs[b]!] === 'select_option' ? optionMask(fo, elements[b]!) : fo.elMask).subarray(0, E),
      b * E,
    );
  });
  const textMask = tf.tensor2d(textMaskData, [B, E]);
  const textLogp = tf.tidy(() => maskedLogSoftmax(net.textElementLogits(enc, hStar), textMask));
  const textElements = argmaxRows(textLogp.dataSync(), B, E);
  tf.dispose(Object.values(x) as tf.Tensor[]);
  tf.dispose([
    enc.h,
    enc.u,
    enc.c,
    subMask,
    progressLogp!,
    subgoalLogp!,
    t,
    verbLogits,
    verbOh,
    elLogp,
    elOh,
    hStar,
    srcLogits,
    startLogp,
    startOh,
    endLogp,
    textMask,
    textLogp,
  ]);
  return verbs.map((verb, b) => {
    const name = studentVerbs[verb]!;
    const usesElement = verbUsesElement[verb]!;
    const isFill = name === 'fill';
    const isSelect = name === 'select_option';
    const textSource = isFill ? sources[b]! : -1;
    const hasOptions = isSelect && textMaskData.subarray(b * E, (b + 1) * E).some((v) => v > 0);
    return {
      target: {
        verb,
        element: usesElement ? elements[b]! : -1,
        textSource,
        spanStart: textSource === 0 ? starts[b]! : -1,
        spanEnd: textSource === 0 ? Math.max(ends[b]!, starts[b]!) : -1,
        textElement: (isFill && textSource === 1) || hasOptions ? textElements[b]! : -1,
      },
      progress: progress[b]!,
      subgoal: subgoal[b]! >= E ? dims.maxElements : subgoal[b]!, // 'none' in sample coordinates
    };
  });
}
