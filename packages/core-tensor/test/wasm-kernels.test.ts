// Parity of the wasm kernel fixes (src/kernels) with the cpu backend: every case runs the same ops
// on the same seeded data on 'cpu' and on 'wasm' with the fixes in, and must agree to 1e-5 of the
// output's scale (copies must agree exactly). Each wasm run also checks that no tensor and no wasm
// heap block outlives it (tf.memory().numTensors and the backend's data-id count, which also counts
// the heap windows the fixes register).
import * as tf from '@tensorflow/tfjs-core';
// The union package registers the gradient functions (bare tfjs-core has none) and the backends.
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerWasmFixes, unregisterWasmFixes } from '../src/kernels/wasm-fixes.js';
import { expectParity, RELATIVE_TOLERANCE, seededTensor, seededValues } from './wasm-parity.js';

beforeAll(async () => {
  registerWasmFixes(); // before the backend starts, as initBackend does
  await tf.setBackend('wasm');
  await tf.ready();
});

afterAll(() => {
  unregisterWasmFixes();
});

describe('registerWasmFixes / unregisterWasmFixes', () => {
  test('register is idempotent and unregister restores the stock kernel configs exactly', () => {
    const names = registerWasmFixes(); // already registered in beforeAll
    expect(registerWasmFixes()).toEqual(names);
    expect(names).toEqual(
      expect.arrayContaining([
        'BatchMatMul',
        'Conv2DBackpropFilter',
        'UnsortedSegmentSum',
        'Slice',
        'Unpack',
        'SplitV',
        'Identity',
        'Transpose',
        'Sum',
        'GatherV2',
        'Cast',
      ]),
    );
    const fixedMatMul = tf.getKernel('BatchMatMul', 'wasm');
    unregisterWasmFixes();
    const stockMatMul = tf.getKernel('BatchMatMul', 'wasm');
    expect(stockMatMul).not.toBe(fixedMatMul);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('UnsortedSegmentSum', 'wasm')).toBeUndefined();
    registerWasmFixes();
    expect(tf.getKernel('BatchMatMul', 'wasm')).not.toBe(stockMatMul);
    expect(tf.getKernel('BatchMatMul', 'wasm')?.setupFunc).toBe(stockMatMul?.setupFunc);
    unregisterWasmFixes();
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(stockMatMul); // the very same object
    registerWasmFixes();
  });
});

