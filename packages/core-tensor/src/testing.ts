// Test helpers for any package that uses core-tensor: a leak check and a finite-difference
// gradient check. Imported as 'core-tensor/testing' so they stay out of the main surface.
import * as tf from '@tensorflow/tfjs';

/** Runs `body` and throws if it leaves more tensors alive than it found. Returns body's value. */
export async function expectNoLeaks<T>(body: () => T | Promise<T>, label = 'block'): Promise<T> {
  const before = tf.memory().numTensors;
  const value = await body();
  const after = tf.memory().numTensors;
  if (after > before) throw new Error(`${label} leaked ${after - before} tensor(s) (${before} -> ${after})`);
  return value;
}

export interface GradientCheck {
  maxRelativeError: number;
  worst: { input: number; index: number; analytic: number; numeric: number };
}

/**
 * Compares tf.grads of a scalar function with central finite differences,
 * (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h, on up to `maxEntries` coordinates per input.
 * Relative error is |a − n| / max(|a|, |n|, floor). Best run on the cpu backend in float32 with
 * h ≈ 1e-2 and a smooth f.
 */
export function checkGradients(
  f: (...inputs: tf.Tensor[]) => tf.Scalar,
  inputs: tf.Tensor[],
  options: { step?: number; maxEntries?: number; floor?: number } = {},
): GradientCheck {
  const step = options.step ?? 1e-2;
  const floor = options.floor ?? 1e-3;
  const maxEntries = options.maxEntries ?? 24;
  const analytic = tf.tidy(() =>
    tf
      .grads(f)(inputs)
      .map((g) => g.dataSync().slice()),
  );
  let worst: GradientCheck['worst'] = { input: 0, index: 0, analytic: 0, numeric: 0 };
  let maxRelativeError = 0;
  inputs.forEach((input, inputIndex) => {
    const base = input.dataSync().slice();
    const stride = Math.max(1, Math.floor(base.length / maxEntries));
    for (let index = 0; index < base.length; index += stride) {
      const evaluate = (delta: number) =>
        tf.tidy(() => {
          const shifted = base.slice();
          shifted[index]! += delta;
          const args = inputs.map((x, j) => (j === inputIndex ? tf.tensor(shifted, x.shape, x.dtype) : x));
          return f(...args).dataSync()[0]!;
        });
      const numeric = (evaluate(step) - evaluate(-step)) / (2 * step);
      const exact = analytic[inputIndex]![index]!;
      const error = Math.abs(exact - numeric) / Math.max(Math.abs(exact), Math.abs(numeric), floor);
      if (error > maxRelativeError) {
        maxRelativeError = error;
        worst = { input: inputIndex, index, analytic: exact, numeric };
      }
    }
  });
  return { maxRelativeError, worst };
}

/**
 * The same check for a loss over tf.Variables (a module's parameters): analytic gradients from
 * tf.variableGrads, numeric ones by nudging each sampled entry with assign and restoring it.
 */
export function checkVariableGradients(
  loss: () => tf.Scalar,
  variables: Record<string, tf.Variable>,
  options: { step?: number; maxEntries?: number; floor?: number } = {},
): GradientCheck & { worstName: string } {
  const step = options.step ?? 1e-2;
  const floor = options.floor ?? 1e-3;
  const maxEntries = options.maxEntries ?? 12;
  const names = Object.keys(variables);
  const analytic = tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      loss,
      names.map((n) => variables[n]!),
    );
    value.dispose();
    return names.map((n) => grads[variables[n]!.name]?.dataSync().slice());
  });
  let result: GradientCheck & { worstName: string } = {
    maxRelativeError: 0,
    worst: { input: 0, index: 0, analytic: 0, numeric: 0 },
    worstName: '',
  };
  names.forEach((name, inputIndex) => {
    const variable = variables[name]!;
    const grad = analytic[inputIndex];
    if (!grad) throw new Error(`checkVariableGradients: '${name}' gets no gradient from the loss`);
    const base = variable.dataSync().slice();
    const stride = Math.max(1, Math.floor(base.length / maxEntries));
    const lossAt = (index: number, delta: number) => {
      const shifted = base.slice();
      shifted[index]! += delta;
      tf.tidy(() => variable.assign(tf.tensor(shifted, variable.shape)));
      return tf.tidy(() => loss().dataSync()[0]!);
    };
    for (let index = 0; index < base.length; index += stride) {
      const numeric = (lossAt(index, step) - lossAt(index, -step)) / (2 * step);
      const exact = grad[index]!;
      const error = Math.abs(exact - numeric) / Math.max(Math.abs(exact), Math.abs(numeric), floor);
      if (error > result.maxRelativeError) {
        result = {
          maxRelativeError: error,
          worst: { input: inputIndex, index, analytic: exact, numeric },
          worstName: name,
        };
      }
    }
    tf.tidy(() => variable.assign(tf.tensor(base, variable.shape)));
  });
  return result;
}
