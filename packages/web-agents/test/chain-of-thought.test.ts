// The chain-of-thought student of C4 (issue 17 point 3): with thoughtInput 'predicted' the action
// heads read the student's own thought distribution, so the action loss alone (λ = 0) trains the
// thought head; with the gold thought (or t_∅) fed, as before, λ = 0 leaves it without gradient.
import { initBackend, Rng, tf } from 'core-tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { makeBatch } from '../src/student/batch.js';
import { bcLoss, disposeAll, inputTensors, type ThoughtInput, targetTensors } from '../src/student/loss.js';
import { Student } from '../src/student/student.js';
import { buttonSamples } from './study-fixtures.js';

/** Global norm of ∂L/∂(progress head) for λ = 0. */
function progressHeadGradNorm(thoughtInput: ThoughtInput): number {
  const student = Student.create(new Rng(5));
  const data = buttonSamples();
  const batch = makeBatch(
    data,
    data.map(() => false),
  );
  batch.hasThought.fill(0); // λ = 0: no thought targets
  const x = inputTensors(batch);
  const y = targetTensors(batch);
  const all = student.net.variables();
  const head = Object.entries(all)
    .filter(([name]) => name.startsWith('progressHead'))
    .map(([, v]) => v);
  const { value, grads } = tf.variableGrads(() => bcLoss(student.net, x, y, 0, thoughtInput), head);
  const norm = tf.tidy(() =>
    Object.values(grads)
      .map((g) => g.square().sum().dataSync()[0]!)
      .reduce((a, b) => a + b, 0),
  );
  tf.dispose([value, ...Object.values(grads)]);
  disposeAll(x, y);
  student.dispose();
  return Math.sqrt(norm);
}

describe('chain-of-thought student (wasm)', () => {
  beforeAll(async () => {
    await initBackend('wasm');
  });

  test('λ = 0 with the predicted thought read by the action heads: the thought head learns', () => {
    expect(progressHeadGradNorm('predicted')).toBeGreaterThan(1e-6);
  });

  test('λ = 0 with t_∅ fed (the old oracle-actonly): the thought head gets no gradient', () => {
    expect(progressHeadGradNorm('gold')).toBe(0);
  });
});