describe('BatchMatMul', () => {
  // Logical shapes (batch dims, M, K, N); stored shapes follow from the transpose flags.
  const shapes: { name: string; aBatch: number[]; bBatch: number[]; m: number; k: number; n: number }[] = [
    { name: '2-D odd sizes', aBatch: [], bBatch: [], m: 7, k: 13, n: 5 },
    { name: '2-D larger', aBatch: [], bBatch: [], m: 67, k: 129, n: 33 },
    { name: 'rank 3, equal batches', aBatch: [3], bBatch: [3], m: 17, k: 31, n: 19 },
    { name: 'rank 3, equal batches, tiny matrices', aBatch: [5], bBatch: [5], m: 3, k: 4, n: 6 },
    { name: 'rank 3, b batch 1 broadcast', aBatch: [4], bBatch: [1], m: 9, k: 21, n: 11 },
    { name: 'rank 3, a batch 1 broadcast', aBatch: [1], bBatch: [4], m: 9, k: 21, n: 11 },
    { name: 'rank 3 times rank 2', aBatch: [4], bBatch: [], m: 9, k: 21, n: 11 },
    { name: 'rank 4, batch 1 vs 2 broadcast', aBatch: [2, 3], bBatch: [1, 3], m: 8, k: 24, n: 10 },
    { name: 'rank 4, both sides broadcast', aBatch: [2, 1], bBatch: [1, 3], m: 8, k: 24, n: 10 },
    { name: 'rank 4 times rank 3', aBatch: [2, 3], bBatch: [3], m: 8, k: 24, n: 10 },
    { name: 'rank 3, a model axis (ensemble Dense)', aBatch: [4], bBatch: [4], m: 32, k: 33, n: 17 },
    // Few rows, many columns: A^T·B runs as (B^T·A)^T (isSwapCheaper).
    { name: '2-D wide right operand', aBatch: [], bBatch: [], m: 5, k: 40, n: 60 },
    { name: 'rank 3, wide right operand', aBatch: [3], bBatch: [3], m: 6, k: 50, n: 70 },
    { name: 'rank 3, wide right operand, a batch 1 broadcast', aBatch: [1], bBatch: [4], m: 4, k: 30, n: 40 },
  ];
  const flags = [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const;
  for (const { name, aBatch, bBatch, m, k, n } of shapes) {
    for (const [transposeA, transposeB] of flags) {
      test(`${name}, transposeA=${transposeA}, transposeB=${transposeB}`, async () => {
        const aShape = [...aBatch, ...(transposeA ? [k, m] : [m, k])];
        const bShape = [...bBatch, ...(transposeB ? [n, k] : [k, n])];
        const product = () =>
          tf.matMul(seededTensor(aShape, 1), seededTensor(bShape, 2), transposeA, transposeB);
        // cpu's BatchMatMul picks batch i of each operand as i mod its batch size, which is wrong when
        // both sides broadcast ([2, 1] against [1, 3]); the reference broadcasts explicitly first.
        const batch = tf.broadcast_util.assertAndGetBroadcastShape(aBatch, bBatch);
        const broadcastFirst = () =>
          tf.matMul(
            tf.broadcastTo(seededTensor(aShape, 1), [...batch, ...aShape.slice(-2)]),
            tf.broadcastTo(seededTensor(bShape, 2), [...batch, ...bShape.slice(-2)]),
            transposeA,
            transposeB,
          );
        await expectParity(product, RELATIVE_TOLERANCE, broadcastFirst);
      });
    }
  }

  test('a tensor, then a reshape of it, as the right operand (aborts the stock wasm module)', async () => {
    await expectParity(() => {
      const w = seededTensor([4, 6], 30);
      const first = tf.matMul(seededTensor([2, 4], 31), w); // the stock kernel caches W's operator by id
      const second = tf.matMul(seededTensor([2, 6], 32), tf.reshape(w, [6, 4])); // same id, other shape
      return [first, second];
    });
  });

  test('gradients of a batched attention-like product (every transpose combination)', async () => {
    await expectParity(() => {
      const q = seededTensor([6, 16, 8], 3);
      const keys = seededTensor([6, 16, 8], 4);
      const v = seededTensor([6, 16, 8], 5);
      const loss = (qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor) =>
        tf.sum(tf.square(tf.matMul(tf.softmax(tf.matMul(qq, kk, false, true)), vv)));
      return tf.grads(loss)([q, keys, v]);
    });
  });
});

describe('Identity', () => {
  test('a clone shares the data and outlives its source; the block goes with the last tensor', async () => {
    await tf.setBackend('wasm');
    const dataIdsBefore = tf.backend().numDataIds();
    const x = seededTensor([3, 5], 40);
    const values = Array.from(x.dataSync());
    const copy = tf.clone(x);
    expect(tf.backend().numDataIds()).toBe(dataIdsBefore + 1); // one block, two tensors
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual(values);
    expect(copy.isDisposed).toBe(false);
    copy.dispose();
    expect(tf.backend().numDataIds()).toBe(dataIdsBefore);
  });

  test('gradients through ops whose saved tensors are clones equal cpu (and nothing leaks)', async () => {
    await expectParity(() => {
      const x = seededTensor([4, 8, 6], 41);
      const w = seededTensor([4, 6, 5], 42);
      const loss = (xx: tf.Tensor, ww: tf.Tensor) =>
        tf.sum(tf.square(tf.mul(tf.sigmoid(tf.matMul(xx, ww)), tf.exp(tf.matMul(xx, ww).mul(0.1)))));
      return tf.grads(loss)([x, w]);
    });
  });

  test('a variable assigned from a clone keeps its value when the source is disposed', async () => {
    await tf.setBackend('wasm');
    const source = seededTensor([2, 3], 43);
    const values = Array.from(source.dataSync());
    const variable = tf.variable(tf.zeros([2, 3]));
    const copy = tf.clone(source);
    variable.assign(copy); // the variable now holds the block source and copy share
    copy.dispose();
    source.dispose();
    expect(Array.from(variable.dataSync())).toEqual(values);
    variable.dispose();
  });
});

describe('Slice, Unpack, SplitV, StridedSlice', () => {
  const x4 = () => seededTensor([5, 7, 9, 11], 6);
  const cases: { name: string; build: () => tf.Tensor | tf.Tensor[] }[] = [
    { name: 'slice at odd offsets, odd sizes', build: () => tf.slice(x4(), [1, 2, 3, 4], [3, 4, 5, 6]) },
    {
      name: 'slice of whole trailing axes (contiguous)',
      build: () => tf.slice(x4(), [2, 0, 0, 0], [2, 7, 9, 11]),
    },
    { name: 'slice of one column (runs of 1)', build: () => tf.slice(x4(), [0, 0, 0, 5], [5, 7, 9, 1]) },
    { name: 'slice of a middle axis', build: () => tf.slice(x4(), [0, 3, 0, 0], [5, 1, 9, 11]) },
    { name: 'slice with size -1', build: () => tf.slice(x4(), [1, 1, 1, 1], [-1, -1, -1, -1]) },
    { name: 'slice rank 1', build: () => tf.slice(seededTensor([10], 7), [3], [4]) },
    { name: 'slice rank 2', build: () => tf.slice(seededTensor([13, 17], 8), [5, 2], [7, 13]) },
    {
      name: 'slice rank 5',
      build: () => tf.slice(seededTensor([3, 4, 5, 6, 7], 9), [1, 0, 2, 1, 3], [2, 4, 2, 3, 3]),
    },
    {
      name: 'slice int32',
      build: () => tf.slice(tf.reshape(tf.range(0, 77, 1, 'int32'), [7, 11]), [2, 3], [4, 5]),
    },
    {
      name: 'slice bool',
      build: () => tf.cast(tf.slice(tf.greater(seededTensor([6, 8], 10), 0), [1, 2], [3, 5]), 'int32'),
    },
    { name: 'unstack axis 0', build: () => tf.unstack(seededTensor([4, 5, 6], 11), 0) },
    { name: 'unstack axis 1', build: () => tf.unstack(seededTensor([4, 5, 6], 11), 1) },
    { name: 'unstack axis -1', build: () => tf.unstack(seededTensor([4, 5, 6], 11), -1) },
    { name: 'split sizes on axis 0', build: () => tf.split(seededTensor([6, 10, 7], 12), [2, 3, 1], 0) },
    {
      name: 'split sizes with -1 on axis 1',
      build: () => tf.split(seededTensor([6, 10, 7], 12), [3, -1, 4], 1),
    },
    { name: 'split into 7 on the last axis', build: () => tf.split(seededTensor([6, 10, 7], 12), 7, 2) },
    { name: 'split into 2 on axis 1', build: () => tf.split(seededTensor([6, 10, 7], 12), 2, 1) },
    {
      name: 'stridedSlice with unit strides',
      build: () => tf.stridedSlice(seededTensor([6, 10, 7], 13), [1, 2, 0], [5, 9, 7], [1, 1, 1]),
    },
    {
      name: 'stridedSlice with a shrunk axis',
      build: () =>
        tf.stridedSlice(seededTensor([6, 10, 7], 13), [2, 0, 1], [3, 10, 6], [1, 1, 1], 0, 0, 0, 0, 1),
    },
    {
      name: 'stridedSlice with stride 2 (stock path)',
      build: () => tf.stridedSlice(seededTensor([6, 10, 7], 13), [0, 1, 0], [6, 10, 7], [2, 3, 1]),
    },
    {
      name: 'gradient through slice and split',
      build: () =>
        tf.grad((x: tf.Tensor) => {
          const [left, right] = tf.split(x, [3, 4], 1);
          return tf.sum(tf.mul(tf.slice(left!, [1, 0], [2, 3]), tf.slice(right!, [0, 1], [2, 3])));
        })(seededTensor([4, 7], 14)),
    },
  ];
  for (const { name, build } of cases) {
    test(name, async () => {
      await expectParity(build, 0);
    });
  }
});

describe('Conv2DBackpropFilter and Conv2DBackpropInput', () => {
  const cases: {
    name: string;
    xShape: [number, number, number, number];
    filterShape: [number, number, number, number];
    strides: number | [number, number];
    pad: 'same' | 'valid' | number;
  }[] = [
    {
      name: 'stride 1, same, odd sizes',
      xShape: [2, 9, 11, 3],
      filterShape: [3, 3, 3, 5],
      strides: 1,
      pad: 'same',
    },
    {
      name: 'stride 1, valid, odd sizes',
      xShape: [2, 9, 11, 3],
      filterShape: [3, 4, 3, 5],
      strides: 1,
      pad: 'valid',
    },
    {
      name: 'stride 2, same, 4x4 filter',
      xShape: [3, 16, 16, 4],
      filterShape: [4, 4, 4, 6],
      strides: 2,
      pad: 'same',
    },
    {
      name: 'stride 2, valid, odd sizes',
      xShape: [2, 13, 11, 3],
      filterShape: [3, 3, 3, 7],
      strides: 2,
      pad: 'valid',
    },
    {
      name: 'strides [2, 1], same',
      xShape: [2, 10, 9, 2],
      filterShape: [5, 3, 2, 4],
      strides: [2, 1],
      pad: 'same',
    },
    { name: 'stride 2, explicit pad 1', xShape: [2, 8, 8, 3], filterShape: [3, 3, 3, 4], strides: 2, pad: 1 },
    { name: '1x1 filter', xShape: [2, 5, 7, 6], filterShape: [1, 1, 6, 3], strides: 1, pad: 'valid' },
  ];
  for (const { name, xShape, filterShape, strides, pad } of cases) {
    const dyShape = () => tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad).outShape;
    test(`filter gradient, ${name}`, async () => {
      await expectParity(() => {
        const x = seededTensor(xShape, 15);
        const dy = seededTensor(dyShape(), 16);
        return tf
          .engine()
          .runKernel<tf.Tensor>(
            tf.Conv2DBackpropFilter,
            { x, dy },
            { strides, pad, dataFormat: 'NHWC', filterShape },
          );
      });
    });
    test(`input gradient, ${name}`, async () => {
      await expectParity(() => {
        const filter = seededTensor(filterShape, 29);
        const dy = seededTensor(dyShape(), 16);
        return tf
          .engine()
          .runKernel<tf.Tensor>(
            tf.Conv2DBackpropInput,
            { dy, filter },
            { strides, pad, dataFormat: 'NHWC', inputShape: xShape },
          );
      });
    });
  }

  test('a batch larger than the scratch budget is done in chunks', async () => {
    // 128 images of 64x64x3 with a 4x4 stride-1 filter: colsT would be 48 x 524288 floats (96 MB).
    await tf.setBackend('wasm');
    const xShape: [number, number, number, number] = [128, 64, 64, 3];
    const filterShape: [number, number, number, number] = [4, 4, 3, 2];
    const whole = tf.tidy(() => {
      const x = seededTensor(xShape, 17);
      const dy = seededTensor([128, 64, 64, 2], 18);
      const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape };
      const full = tf.engine().runKernel<tf.Tensor>(tf.Conv2DBackpropFilter, { x, dy }, attrs);
      // The sum over images equals the sum of the two halves' gradients.
      const halves = [0, 64].map((first) =>
        tf.engine().runKernel<tf.Tensor>(
          tf.Conv2DBackpropFilter,
          {
            x: tf.slice(x, [first, 0, 0, 0], [64, -1, -1, -1]),
            dy: tf.slice(dy, [first, 0, 0, 0], [64, -1, -1, -1]),
          },
          attrs,
        ),
      );
      return tf.stack([full, tf.add(halves[0]!, halves[1]!)]);
    });
    const [full, summed] = tf.unstack(whole).map((t) => Array.from(t.dataSync()));
    tf.dispose(whole);
    const scale = Math.max(...full!.map(Math.abs));
    const worst = full!.reduce((max, v, i) => Math.max(max, Math.abs(v - summed![i]!)), 0);
    expect(worst).toBeLessThanOrEqual(1e-5 * scale);
  });
});

