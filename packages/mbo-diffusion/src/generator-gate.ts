// The generator sanity gate of issue 16: before a claim may read a task's correlations, its
// diffusion models must have learned D_train. Unconditional samples (null token, no f_valid, no
// g_β) are scored with the exact oracle in phase 'final'; their normalised mean must sit within
// δ = share·(D_valid mean − D_train mean) of the D_train mean, and the w = 0 validation samples
// must cover some of D_valid (coverage > 0). An undertrained generator fails it (600 steps on
// manifold bumps: −0.35 against a D_train mean of 0.27), and claims on that task read inconclusive.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gate } from 'lab';
import type { ModelJobResult } from './model-job.js';
import type { PreparedTask } from './prepared-task.js';
import type { QueryBudget } from './query-budget.js';
import { normaliseScore, type TaskId } from './task.js';

export interface GeneratorCheck {
  task: TaskId;
  models: number;
  /** Exact normalised mean of every model's unconditional samples. */
  unconditionalMean: number;
  trainMean: number;
  validMean: number;
  /** |unconditional − D_train mean| / (D_valid mean − D_train mean): the gate passes at ≤ share. */
  gapShare: number;
  /** Mean coverage of the w = 0 validation samples at each model's last checkpoint. */
  coverage: number;
}

async function readRaw(runDir: string, file: string): Promise<Float32Array> {
  const bytes = await readFile(join(runDir, file));
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}

/** Scores every model's unconditional samples of one task (phase 'final') and measures the gate. */
export async function checkGenerator(options: {
  runDir: string;
  prepared: PreparedTask;
  budget: QueryBudget;
  results: readonly ModelJobResult[];
  trainMean: number;
  validMean: number;
}): Promise<GeneratorCheck> {
  const { task } = options.prepared.space;
  const scores: number[] = [];
  const coverages: number[] = [];
  for (const result of options.results) {
    const raw = await readRaw(options.runDir, result.unconditionalFile);
    const exact = task.exactOracle(options.budget, 'generator gate (unconditional samples)', raw);
    for (const y of exact) scores.push(normaliseScore(task, y));
    const lastStep = Math.max(...result.evaluations.map((e) => e.step));
    const atZero = result.evaluations.find((e) => e.step === lastStep && e.w === 0);
    coverages.push(atZero?.coverage ?? Number.NaN);
  }
  const unconditionalMean = mean(scores);
  return {
    task: task.id,
    models: options.results.length,
    unconditionalMean,
    trainMean: options.trainMean,
    validMean: options.validMean,
    gapShare: Math.abs(unconditionalMean - options.trainMean) / (options.validMean - options.trainMean),
    coverage: mean(coverages),
  };
}

/** The gate pair a claim on `task` carries: `generator-<task id>` (mean) and its coverage twin. */
export function generatorGates(check: GeneratorCheckJson | undefined, share: number, task: TaskId) {
  const value = (x: number | null | undefined) => x ?? Number.NaN;
  return [
    gate(`generator-${task}`, value(check?.gapShare), { atMost: share }),
    gate(`generator-${task}-coverage`, value(check?.coverage), { above: 0 }),
  ];
}

/** The check as summary.json holds it (JSON has no NaN: null). */
export interface GeneratorCheckJson {
  task: TaskId;
  gapShare: number | null;
  coverage: number | null;
}
