// The noise-conditional training oracle g_β(x_t, t) of brief §3.3, for classifier guidance:
// Dense(D→H) → LayerNorm → ReLU; n blocks of Dense(2H→H) → LayerNorm → LeakyReLU(0.2), each fed
// [h, E_t] with E a learned T×H time-embedding table; then Dense(H→1). Trained on D_train only,
// MSE on ỹ over random t with x_t drawn from q(x_t|x_0).
import {
  Dense,
  Embedding,
  LayerNorm,
  type Module,
  prefixed,
  type Rng,
  tf,
  type Variables,
} from 'core-tensor';
import { forwardNoise } from './ddpm.js';
import type { Schedule } from './schedule.js';
import { fitRegressor, type RegressionFit } from './validation-oracle.js';

export class TrainingOracle implements Module {
  readonly input: Dense;
  readonly inputNorm: LayerNorm;
  readonly time: Embedding;
  readonly blocks: { dense: Dense; norm: LayerNorm }[];
  readonly head: Dense;

  constructor(
    readonly dims: number,
    readonly width: number,
    readonly depth: number,
    readonly steps: number,
    rng: Rng,
  ) {
    this.input = new Dense(dims, width, rng.split('input'));
    this.inputNorm = new LayerNorm(width);
    this.time = new Embedding(steps + 1, width, rng.split('time'));
    this.blocks = Array.from({ length: depth }, (_, i) => ({
      dense: new Dense(2 * width, width, rng.split(`block${i}`)),
      norm: new LayerNorm(width),
    }));
    this.head = new Dense(width, 1, rng.split('head'));
  }

  /** g_β(x_t, t): x_t [B, D], t [B] integers → [B] (ỹ units). */
  apply(xt: tf.Tensor2D, t: Int32Array): tf.Tensor1D {
    return tf.tidy(() => {
      const timeRows = this.time.apply(tf.tensor1d(t, 'int32')); // [B, H]
      let h = tf.relu(this.inputNorm.apply(this.input.apply(xt))); // [B, H]
      for (const block of this.blocks)
        h = tf.leakyRelu(block.norm.apply(block.dense.apply(tf.concat([h, timeRows], 1))), 0.2); // [B, H]
      return this.head.apply(h).reshape([-1]) as tf.Tensor1D;
    });
  }

  variables(): Variables {
    return {
      ...prefixed('input', this.input),
      ...prefixed('inputNorm', this.inputNorm),
      ...prefixed('time', this.time),
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

export function trainTrainingOracle(options: {
  oracle: TrainingOracle;
  schedule: Schedule;
  trainX: Float32Array;
  trainY: Float32Array;
  steps: number;
  batchSize: number;
  learningRate: number;
  rng: Rng;
}): RegressionFit {
  const { oracle, schedule } = options;
  return fitRegressor({
    model: oracle,
    predict: (x, rows) => oracle.apply(x, rows),
    x: options.trainX,
    y: options.trainY,
    dims: oracle.dims,
    steps: options.steps,
    batchSize: options.batchSize,
    learningRate: options.learningRate,
    rng: options.rng,
    corrupt: (x0, rng) => {
      const count = x0.shape[0];
      const t = Int32Array.from({ length: count }, () => 1 + rng.int(schedule.steps)); // t ~ U{1..T}
      const noise = tf.randomNormal([count, oracle.dims], 0, 1, 'float32', rng.tfSeed()) as tf.Tensor2D;
      return { x: forwardNoise(schedule, x0, t, noise), rows: t };
    },
  });
}
