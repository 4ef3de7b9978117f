// The validation oracle f_valid of brief §3.5: Dense(D→H) → LayerNorm → ReLU, then n × [Dense(H→H) →
// LayerNorm → LeakyReLU(0.2)], then Dense(H→1). Trained with MSE on ỹ over D_train ∪ D_valid; the
// best weights by MSE on an internal 5% hold-out (checked every 250 steps) are kept. Its last hidden
// layer supplies the features φ of FD and DC.
import { Adam, Dense, LayerNorm, type Module, prefixed, type Rng, tf, type Variables } from 'core-tensor';

export class ValidationOracle implements Module {
  readonly input: Dense;
  readonly inputNorm: LayerNorm;
  readonly blocks: { dense: Dense; norm: LayerNorm }[];
  readonly head: Dense;

  constructor(
    readonly dims: number,
    readonly width: number,
    readonly depth: number,
    rng: Rng,
  ) {
    this.input = new Dense(dims, width, rng.split('input'));
    this.inputNorm = new LayerNorm(width);
    this.blocks = Array.from({ length: depth }, (_, i) => ({
      dense: new Dense(width, width, rng.split(`block${i}`)),
      norm: new LayerNorm(width),
    }));
    this.head = new Dense(width, 1, rng.split('head'));
  }

  /** φ(x): the last hidden layer, x [B, D] → [B, H]. */
  features(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      let h = tf.relu(this.inputNorm.apply(this.input.apply(x)));
      for (const block of this.blocks) h = tf.leakyRelu(block.norm.apply(block.dense.apply(h)), 0.2);
      return h as tf.Tensor2D;
    });
  }

  /** f_valid(x) in ỹ units: x [B, D] → [B]. */
  apply(x: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => this.head.apply(this.features(x)).reshape([-1]) as tf.Tensor1D);
  }

  variables(): Variables {
    return {
      ...prefixed('input', this.input),
      ...prefixed('inputNorm', this.inputNorm),
      ...Object.assign(
        {},
        ...this.blocks.map((block, i) => ({
          ...prefixed(`blocks.${i}.dense`, block.dense),
          ...prefixed(`blocks.${i}.norm`, block.norm),
        })),
      ),
      ...prefixed('head', this.head),
    };
  }
}

/** Runs f_valid (or φ) over many rows in chunks, returning a typed array. */
export function predictRows(
  rows: Float32Array,
  dims: number,
  fn: (x: tf.Tensor2D) => tf.Tensor,
  chunk = 4096,
): Float32Array {
  const count = rows.length / dims;
  const parts: Float32Array[] = [];
  for (let start = 0; start < count; start += chunk) {
    const end = Math.min(count, start + chunk);
    const out = tf.tidy(() => fn(tf.tensor2d(rows.subarray(start * dims, end * dims), [end - start, dims])));
    parts.push(out.dataSync().slice() as Float32Array);
    out.dispose();
  }
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

export interface RegressionFit {
  holdoutMse: number;
  bestStep: number;
}

/** Mini-batch MSE training with an internal hold-out; the best weights are restored at the end. */
export function fitRegressor(options: {
  model: Module;
  predict: (x: tf.Tensor2D, rows: Int32Array) => tf.Tensor1D;
  x: Float32Array;
  y: Float32Array;
  dims: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  weightDecay?: number;
  rng: Rng;
  /** Optional input corruption per batch (the noisy inputs of the training oracle). */
  corrupt?: (x: tf.Tensor2D, rng: Rng) => { x: tf.Tensor2D; rows: Int32Array };
}): RegressionFit {
  const { model, x, y, dims, steps, batchSize, rng } = options;
  const order = rng.shuffle(Array.from({ length: y.length }, (_, i) => i));
  const holdoutCount = Math.max(1, Math.round(0.05 * y.length));
  const holdout = order.slice(0, holdoutCount);
  const train = order.slice(holdoutCount);
  const optimiser = new Adam({ learningRate: options.learningRate, weightDecay: options.weightDecay ?? 0 });
  const variables = model.variables();
  const holdoutX = gather(x, dims, holdout);
  const holdoutY = Float32Array.from(holdout, (i) => y[i]!);
  const holdoutRng = rng.split('holdout-noise');
  let best = { mse: Number.POSITIVE_INFINITY, step: 0, weights: [] as tf.Tensor[] };
  const evaluate = () => {
    const noise = holdoutRng.split('fixed'); // the same corruption at every check
    const mse = tf.tidy(() => {
      let input = tf.tensor2d(holdoutX, [holdout.length, dims]);
      let rows: Int32Array = new Int32Array(holdout.length);
      if (options.corrupt) ({ x: input, rows } = options.corrupt(input, noise));
      return options.predict(input, rows).sub(tf.tensor1d(holdoutY)).square().mean();
    });
    const value = mse.dataSync()[0]!;
    mse.dispose();
    return value;
  };
  for (let step = 1; step <= steps; step++) {
    const rows = Array.from({ length: batchSize }, () => train[rng.int(train.length)]!);
    const batchX = gather(x, dims, rows);
    const batchY = Float32Array.from(rows, (i) => y[i]!);
    const batchRng = rng.split(`batch${step}`);
    optimiser.minimize(
      () =>
        tf.tidy(() => {
          let input = tf.tensor2d(batchX, [batchSize, dims]);
          let tRows: Int32Array = new Int32Array(batchSize);
          if (options.corrupt) ({ x: input, rows: tRows } = options.corrupt(input, batchRng));
          return options.predict(input, tRows).sub(tf.tensor1d(batchY)).square().mean() as tf.Scalar;
        }),
      variables,
    );
    if (step % 250 === 0 || step === steps) {
      const mse = evaluate();
      if (mse < best.mse) {
        tf.dispose(best.weights);
        best = { mse, step, weights: Object.values(variables).map((v) => v.clone()) };
      }
    }
  }
  Object.values(variables).forEach((variable, i) => {
    variable.assign(best.weights[i]!);
  });
  tf.dispose(best.weights);
  optimiser.dispose();
  return { holdoutMse: best.mse, bestStep: best.step };
}

function gather(x: Float32Array, dims: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * dims);
  for (const [i, row] of rows.entries()) out.set(x.subarray(row * dims, (row + 1) * dims), i * dims);
  return out;
}

/** f_valid of §3.5 trained on D_train ∪ D_valid (model space, ỹ labels); returns the oracle and its fit. */
export function trainValidationOracle(options: {
  x: Float32Array;
  yTilde: Float32Array;
  dims: number;
  width: number;
  depth: number;
  steps: number;
  batchSize: number;
  learningRate: number;
  rng: Rng;
}): { oracle: ValidationOracle; fit: RegressionFit } {
  const oracle = new ValidationOracle(options.dims, options.width, options.depth, options.rng.split('init'));
  const fit = fitRegressor({
    model: oracle,
    predict: (input) => oracle.apply(input),
    x: options.x,
    y: options.yTilde,
    dims: options.dims,
    steps: options.steps,
    batchSize: options.batchSize,
    learningRate: options.learningRate,
    rng: options.rng.split('fit'),
  });
  return { oracle, fit };
}
