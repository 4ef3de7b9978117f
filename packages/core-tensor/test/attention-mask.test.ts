// Key padding masks in self-attention: a padded set gives, at its real positions, the outputs of the
// unpadded set, whatever the padding holds; without the mask it would not.
import { beforeAll, describe, expect, test } from 'vitest';
import { initBackend, MultiHeadAttention, Rng, TransformerBlock, tf } from '../src/index.js';
import { expectNoLeaks } from '../src/testing.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const real = () => tf.randomNormal([2, 3, 8], 0, 1, 'float32', 1) as tf.Tensor3D;
const padded = (junkSeed: number) =>
  tf.concat([real(), tf.randomNormal([2, 2, 8], 0, 1, 'float32', junkSeed)], 1) as tf.Tensor3D;
const mask = () =>
  tf.tensor2d([
    [1, 1, 1, 0, 0],
    [1, 1, 1, 0, 0],
  ]);
const realPart = (y: tf.Tensor3D) => y.slice([0, 0, 0], [2, 3, 8]).arraySync() as number[][][];

function expectClose(a: number[][][], b: number[][][]): void {
  const gaps = a.flat(2).map((v, i) => Math.abs(v - b.flat(2)[i]!));
  expect(Math.max(...gaps)).toBeLessThan(1e-5);
}

describe.each([
  ['MultiHeadAttention', () => new MultiHeadAttention(8, 2, new Rng('mask-mha'), false)],
  ['TransformerBlock', () => new TransformerBlock(8, 2, new Rng('mask-block'), { isCausal: false })],
])('%s with a key padding mask', (_name, make) => {
  test('padded positions change nothing at the real ones', () => {
    const module = make();
    const unpadded = module.apply(real()).arraySync() as number[][][];
    expectClose(realPart(module.apply(padded(2), mask())), unpadded);
    expectClose(realPart(module.apply(padded(3), mask())), unpadded);
  });

  test('without the mask the padding leaks into the real positions', () => {
    const module = make();
    const unpadded = module.apply(real()).arraySync() as number[][][];
    const leaked = realPart(module.apply(padded(2)));
    const gap = Math.max(...leaked.flat(2).map((v, i) => Math.abs(v - unpadded.flat(2)[i]!)));
    expect(gap).toBeGreaterThan(1e-3);
  });

  test('a mask of the wrong shape names both shapes; a masked call leaks no tensor', async () => {
    const module = make();
    expect(() => module.apply(padded(2), tf.ones([2, 4]) as tf.Tensor2D)).toThrow(
      'keyMask has shape [2,4] but x needs [2, 5]',
    );
    const x = padded(2);
    const m = mask();
    await expectNoLeaks(() => module.apply(x, m).dispose());
  });
});