describe('UnsortedSegmentSum', () => {
  const ids = (values: number[]) => tf.tensor1d(values, 'int32');
  const cases: { name: string; build: () => tf.Tensor }[] = [
    {
      name: 'rows of a matrix, with repeated, negative and out-of-range ids',
      build: () => tf.unsortedSegmentSum(seededTensor([9, 5], 19), ids([3, 0, 3, -1, 10, 7, 0, 3, 11]), 11),
    },
    { name: 'rank 1', build: () => tf.unsortedSegmentSum(seededTensor([6], 20), ids([1, 2, 0, 1, 1, 2]), 4) },
    {
      name: 'rank 3 rows',
      build: () => tf.unsortedSegmentSum(seededTensor([5, 3, 4], 21), ids([2, 2, 0, 4, 2]), 5),
    },
    {
      // cpu returns float32 for int32 input; ours keeps int32 like TensorFlow, so compare values.
      name: 'int32 values',
      build: () =>
        tf.cast(
          tf.unsortedSegmentSum(tf.reshape(tf.range(0, 12, 1, 'int32'), [4, 3]), ids([1, 0, 1, 1]), 2),
          'float32',
        ),
    },
  ];
  for (const { name, build } of cases) {
    test(name, async () => {
      await expectParity(build);
    });
  }

  test('embedding-sized scatter (V = 4096, N = 2048, D = 128) equals a plain loop', async () => {
    await tf.setBackend('wasm');
    const vocabulary = 4096;
    const tokens = 2048;
    const width = 128;
    const x = seededValues(tokens * width, 22);
    const segmentIds = Int32Array.from(seededValues(tokens, 23), (u) =>
      Math.floor(((u + 1) / 2) * vocabulary),
    );
    const expected = new Float64Array(vocabulary * width);
    segmentIds.forEach((segment, row) => {
      for (let i = 0; i < width; i++) {
        const at = segment * width + i;
        expected[at] = expected[at]! + x[row * width + i]!;
      }
    });
    const out = tf.tidy(() =>
      tf.unsortedSegmentSum(tf.tensor2d(x, [tokens, width]), tf.tensor1d(segmentIds, 'int32'), vocabulary),
    );
    const got = out.dataSync();
    out.dispose();
    expect(out.shape).toEqual([vocabulary, width]);
    const worst = expected.reduce(
      (max, want, i) => Math.max(max, Math.abs(got[i]! - want) / (1 + Math.abs(want))),
      0,
    );
    expect(worst).toBeLessThanOrEqual(1e-5);
  });
});

