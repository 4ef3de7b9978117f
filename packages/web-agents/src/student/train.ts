// Behaviour-cloning SFT (brief §6.4): Adam, global-norm clip, constant learning rate, thought
// dropout p_drop (the gold thought is fed with probability 1 − p_drop, t_∅ otherwise; with λ = 0
// t_∅ always), checkpoints at fractional epochs. One loop, top to bottom.
import { Adam, type Rng } from 'core-tensor';
import { makeBatch, type Sample } from './batch.js';
import { bcLoss, disposeAll, inputTensors, type ThoughtInput, targetTensors } from './loss.js';
import type { StudentNet } from './model.js';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** λ: weight of the thought loss (0 = actions only) */
  lambda: number;
  /** p_drop: probability of feeding t_∅ instead of the gold thought */
  thoughtDropout: number;
  clipNorm: number;
  /** 'predicted': the action heads read the student's own thought distribution (loss.ts) */
  thoughtInput?: ThoughtInput;
  /** epochs (possibly fractional) after which onCheckpoint is called */
  checkpointEpochs: readonly number[];
}

export interface TrainStats {
  steps: number;
  samples: number;
  meanLoss: number;
  samplesPerSecond: number;
}

export async function trainStudent(
  net: StudentNet,
  samples: readonly Sample[],
  options: TrainOptions,
  rng: Rng,
  onCheckpoint?: (epoch: number, stats: TrainStats) => Promise<void>,
): Promise<TrainStats> {
  if (samples.length === 0) throw new Error('trainStudent: no samples (did filtering drop everything?)');
  const optimizer = new Adam({ learningRate: options.learningRate, clipNorm: options.clipNorm });
  const stepsPerEpoch = Math.ceil(samples.length / options.batchSize);
  const totalSteps = Math.max(1, Math.round(options.epochs * stepsPerEpoch));
  const checkpointAt = new Map(
    options.checkpointEpochs.map((e) => [Math.max(1, Math.round(e * stepsPerEpoch)), e]),
  );
  const variables = net.variables();
  const started = performance.now();
  let order: number[] = [];
  let lossSum = 0;
  let seen = 0;
  try {
    for (let step = 0; step < totalSteps; step++) {
      // Batch: a fresh shuffle each epoch; the last batch of an epoch may be short.
      const within = step % stepsPerEpoch;
      if (within === 0) order = rng.shuffle(samples.map((_, i) => i));
      const chosen = order
        .slice(within * options.batchSize, (within + 1) * options.batchSize)
        .map((i) => samples[i]!);
      const feed = chosen.map(() => options.lambda > 0 && !rng.bernoulli(options.thoughtDropout));
      const batch = makeBatch(chosen, feed);
      if (options.lambda === 0) batch.hasThought.fill(0);
      // Forward, backward, update (brief §6.3 loss).
      const x = inputTensors(batch);
      const y = targetTensors(batch);
      const { loss } = optimizer.minimize(
        () => bcLoss(net, x, y, options.lambda, options.thoughtInput),
        variables,
      );
      disposeAll(x, y);
      lossSum += loss * chosen.length;
      seen += chosen.length;
      const epochsDone = checkpointAt.get(step + 1);
      if (epochsDone !== undefined && onCheckpoint) {
        await onCheckpoint(epochsDone, stats(step + 1, seen, lossSum, started));
      }
    }
  } finally {
    optimizer.dispose();
  }
  return stats(totalSteps, seen, lossSum, started);
}

function stats(steps: number, seen: number, lossSum: number, started: number): TrainStats {
  const seconds = (performance.now() - started) / 1000;
  return {
    steps,
    samples: seen,
    meanLoss: lossSum / Math.max(1, seen),
    samplesPerSecond: seen / Math.max(seconds, 1e-9),
  };
}
