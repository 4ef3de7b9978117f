// Shared pieces of the pool jobs (brief §5.2): where oracles, checkpoints and samples live in the
// run folder, how a saved module is rebuilt, and how samples are drawn for a variant.
import { join } from 'node:path';
import { assignParams, loadParams, Rng, tf } from 'core-tensor';
import type { Config, Variant } from './config.js';
import type { DdpmModel } from './ddpm.js';
import { sampleCfg, sampleCg } from './samplers.js';
import type { makeSchedule } from './schedule.js';
import type { TaskId } from './task.js';
import { TrainingOracle } from './training-oracle.js';
import { ValidationOracle } from './validation-oracle.js';

export function oracleDir(runDir: string, task: TaskId, which: 'fvalid' | 'gbeta'): string {
  return join(runDir, 'oracles', task, which);
}

export function modelDir(runDir: string, spec: { id: string }, step: number): string {
  return join(runDir, 'models', spec.id, `step-${step}`);
}

export function newValidationOracle(config: Config, dims: number): ValidationOracle {
  return new ValidationOracle(dims, config.validOracleWidth, config.validOracleDepth, new Rng('shape-only'));
}

export function newTrainingOracle(config: Config, dims: number): TrainingOracle {
  return new TrainingOracle(
    dims,
    config.trainingOracleWidth,
    config.trainingOracleDepth,
    config.diffusionSteps,
    new Rng('shape-only'),
  );
}

export async function loadInto(
  module: { variables(): Record<string, tf.Variable> },
  dir: string,
): Promise<void> {
  const loaded = await loadParams(dir);
  assignParams(module.variables(), loaded);
  tf.dispose(Object.values(loaded));
}

/** Draws n samples for labels ỹ from a (guided) model: CFG or classifier guidance by variant. */
export function drawSamples(options: {
  model: DdpmModel;
  variant: Variant;
  trainingOracle: TrainingOracle | undefined;
  schedule: ReturnType<typeof makeSchedule>;
  yTilde: Float32Array;
  guidance: number;
  rng: Rng;
  denoisedClip: number | null;
}): Float32Array {
  const { model, variant, trainingOracle, schedule, yTilde, guidance, rng, denoisedClip } = options;
  if (variant === 'cg') {
    if (!trainingOracle) throw new Error('classifier guidance needs the training oracle g_β');
    return sampleCg({
      net: model.sampler,
      oracle: trainingOracle,
      schedule,
      yTilde,
      guidance,
      rng,
      denoisedClip,
    });
  }
  return sampleCfg({ net: model.sampler, schedule, yTilde, guidance, rng, denoisedClip });
}

/** Labels resampled from D_valid's ỹ (the extrapolated prior p_valid, §1). */
export function resampleValidLabels(validY: Float32Array, count: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: count }, () => validY[rng.int(validY.length)]!);
}

export function finiteOrNull(compute: () => number): number | null {
  try {
    const value = compute();
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