describe('end to end gradients on wasm equal cpu', () => {
  test('tf.grads of a two-layer conv net loss (stride 2 same, stride 1 valid)', async () => {
    await expectParity(() => {
      const x = seededTensor([2, 12, 12, 3], 24);
      const w1 = tf.mul(seededTensor([4, 4, 3, 8], 25), 0.3);
      const w2 = tf.mul(seededTensor([3, 3, 8, 5], 26), 0.3);
      // tf.grads passes plain Tensors; the conv ops want rank-4 types, hence the casts.
      const loss = (input: tf.Tensor, first: tf.Tensor, second: tf.Tensor) => {
        const h = tf.relu(tf.conv2d(input as tf.Tensor4D, first as tf.Tensor4D, 2, 'same')) as tf.Tensor4D;
        return tf.mean(tf.square(tf.conv2d(h, second as tf.Tensor4D, 1, 'valid')));
      };
      return tf.grads(loss)([x, w1, w2]);
    });
  });

  test('tf.grad of an embedding (gather) loss', async () => {
    await expectParity(() => {
      const table = seededTensor([50, 16], 27);
      const tokens = tf.tensor2d([3, 7, 7, 49, 0, 3, 12, 7, 30, 30, 3, 1], [3, 4], 'int32');
      const target = seededTensor([3, 4, 16], 28);
      const loss = (embedding: tf.Tensor) => tf.sum(tf.mul(tf.gather(embedding, tokens), target));
      return tf.grad(loss)(table);
    });
  });
});
