// The fixes that only move or re-add values (Transpose, Sum, GatherV2 and Cast; BatchMatMul's
// swapped A^T·B) must give exactly what the stock wasm kernels give, bit for bit: they were added
// to make training faster without changing any number the studies have committed. Each case is
// also checked against cpu, and for leaks (see wasm-parity.ts).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { simplifyPermutation, swapFormOf } from '../src/kernels/transpose.js';
import { registerWasmFixes, unregisterWasmFixes } from '../src/kernels/wasm-fixes.js';
import { expectParity, expectStockBitwise, seededTensor } from './wasm-parity.js';

beforeAll(async () => {
  registerWasmFixes();
  await tf.setBackend('wasm');
  await tf.ready();
});

afterAll(() => {
  unregisterWasmFixes();
});

interface Case {
  name: string;
  build: () => tf.Tensor | tf.Tensor[];
}

function bitwiseAndParity(cases: Case[]): void {
  for (const { name, build } of cases) {
    test(name, async () => {
      await expectStockBitwise(build);
      await expectParity(build);
    });
  }
}

const ints = (shape: number[]) => tf.reshape(tf.range(0, tf.util.sizeFromShape(shape), 1, 'int32'), shape);

describe('Transpose', () => {
  test('permutations simplify to the swap forms it handles, others go to the stock kernel', () => {
    const formOf = (shape: number[], perm: number[]) => {
      const simple = simplifyPermutation(shape, perm);
      return swapFormOf(simple.sizes, simple.perm);
    };
    expect(formOf([7, 5], [1, 0])).toEqual({ outer: 1, rows: 7, cols: 5 });
    expect(formOf([2, 3, 4, 5], [2, 3, 0, 1])).toEqual({ outer: 1, rows: 6, cols: 20 }); // merged runs
    expect(formOf([4, 1, 6], [0, 2, 1])).toBeUndefined(); // only a size-1 axis moves: a copy
    expect(formOf([3, 1, 5, 7], [0, 3, 1, 2])).toEqual({ outer: 3, rows: 5, cols: 7 });
    expect(formOf([2, 3, 4, 5], [0, 2, 1, 3])).toBeUndefined(); // runs of 5 move together: stock
    expect(formOf([2, 3, 4], [2, 0, 1])).toEqual({ outer: 1, rows: 6, cols: 4 });
    expect(formOf([2, 3, 4], [1, 2, 0])).toEqual({ outer: 1, rows: 2, cols: 12 });
    expect(formOf([2, 3, 4], [2, 1, 0])).toBeUndefined();
  });

  // Matrices of LARGE_MATRIX (2^18) values or more take the JS copy; smaller ones stay stock.
  bitwiseAndParity([
    { name: '2-D, odd sizes over many tiles', build: () => tf.transpose(seededTensor([521, 507], 1)) },
    {
      name: 'a batch of large matrices',
      build: () => tf.transpose(seededTensor([2, 515, 513], 2), [0, 2, 1]),
    },
    {
      name: 'rank 4 that merges to 2-D',
      build: () => tf.transpose(seededTensor([8, 64, 32, 16], 3), [2, 3, 0, 1]),
    },
    {
      name: 'size-1 axes in the way',
      build: () => tf.transpose(seededTensor([2, 1, 520, 510], 4), [0, 3, 1, 2]),
    },
    { name: 'small matrices (stock)', build: () => tf.transpose(seededTensor([3, 33, 70], 5), [0, 2, 1]) },
    {
      name: 'runs moving together (stock)',
      build: () => tf.transpose(seededTensor([2, 3, 4, 5], 6), [0, 2, 1, 3]),
    },
    { name: 'int32', build: () => tf.cast(tf.transpose(ints([600, 450])), 'float32') },
    { name: 'empty', build: () => tf.transpose(tf.zeros([0, 4])) },
  ]);
});

