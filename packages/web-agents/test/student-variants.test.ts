// The three students of issue 17 point 2 (src/student/variant.ts): the attention student's masked
// self-attention (padding changes nothing, permuting elements permutes scores, gradients reach it),
// which columns each variant reads, and the variant travelling with a checkpoint and the config.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Adam, initBackend, Rng, tf } from 'core-tensor';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebAgentsConfig } from '../src/config.js';
import { dims, elementFeatureWidth, studentVerbs, withoutDetectorsWidth } from '../src/data/featurise.js';
import { numberFeatureWidth } from '../src/data/number-features.js';
import { experiment } from '../src/experiment.js';
import { type BatchTensors, maskedLogSoftmax, StudentNet } from '../src/student/model.js';
import { Student } from '../src/student/student.js';
import type { StudentVariant } from '../src/student/variant.js';

const { tokensPerElement: T, goalTokens: G, globalWidth } = dims;
const F = elementFeatureWidth;
const N = numberFeatureWidth;

/** Random inputs for one page of `real` elements padded to `rows`; padding rows filled by `pad`. */
interface Page {
  tokens: number[][]; // [real][T]
  features: number[][]; // [real][F]
  numbers: number[][]; // [real][N]
}

function randomPage(rng: Rng, real: number): Page {
  return {
    tokens: Array.from({ length: real }, () => Array.from({ length: T }, () => 1 + rng.int(dims.vocab - 1))),
    features: Array.from({ length: real }, () => Array.from({ length: F }, () => rng.uniform(-1, 1))),
    numbers: Array.from({ length: real }, () => Array.from({ length: N }, () => rng.uniform(-2, 2))),
  };
}

/** BatchTensors of one page; padded rows get garbage from `padRng` (they must not matter). */
function tensorsOf(page: Page, rows: number, padRng: Rng): BatchTensors {
  const real = page.tokens.length;
  const tokens = new Int32Array(rows * T);
  const tokenMask = new Float32Array(rows * T);
  const features = new Float32Array(rows * F);
  const numbers = new Float32Array(rows * N);
  const mask = new Float32Array(rows);
  for (let e = 0; e < rows; e++) {
    const isReal = e < real;
    mask[e] = isReal ? 1 : 0;
    for (let j = 0; j < T; j++) {
      tokens[e * T + j] = isReal ? page.tokens[e]![j]! : 1 + padRng.int(dims.vocab - 1);
      tokenMask[e * T + j] = isReal ? 1 : padRng.int(2);
    }
    for (let k = 0; k < F; k++) features[e * F + k] = isReal ? page.features[e]![k]! : padRng.uniform(-5, 5);
    for (let k = 0; k < N; k++) numbers[e * N + k] = isReal ? page.numbers[e]![k]! : padRng.uniform(-5, 5);
  }
  const goalRng = new Rng('goal');
  return {
    elTokens: tf.tensor3d(tokens, [1, rows, T], 'int32'),
    elTokenMask: tf.tensor3d(tokenMask, [1, rows, T]),
    elFeatures: tf.tensor3d(features, [1, rows, F]),
    elNumbers: tf.tensor3d(numbers, [1, rows, N]),
    elMask: tf.tensor2d(mask, [1, rows]),
    goalIds: tf.tensor2d(
      Int32Array.from({ length: G }, (_, j) => (j < 6 ? 1 + goalRng.int(dims.vocab - 1) : 0)),
      [1, G],
      'int32',
    ),
    goalMask: tf.tensor2d(
      Float32Array.from({ length: G }, (_, j) => (j < 6 ? 1 : 0)),
      [1, G],
    ),
    global: tf.tensor2d(
      Float32Array.from({ length: globalWidth }, (_, k) => (k === 13 ? 0.2 : 0)),
      [1, globalWidth],
    ),
  };
}

/** The element pointer's scores for a click with the null thought, at the real elements: [real]. */
function clickScores(net: StudentNet, x: BatchTensors, real: number): number[] {
  const scores = tf.tidy(() => {
    const enc = net.encode(x);
    const E = x.elMask.shape[1];
    const t = net.thoughtEmbedding(enc, tf.zeros([1, E + 1]), tf.zeros([1, 4]), tf.zeros([1]));
    const click = tf.tensor2d([studentVerbs.map((v) => (v === 'click' ? 1 : 0))]);
    return net.elementLogits(enc, click, t).slice([0, 0], [1, real]);
  });
  const out = Array.from(scores.dataSync());
  scores.dispose();
  tf.dispose(Object.values(x) as tf.Tensor[]);
  return out;
}

