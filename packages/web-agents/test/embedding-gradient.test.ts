// Acceptance criterion 10: the student's embedding is core-tensor's Embedding, whose gradient (a
// scatter-add) matches central finite differences on the cpu backend (small case).
import { Embedding, initBackend, Rng, tf } from 'core-tensor';
import { checkVariableGradients } from 'core-tensor/testing';
import { beforeAll, expect, test } from 'vitest';

beforeAll(async () => {
  await initBackend('cpu');
});

test('the embedding gradient (scatter-add) matches finite differences', () => {
  const embedding = new Embedding(6, 3, new Rng(1), { std: 0.5 });
  const ids = tf.tensor1d([0, 2, 2, 5], 'int32');
  const weights = tf.tensor2d([
    [1, -2, 0.5],
    [0.3, 0.1, -1],
    [2, 0, 1],
    [-0.5, 0.5, 0.25],
  ]);
  const check = checkVariableGradients(
    () => embedding.apply(ids).square().mul(weights).sum() as tf.Scalar,
    embedding.variables(),
    { maxEntries: 18 },
  );
  expect(check.maxRelativeError).toBeLessThan(2e-2);
  tf.dispose([ids, weights, embedding.table]);
});