describe('Sum', () => {
  // Inputs of LARGE_MATRIX (2^18) values or more take our paths; smaller ones stay stock.
  bitwiseAndParity([
    { name: 'over the leading axis (a bias gradient)', build: () => tf.sum(seededTensor([2048, 131], 7), 0) },
    {
      name: 'over two leading axes, keepDims',
      build: () => tf.sum(seededTensor([16, 128, 130], 8), [0, 1], true),
    },
    { name: 'over a middle axis (transposed first)', build: () => tf.sum(seededTensor([2, 520, 510], 9), 1) },
    {
      name: 'over axes 0 and 2, keepDims',
      build: () => tf.sum(seededTensor([520, 3, 510], 10), [2, 0], true),
    },
    { name: 'negative axis', build: () => tf.sum(seededTensor([600, 450], 11), -2) },
    { name: 'small, over the leading axis (stock)', build: () => tf.sum(seededTensor([300, 37], 12), 0) },
    { name: 'over the last axis (stock)', build: () => tf.sum(seededTensor([600, 450], 13), -1) },
    { name: 'over every axis (stock)', build: () => tf.sum(seededTensor([600, 450], 14)) },
    { name: 'int32 over the leading axis', build: () => tf.cast(tf.sum(ints([600, 450]), 0), 'float32') },
    {
      name: 'bias gradient of a dense layer',
      build: () =>
        tf.grad((b: tf.Tensor) => tf.sum(tf.square(tf.add(seededTensor([2048, 130], 15), b))))(
          seededTensor([130], 16),
        ),
    },
  ]);
});

describe('GatherV2', () => {
  const ids = (values: number[], shape = [values.length]) => tf.tensor(values, shape, 'int32');
  bitwiseAndParity([
    { name: 'rows, repeated ids', build: () => tf.gather(seededTensor([7, 5], 15), ids([6, 0, 0, 3, 6])) },
    {
      name: 'rows of a rank 3 table by a matrix of ids',
      build: () => tf.gather(seededTensor([4, 3, 2], 16), ids([1, 3, 0, 1], [2, 2])),
    },
    { name: 'int32 rows', build: () => tf.cast(tf.gather(ints([5, 3]), ids([4, 1])), 'float32') },
    { name: 'along axis 1 (stock)', build: () => tf.gather(seededTensor([4, 6], 17), ids([5, 0, 2]), 1) },
    { name: 'no ids', build: () => tf.gather(seededTensor([4, 6], 18), ids([])) },
  ]);

  test('an id out of range fails with the stock message', async () => {
    await tf.setBackend('wasm');
    const table = seededTensor([4, 3], 19);
    const bad = ids([1, 4]);
    expect(() => tf.gather(table, bad)).toThrow('GatherV2: the index value 4 is not in [0, 3]');
    tf.dispose([table, bad]);
  });
});

describe('Cast', () => {
  test('to the same dtype shares the block; to another dtype copies', async () => {
    await tf.setBackend('wasm');
    const before = tf.backend().numDataIds();
    const x = seededTensor([3, 4], 20);
    const same = tf.cast(x, 'float32');
    expect(tf.backend().numDataIds()).toBe(before + 1);
    const values = Array.from(x.dataSync());
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual(values);
    const truncated = tf.cast(same, 'int32');
    expect(tf.backend().numDataIds()).toBe(before + 2);
    expect(Array.from(truncated.dataSync())).toEqual(values.map((v) => Math.trunc(v) + 0)); // + 0: int32 has no -0
    tf.dispose([same, truncated]);
    expect(tf.backend().numDataIds()).toBe(before);
  });

  bitwiseAndParity([
    {
      name: 'float32 to int32 and back',
      build: () => tf.cast(tf.cast(tf.mul(seededTensor([5, 6], 21), 9), 'int32'), 'float32'),
    },
    {
      name: 'gradient of a product (casts to float32 inside)',
      build: () =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(a, b)))([
          seededTensor([4, 5], 22),
          seededTensor([4, 5], 23),
        ]),
    },
  ]);
});

describe('BatchMatMul: A^T·B swapped to (B^T·A)^T', () => {
  // The stock kernel's A^T·B is a scalar loop, so the reference here is our own plain route: the
  // transpose materialised first, then the untransposed product.
  for (const [batch, k, m, n] of [
    [[], 40, 5, 60],
    [[3], 50, 6, 70],
    [[], 2048, 128, 512],
  ] as const) {
    test(`[${batch}] K=${k} M=${m} N=${n} equals transpose-then-multiply bit for bit`, async () => {
      await tf.setBackend('wasm');
      const [swapped, plain] = tf.tidy(() => {
        const a = seededTensor([...batch, k, m], 24);
        const b = seededTensor([...batch, k, n], 25);
        const rank = batch.length + 2;
        const perm = [...batch.map((_, i) => i), rank - 1, rank - 2];
        return [tf.matMul(a, b, true, false), tf.matMul(tf.transpose(a, perm), b)].map((t) => t.dataSync());
      });
      expect(new Uint32Array(swapped!.buffer)).toEqual(new Uint32Array(plain!.buffer));
    });
  }
});
