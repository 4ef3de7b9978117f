// Every building block's gradients against central finite differences, on the cpu backend
// (float32, step 1e-2). A block passes when the worst sampled relative error is below 2e-2, with
// errors measured against max(|analytic|, |numeric|, 1e-2): float32 round-off in the numeric
// derivative is about 1e-4 here, and some true gradients are exactly zero (attention's key bias).
import { beforeAll, describe, expect, test } from 'vitest';
import {
  ConvDecoder,
  ConvEncoder,
  Dense,
  Ema,
  Embedding,
  GruCell,
  initBackend,
  LayerNorm,
  LayerNormGruCell,
  Mlp,
  type Module,
  MultiHeadAttention,
  Rng,
  TransformerBlock,
  tf,
} from '../src/index.js';
import { checkVariableGradients, expectNoLeaks } from '../src/testing.js';

const TOLERANCE = 2e-2;

/** A smooth scalar loss of a block's output: Σ sin(y)·w with fixed weights w. */
function probeLoss(output: () => tf.Tensor, seed: number): () => tf.Scalar {
  return () =>
    tf.tidy(() => {
      const y = output();
      const weights = tf.randomUniform(y.shape, -1, 1, 'float32', seed);
      return tf.sum(tf.sin(y).mul(weights)) as tf.Scalar;
    });
}

