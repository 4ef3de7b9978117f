// The `ensemble` workload of `pnpm bench` (issue 13): M small MLP regressors the size of
// mbo-diffusion's ε-network, trained as one (EnsembleMlp + EnsembleAdam, one set of ops for all M)
// versus one after another (M Mlp + Adam pairs, each stepped in turn). Both report models·steps/s,
// so the ratio is what the model axis buys. Plus the per-op dispatch cost of two tiny ops, so the
// overhead can be tracked over time.
//
// Size: mbo-diffusion's default ε-network on TFBind8 has D = 32 design dims (8 letters one-hot
// over 4), H = 64, a 34 → 32 conditioning embedding and five Dense layers (19.8k parameters),
// trained at batch 128. Here: an Mlp 66-64-64-64-64-32 (x_t [32] and c [34] in, ε̂ [32] out; five
// Dense layers, 18.8k parameters), SiLU, MSE loss, batch 128, Adam lr 1e-3 with clipNorm 1 as
// mbo-diffusion uses. A second, dispatch-bound size (batch 16) shows what the axis buys when
// arithmetic is small.
import { Adam, EnsembleAdam, EnsembleMlp, Mlp, Rng, tf } from '../src/index.js';
import { productMillisecondsPerStep } from './gemm-time.js';

const SIZES = [66, 64, 64, 64, 64, 32];
const ADAM = { learningRate: 1e-3, clipNorm: 1 };

interface Rate {
  modelStepsPerSecond: number;
  rounds: number;
}

/** Runs `round` (which advances `models` model-steps) until `seconds` have passed, after warm-up. */
function timeRounds(round: () => void, models: number, seconds: number, warmUp = 2): Rate {
  for (let i = 0; i < warmUp; i++) round();
  let rounds = 0;
  const start = performance.now();
  let elapsed = 0;
  while (rounds < 3 || elapsed < seconds * 1000) {
    round();
    rounds++;
    elapsed = performance.now() - start;
  }
  return { modelStepsPerSecond: (rounds * models * 1000) / elapsed, rounds };
}

function asOne(models: number, batch: number, seconds: number): Rate {
  const rngs = Array.from({ length: models }, (_, m) => new Rng(`bench/ensemble/${m}`));
  const mlp = new EnsembleMlp(SIZES, rngs, { activation: 'silu' });
  const adam = new EnsembleAdam(models, ADAM);
  const inputs = tf.randomNormal([models, batch, SIZES[0]!], 0, 1, 'float32', 1); // [M, B, 66]
  const targets = tf.randomNormal([models, batch, SIZES.at(-1)!], 0, 1, 'float32', 2); // [M, B, 32]
  const variables = mlp.variables();
  const losses = () => mlp.apply(inputs).sub(targets).square().mean([1, 2]); // [M]
  try {
    return timeRounds(() => adam.minimize(losses, variables), models, seconds);
  } finally {
    adam.dispose();
    tf.dispose([...Object.values(variables), inputs, targets]);
  }
}

/** Model m trained alone: an Mlp with its own Adam and batch, as the ensemble's model m. */
function oneModel(m: number, batch: number) {
  const mlp = new Mlp(SIZES, new Rng(`bench/ensemble/${m}`), { activation: 'silu' });
  const adam = new Adam(ADAM);
  const inputs = tf.randomNormal([batch, SIZES[0]!], 0, 1, 'float32', 1 + m); // [B, 66]
  const targets = tf.randomNormal([batch, SIZES.at(-1)!], 0, 1, 'float32', 2 + m); // [B, 32]
  const loss = () => mlp.apply(inputs).sub(targets).square().mean() as tf.Scalar;
  return {
    step: () => {
      adam.minimize(loss, mlp.variables());
    },
    dispose: () => {
      adam.dispose();
      tf.dispose([...Object.values(mlp.variables()), inputs, targets]);
    },
  };
}

function oneAfterAnother(models: number, batch: number, seconds: number): Rate {
  const trainers = Array.from({ length: models }, (_, m) => oneModel(m, batch));
  try {
    return timeRounds(
      () => {
        for (const trainer of trainers) trainer.step();
      },
      models,
      seconds,
    );
  } finally {
    for (const trainer of trainers) trainer.dispose();
  }
}

/** Milliseconds per training step one model alone spends in matrix products, at `batch`. */
async function oneModelProductMs(batch: number): Promise<number> {
  const trainer = oneModel(0, batch);
  try {
    return await productMillisecondsPerStep(trainer.step, 20);
  } finally {
    trainer.dispose();
  }
}

/** Median µs per call of `op` (result disposed), over 5 runs of `calls` calls after a warm-up. */
function microsecondsPerOp(op: () => tf.Tensor, calls = 500): number {
  for (let i = 0; i < 100; i++) op().dispose();
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) op().dispose();
    runs.push(((performance.now() - start) * 1000) / calls);
  }
  return runs.sort((a, b) => a - b)[2]!;
}

/** The dispatch line: µs per op of an add on [16, 64] and a [16, 64]×[64, 64] matmul. */
export function dispatchLine(): string {
  const a = tf.randomNormal([16, 64], 0, 1, 'float32', 3);
  const b = tf.randomNormal([16, 64], 0, 1, 'float32', 4);
  const w = tf.randomNormal([64, 64], 0, 1, 'float32', 5);
  try {
    const add = microsecondsPerOp(() => tf.add(a, b));
    const matMul = microsecondsPerOp(() => tf.matMul(a, w));
    return `dispatch add [16,64] ${add.toFixed(1)} µs/op, matMul [16,64]×[64,64] ${matMul.toFixed(1)} µs/op`;
  } finally {
    tf.dispose([a, b, w]);
  }
}

const format = (rate: number) => (rate >= 100 ? rate.toFixed(0) : rate.toFixed(1));

/**
 * Every line of the workload, printed through `log` as it is measured: one per (batch, M), the
 * `ensemble M=16 speed-up <x>×` line, and the dispatch line. Run on the backend that is current.
 */
export async function runEnsembleBench(seconds: number, log: (line: string) => void): Promise<void> {
  log(dispatchLine());
  const runs: { batch: number; models: number[] }[] = [
    { batch: 128, models: [1, 4, 16, 64] },
    { batch: 16, models: [16] },
  ];
  let speedUp16: number | undefined;
  let aloneStepMs16: number | undefined;
  for (const { batch, models: counts } of runs) {
    for (const models of counts) {
      const together = asOne(models, batch, seconds);
      const apart = oneAfterAnother(models, batch, seconds);
      const ratio = together.modelStepsPerSecond / apart.modelStepsPerSecond;
      if (batch === 128 && models === 16) {
        speedUp16 = ratio;
        aloneStepMs16 = 1000 / apart.modelStepsPerSecond;
      }
      log(
        `ensemble batch ${batch} M=${models}: as one ${format(together.modelStepsPerSecond)} models·steps/s, ` +
          `one after another ${format(apart.modelStepsPerSecond)} models·steps/s, ${ratio.toFixed(2)}×`,
      );
    }
  }
  if (speedUp16 !== undefined) log(`ensemble M=16 speed-up ${speedUp16.toFixed(2)}×`);
  if (aloneStepMs16 !== undefined) {
    // The speed-up if the M models' products cost what one model's do, M times, and nothing else
    // cost anything: one model's whole step over its products alone.
    const products = await oneModelProductMs(128);
    log(
      `ensemble M=16 ceiling ${(aloneStepMs16 / products).toFixed(2)}× ` +
        `(one model's step ${aloneStepMs16.toFixed(2)} ms over its matrix products alone ${products.toFixed(2)} ms)`,
    );
  }
}