describe('student variants (wasm)', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend('wasm');
    dir = mkdtempSync(join(tmpdir(), 'wa-variants-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('attention: the scores of real elements do not depend on the padding rows', () => {
    const net = new StudentNet(new Rng('net'), { variant: 'attention' });
    const page = randomPage(new Rng('page'), 5);
    const a = clickScores(net, tensorsOf(page, 8, new Rng('pad-a')), 5);
    const b = clickScores(net, tensorsOf(page, 8, new Rng('pad-b')), 5);
    const c = clickScores(net, tensorsOf(page, 24, new Rng('pad-c')), 5); // more padding rows
    for (let e = 0; e < 5; e++) {
      expect(b[e]).toBeCloseTo(a[e]!, 4);
      expect(c[e]).toBeCloseTo(a[e]!, 4);
    }
    net.dispose();
  });

  test('attention: the padding mask matters (unmasked padding would change the scores)', () => {
    // The same page, but the padding rows marked real: the attention now reads them.
    const net = new StudentNet(new Rng('net'), { variant: 'attention' });
    const page = randomPage(new Rng('page'), 5);
    const masked = clickScores(net, tensorsOf(page, 8, new Rng('pad-a')), 5);
    const x = tensorsOf(page, 8, new Rng('pad-a'));
    const allReal = tf.ones([1, 8]) as tf.Tensor2D;
    x.elMask.dispose();
    const unmasked = clickScores(net, { ...x, elMask: allReal }, 5);
    const diff = Math.max(...masked.map((v, e) => Math.abs(v - unmasked[e]!)));
    expect(diff).toBeGreaterThan(1e-3);
    net.dispose();
  });

  test('attention: permuting the elements permutes their scores', () => {
    const net = new StudentNet(new Rng('net'), { variant: 'attention' });
    const page = randomPage(new Rng('page'), 6);
    const order = [3, 0, 5, 1, 4, 2];
    const permuted: Page = {
      tokens: order.map((i) => page.tokens[i]!),
      features: order.map((i) => page.features[i]!),
      numbers: order.map((i) => page.numbers[i]!),
    };
    const a = clickScores(net, tensorsOf(page, 8, new Rng('pad')), 6);
    const b = clickScores(net, tensorsOf(permuted, 8, new Rng('pad')), 6);
    for (const [to, from] of order.entries()) expect(b[to]).toBeCloseTo(a[from]!, 4);
    // And an element's score depends on the others (what 'plain' cannot do beyond max/mean pooling):
    const changed = randomPage(new Rng('page'), 6);
    changed.numbers[5] = changed.numbers[5]!.map((v) => v + 3);
    const c = clickScores(net, tensorsOf(changed, 8, new Rng('pad')), 6);
    expect(Math.abs(c[0]! - a[0]!)).toBeGreaterThan(1e-4);
    net.dispose();
  });

  test.each<[StudentVariant, string]>([
    ['detectors', 'the numeric features'],
    ['plain', 'the seven detector columns'],
    ['attention', 'the seven detector columns'],
  ])('%s ignores %s and reads the other group', (variant) => {
    const net = new StudentNet(new Rng('net'), { variant });
    const page = randomPage(new Rng('page'), 5);
    const shift = (row: number[], from = 0) => row.map((v, k) => (k >= from ? v + 1 : v));
    const detectorsShifted: Page = {
      ...page,
      features: page.features.map((row) => shift(row, withoutDetectorsWidth)),
    };
    const numbersShifted: Page = { ...page, numbers: page.numbers.map((row) => shift(row)) };
    const [ignored, read] =
      variant === 'detectors' ? [numbersShifted, detectorsShifted] : [detectorsShifted, numbersShifted];
    const a = clickScores(net, tensorsOf(page, 8, new Rng('pad')), 5);
    const b = clickScores(net, tensorsOf(ignored, 8, new Rng('pad')), 5);
    for (let e = 0; e < 5; e++) expect(b[e]).toBeCloseTo(a[e]!, 5);
    const c = clickScores(net, tensorsOf(read, 8, new Rng('pad')), 5);
    expect(Math.max(...c.map((v, e) => Math.abs(v - a[e]!)))).toBeGreaterThan(1e-4);
    net.dispose();
  });

  test('attention: gradients reach the attention block and a few Adam steps lower the loss', () => {
    // Tiny batch: 4 pages of 6 elements; the target is the element with the smallest first number,
    // a cross-element question the attention block can answer.
    const net = new StudentNet(new Rng('net'), { variant: 'attention' });
    const rng = new Rng('data');
    const pages = Array.from({ length: 4 }, () => randomPage(rng, 6));
    const targets = pages.map((p) =>
      p.numbers.reduce((best, row, e) => (row[0]! < p.numbers[best]![0]! ? e : best), 0),
    );
    const inputs = pages.map((p) => tensorsOf(p, 8, new Rng('pad')));
    const x: BatchTensors = Object.fromEntries(
      Object.keys(inputs[0]!).map((k) => [
        k,
        tf.concat(
          inputs.map((i) => i[k as keyof BatchTensors]),
          0,
        ),
      ]),
    ) as unknown as BatchTensors;
    for (const i of inputs) tf.dispose(Object.values(i) as tf.Tensor[]);
    const target = tf.tensor2d(
      targets.flatMap((t) => Array.from({ length: 8 }, (_, e) => (e === t ? 1 : 0))),
      [4, 8],
    );
    const click = tf.tensor2d(pages.map(() => studentVerbs.map((v) => (v === 'click' ? 1 : 0))));
    const loss = () =>
      tf.tidy(() => {
        const enc = net.encode(x);
        const t = net.thoughtEmbedding(enc, tf.zeros([4, 9]), tf.zeros([4, 4]), tf.zeros([4]));
        const logp = maskedLogSoftmax(net.elementLogits(enc, click, t), x.elMask);
        return target.mul(logp).sum(1).mean().neg() as tf.Scalar;
      });
    const attentionVariables = Object.entries(net.variables()).filter(([name]) =>
      name.startsWith('elementAttention'),
    );
    expect(attentionVariables.length).toBeGreaterThan(0);
    const { grads } = tf.variableGrads(
      loss,
      attentionVariables.map(([, v]) => v),
    );
    const norms = Object.values(grads).map((g) => g.norm().dataSync()[0]!);
    tf.dispose(Object.values(grads));
    expect(Math.max(...norms)).toBeGreaterThan(0);
    const before = loss();
    const start = before.dataSync()[0]!;
    before.dispose();
    const optimizer = new Adam({ learningRate: 3e-3, clipNorm: 1 });
    for (let step = 0; step < 30; step++) optimizer.minimize(loss, net.variables());
    optimizer.dispose();
    const after = loss();
    expect(after.dataSync()[0]!).toBeLessThan(start * 0.7);
    after.dispose();
    tf.dispose([target, click, ...(Object.values(x) as tf.Tensor[])]);
    net.dispose();
  });

  test('a checkpoint remembers its variant; asking for another one fails', async () => {
    const student = Student.create(new Rng('s'), { variant: 'attention' });
    await student.save(dir);
    const loaded = await Student.load(dir, new Rng('l'));
    expect(loaded.net.variant).toBe('attention');
    await expect(Student.load(dir, new Rng('l'), { variant: 'plain' })).rejects.toThrow(
      /'attention' student/,
    );
    student.dispose();
    loaded.dispose();
  });

  test('config: student.variant defaults to attention (brief §6.2) and names the valid values', () => {
    expect(WebAgentsConfig.parse({}).student.variant).toBe('attention');
    expect(WebAgentsConfig.parse({ student: { variant: 'plain' } }).student.variant).toBe('plain');
    const bad = WebAgentsConfig.safeParse({ student: { variant: 'transformer' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/'transformer'.*detectors, plain, attention/);
  });

  test('presets: the students-* presets are default with only the student changed (the robustness table compares them)', () => {
    const { default: base, 'students-detectors': detectors, 'students-plain': plain } = experiment.presets;
    expect(base?.student).toEqual({ variant: 'attention' });
    expect(detectors?.student).toEqual({ variant: 'detectors' });
    expect(plain?.student).toEqual({ variant: 'plain' });
    expect({ ...detectors, student: undefined }).toEqual({ ...base, student: undefined });
    expect({ ...plain, student: undefined }).toEqual({ ...base, student: undefined });
  });
});