function expectGradientsMatch(module: Module, output: () => tf.Tensor): void {
  const check = checkVariableGradients(probeLoss(output, 1), module.variables(), { floor: 1e-2 });
  expect(check.maxRelativeError, `worst at ${check.worstName}: ${JSON.stringify(check.worst)}`).toBeLessThan(
    TOLERANCE,
  );
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('gradients match finite differences', () => {
  const rng = new Rng(0);
  const input = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

  test('Dense over a rank-3 input', () => {
    const dense = new Dense(5, 3, rng.split('dense'));
    const x = input([2, 4, 5], 1);
    expectGradientsMatch(dense, () => dense.apply(x));
  });

  test('Mlp with tanh', () => {
    const mlp = new Mlp([4, 8, 3], rng.split('mlp'), { activation: 'tanh' });
    const x = input([6, 4], 2);
    expectGradientsMatch(mlp, () => mlp.apply(x));
  });

  test('LayerNorm', () => {
    const norm = new LayerNorm(6);
    tf.tidy(() => norm.gamma.assign(tf.randomNormal([6], 1, 0.3, 'float32', 3)));
    const x = input([3, 6], 4);
    expectGradientsMatch(norm, () => norm.apply(x));
  });

  test('Embedding (gather gradient, repeated ids accumulate)', () => {
    const embedding = new Embedding(7, 4, rng.split('emb'), { std: 1 });
    const ids = tf.tensor2d(
      [
        [1, 3, 3],
        [6, 0, 1],
      ],
      [2, 3],
      'int32',
    );
    expectGradientsMatch(embedding, () => embedding.apply(ids));
  });

  test('Embedding.logits, the tied output projection h·Eᵀ', () => {
    const embedding = new Embedding(7, 4, rng.split('tied'), { std: 1 });
    const h = input([2, 3, 4], 11);
    expect(embedding.logits(h).shape).toEqual([2, 3, 7]);
    expectGradientsMatch(embedding, () => embedding.logits(h));
  });

  test('MultiHeadAttention, causal', () => {
    const attention = new MultiHeadAttention(8, 2, rng.split('attention'));
    const x = input([2, 5, 8], 5);
    expectGradientsMatch(attention, () => attention.apply(x as tf.Tensor3D));
  });

  test('TransformerBlock, pre-LN', () => {
    const block = new TransformerBlock(8, 2, rng.split('block'));
    const x = input([2, 4, 8], 6);
    expectGradientsMatch(block, () => block.apply(x as tf.Tensor3D));
  });

  test('ConvEncoder, 4×4 stride 2', () => {
    const encoder = new ConvEncoder(3, { depths: [4, 6], activation: 'tanh' }, rng.split('encoder'));
    const images = input([2, 14, 14, 3], 7);
    expect(encoder.outputShape(14, 14)).toEqual([2, 2, 6]);
    expectGradientsMatch(encoder, () => encoder.apply(images as tf.Tensor4D));
  });

  test('ConvDecoder, transposed convs', () => {
    const decoder = new ConvDecoder(
      5,
      {
        depths: [4, 3],
        activation: 'tanh',
        startShape: [2, 2, 6],
        outputSizes: [
          [6, 6],
          [14, 14],
        ],
      },
      rng.split('decoder'),
    );
    const features = input([2, 5], 8);
    const images = decoder.apply(features as tf.Tensor2D);
    expect(images.shape).toEqual([2, 14, 14, 3]);
    expectGradientsMatch(decoder, () => decoder.apply(features as tf.Tensor2D));
  });

  test('GruCell', () => {
    const cell = new GruCell(3, 4, rng.split('gru'));
    const x = input([2, 3], 9);
    const h = input([2, 4], 10);
    expectGradientsMatch(cell, () => cell.apply(x as tf.Tensor2D, h as tf.Tensor2D));
  });
});

describe('LayerNormGruCell (DreamerV2)', () => {
  test('gradients match finite differences', () => {
    const cell = new LayerNormGruCell(3, 4, new Rng(3).split('gru'));
    const x = tf.randomNormal([2, 3], 0, 1, 'float32', 12) as tf.Tensor2D;
    const h = tf.randomNormal([2, 4], 0, 1, 'float32', 13) as tf.Tensor2D;
    expectGradientsMatch(cell, () => cell.apply(x, h));
  });

  test("h' = σ(u − 1)·tanh(σ(ρ)·c) + (1 − σ(u − 1))·h, by hand with zero weights", () => {
    // W = 0, b = 0: the gate pre-activations are all 0, so LN gives β = 0 → ρ = c = u = 0;
    // candidate = tanh(σ(0)·0) = 0, update = σ(−1) = 0.2689, h' = (1 − 0.2689)·h = 0.7311·h.
    const cell = new LayerNormGruCell(2, 3, new Rng(0));
    cell.gates.kernel.assign(tf.zerosLike(cell.gates.kernel));
    const h = tf.tensor2d([[1, -2, 0.5]]);
    const next = cell.apply(tf.tensor2d([[0.3, 0.7]]), h);
    const keep = 1 - 1 / (1 + Math.exp(1));
    const values = next.dataSync();
    for (const [i, v] of [1, -2, 0.5].entries()) expect(values[i]).toBeCloseTo(keep * v, 6);
  });
});

describe('Ema', () => {
  test('shadow ← d·shadow + (1 − d)·θ; d = 0 copies, copyTo writes the average', () => {
    const dense = new Dense(1, 1, new Rng(4));
    dense.kernel.assign(tf.tensor2d([[2]]));
    const ema = new Ema(dense);
    dense.kernel.assign(tf.tensor2d([[4]]));
    ema.update(0.75); // 0.75·2 + 0.25·4 = 2.5
    expect(ema.variables().kernel!.dataSync()[0]).toBeCloseTo(2.5, 6);
    const copy = new Dense(1, 1, new Rng(5));
    ema.copyTo(copy);
    expect(copy.kernel.dataSync()[0]).toBeCloseTo(2.5, 6);
    ema.update(0);
    expect(ema.variables().kernel!.dataSync()[0]).toBe(4);
    expect(() => ema.update(1.5)).toThrow('Ema decay must be in [0, 1], got 1.5');
  });
});

describe('blocks do not leak tensors', () => {
  test('forward and backward of a transformer block', async () => {
    const block = new TransformerBlock(8, 2, new Rng(1));
    const x = tf.randomNormal([2, 4, 8]) as tf.Tensor3D;
    await expectNoLeaks(() => {
      const { value, grads } = tf.variableGrads(() => block.apply(x).square().mean() as tf.Scalar);
      tf.dispose([value, ...Object.values(grads)]);
    }, 'transformer block step');
  });

  test('expectNoLeaks catches a leak', async () => {
    await expect(expectNoLeaks(() => tf.ones([2]), 'leaky')).rejects.toThrow(/leaky leaked 1 tensor/);
  });
});
