// The task registry of brief §2: versioned ids (a zod enum), validated options, and one Task
// interface over the real TFBind8 table and the seeded synthetic tasks with exact oracles (the three of
// the brief, plus the Ehrlich function of issue 16, point 6, which no preset runs yet).
import { Rng } from 'core-tensor';
import { z } from 'zod';
import { type EhrlichParams, ehrlichValues, makeEhrlich, sampleEhrlichDesigns } from './ehrlich.js';
import { codeLetters, sequenceCode } from './encoding.js';
import {
  bumpsFitness,
  defaultBumpsParams,
  makeBumpsLandscape,
  sampleBumpsDesigns,
} from './manifold-bumps.js';
import { makeNkLandscape, nkFitness } from './nk-landscape.js';
import type { QueryBudget } from './query-budget.js';
import { rankSplit, type Split, tieBoundaryCount } from './split.js';
import { readTfbind8Scores, reverseComplementCode } from './tfbind8.js';

export const TaskId = z.enum([
  'tfbind8-v0',
  'nk-l8q4k2-v0',
  'manifold-bumps-d32-v0',
  'manifold-bumps-noisy-d32-v0',
  'ehrlich-v16-l32-c4-k4-v0',
]);
export type TaskId = z.infer<typeof TaskId>;

/** Design-Bench's task names beside ours (its registry spells them `TFBind8-Exact-v0`, …); null: none. */
export const DESIGN_BENCH_IDS: Record<TaskId, string | null> = {
  'tfbind8-v0': 'TFBind8-Exact-v0',
  'nk-l8q4k2-v0': null,
  'manifold-bumps-d32-v0': null, // stands in for Ant/D'Kitty-Morphology-Exact-v0, not the same task
  'manifold-bumps-noisy-d32-v0': null, // stands in for Hopper50 (a custom subsample, not in Design-Bench)
  'ehrlich-v16-l32-c4-k4-v0': null, // holo-bench's closed-form Ehrlich family, not a Design-Bench task
};

/** 'tfbind8-v0 (TFBind8-Exact-v0)' or the bare id: the label tables and plots use. */
export function taskLabel(id: TaskId): string {
  const designBench = DESIGN_BENCH_IDS[id];
  return designBench === null ? id : `${id} (${designBench})`;
}

export const TaskOptions = z.strictObject({
  taskSeed: z.number().int().min(0).default(0), // seed of the synthetic landscapes [ours]
  nkK: z.number().int().min(1).max(3).default(2), // §2.2 K ∈ {1, 2, 3}
  noiseScale: z.number().min(0).max(10).default(0.5), // §2.4 σ = noiseScale·sd(f)
  groupReverseComplement: z.boolean().default(true), // §2.1 split TFBind8 by reverse-complement orbits
  tfbind8Path: z.string().optional(), // the score table (default: the shipped data/tfbind8 file)
});
export type TaskOptions = z.input<typeof TaskOptions>;

export interface Task {
  id: TaskId;
  isDiscrete: boolean;
  /** Discrete tasks: positions L and letters q. */
  length: number;
  vocab: number;
  /** Width of a raw design: L letters, or d coordinates. */
  rawDims: number;
  /** Width in model space D: L·q one-hot, or d. */
  modelDims: number;
  /** Full-dataset range of the exact f, for final normalisation (§2.5). */
  yMin: number;
  yMax: number;
  size: number;
  /** Design-Bench's name for the task, or null where it has no Design-Bench counterpart (§2). */
  designBenchId: string | null;
  /**
   * Raw designs [N·rawDims], without labels: the labels of D_train and D_valid come from `split`,
   * and D_test's only through the budget (§2.6), so no label of D_test is reachable from here.
   */
  fullDataset(): { designs: Float32Array };
  /** The exact (noiseless) f, reachable only through a QueryBudget (§2.6). */
  exactOracle(budget: QueryBudget, caller: string, designs: Float32Array): Float64Array;
  split(options: { seed: number }): Split;
}

interface TaskParts {
  id: TaskId;
  isDiscrete: boolean;
  length: number;
  vocab: number;
  rawDims: number;
  designs: Float32Array;
  exact: Float64Array;
  observed: Float32Array;
  trainFraction: number;
  /** D_train size when it must differ from round(trainFraction·size), e.g. to keep tied labels together. */
  trainCount?: number;
  evaluate: (designs: Float32Array) => Float64Array;
  unitOf?: (index: number) => number;
}

function checkDesigns(parts: TaskParts, designs: Float32Array): void {
  if (designs.length % parts.rawDims !== 0)
    throw new Error(`${parts.id}: ${designs.length} values are not whole designs of width ${parts.rawDims}`);
  if (!parts.isDiscrete) return;
  for (const value of designs) {
    if (!Number.isInteger(value) || value < 0 || value >= parts.vocab)
      throw new Error(
        `${parts.id}: letter ${value} is not an integer in [0, ${parts.vocab - 1}]; decode first`,
      );
  }
}

function buildTask(parts: TaskParts): Task {
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (const y of parts.exact) {
    yMin = Math.min(yMin, y);
    yMax = Math.max(yMax, y);
  }
  const size = parts.observed.length;
  return {
    id: parts.id,
    isDiscrete: parts.isDiscrete,
    length: parts.length,
    vocab: parts.vocab,
    rawDims: parts.rawDims,
    modelDims: parts.isDiscrete ? parts.length * parts.vocab : parts.rawDims,
    yMin,
    yMax,
    size,
    designBenchId: DESIGN_BENCH_IDS[parts.id],
    fullDataset: () => ({ designs: parts.designs }),
    exactOracle(budget, caller, designs) {
      checkDesigns(parts, designs);
      budget.charge(caller, designs.length / parts.rawDims);
      return parts.evaluate(designs);
    },
    split: ({ seed }) =>
      rankSplit({
        labels: parts.observed,
        trainCount: parts.trainCount ?? Math.round(parts.trainFraction * size),
        seed,
        ...(parts.unitOf ? { unitOf: parts.unitOf } : {}),
        exactLabels: (indices) => Float64Array.from(indices, (i) => parts.exact[i]!),
      }),
  };
}

/** Every sequence of `length` letters over `vocab`, in code order (§2.2: the TFBind8 order). */
function enumerateSequences(length: number, vocab: number): Float32Array {
  const count = vocab ** length;
  const designs = new Float32Array(count * length);
  for (let code = 0; code < count; code++) designs.set(codeLetters(code, length, vocab), code * length);
  return designs;
}

function codesOf(designs: Float32Array, length: number, vocab: number): number[] {
  const codes: number[] = [];
  for (let row = 0; row < designs.length / length; row++)
    codes.push(sequenceCode(designs.subarray(row * length, (row + 1) * length), vocab));
  return codes;
}

function tfbind8Task(options: z.output<typeof TaskOptions>): Task {
  const scores = readTfbind8Scores(options.tfbind8Path);
  const exact = Float64Array.from(scores);
  return buildTask({
    id: 'tfbind8-v0',
    isDiscrete: true,
    length: 8,
    vocab: 4,
    rawDims: 8,
    designs: enumerateSequences(8, 4),
    exact,
    observed: scores,
    trainFraction: 0.5,
    evaluate: (designs) => Float64Array.from(codesOf(designs, 8, 4), (code) => exact[code]!),
    ...(options.groupReverseComplement
      ? { unitOf: (index: number) => Math.min(index, reverseComplementCode(index)) }
      : {}),
  });
}

function nkTask(options: z.output<typeof TaskOptions>): Task {
  const landscape = makeNkLandscape(new Rng(`nk-${options.taskSeed}`), 8, 4, options.nkK);
  const designs = enumerateSequences(8, 4);
  const exact = new Float64Array(4 ** 8);
  for (let code = 0; code < exact.length; code++)
    exact[code] = nkFitness(landscape, designs.subarray(code * 8, code * 8 + 8));
  return buildTask({
    id: 'nk-l8q4k2-v0',
    isDiscrete: true,
    length: 8,
    vocab: 4,
    rawDims: 8,
    designs,
    exact,
    observed: Float32Array.from(exact),
    trainFraction: 0.5,
    evaluate: (rows) => Float64Array.from(codesOf(rows, 8, 4), (code) => exact[code]!),
  });
}

function bumpsTask(options: z.output<typeof TaskOptions>, noisy: boolean): Task {
  const rng = new Rng(`manifold-bumps-${options.taskSeed}`);
  const landscape = makeBumpsLandscape(rng, defaultBumpsParams);
  const designs = sampleBumpsDesigns(rng, landscape);
  const exact = bumpsFitness(landscape, designs);
  let observed = Float32Array.from(exact);
  if (noisy) {
    // §2.4: y_obs = f(x) + N(0, σ²), σ = noiseScale·sd(f), from a stream of its own
    const mean = exact.reduce((sum, y) => sum + y, 0) / exact.length;
    const sd = Math.sqrt(exact.reduce((sum, y) => sum + (y - mean) ** 2, 0) / (exact.length - 1));
    const noise = new Rng(`manifold-bumps-${options.taskSeed}/label-noise`);
    observed = Float32Array.from(exact, (y) => y + options.noiseScale * sd * noise.normal());
  }
  return buildTask({
    id: noisy ? 'manifold-bumps-noisy-d32-v0' : 'manifold-bumps-d32-v0',
    isDiscrete: false,
    length: 0,
    vocab: 0,
    rawDims: defaultBumpsParams.dims,
    designs,
    exact,
    observed,
    trainFraction: 0.4,
    evaluate: (rows) => bumpsFitness(landscape, rows),
  });
}

/**
 * The Ehrlich task's instance: v = 16 states, L = 32, c = 4 motifs of k = 4, q = k (holo-bench's
 * benchmark config, test_function/ehrlich.yaml, has q = k with v = 32, L = 256, c = 4, k = 8).
 * Why this size:
 * - the TFBind8/NK one-hot encoding applies unchanged, at D = L·v = 512 (TFBind8: 32; v = 32 would
 *   give 1024, L = 256 would give 8192);
 * - building the task (P, motifs, 32,768 DMP samples, f) takes ≈ 0.2–0.3 s;
 * - over task seeds 0–4 (32,768 samples each): a uniform random sequence is feasible 0.2–0.3% of the
 *   time, the best sample scores 0.28–0.75 (the optimum 1.0 is never in the data), and f takes 17–25
 *   values. v = 8 was degenerate (seed 0: 54% of samples already score 1.0); v = 32 at L = 32 put
 *   25–38% of samples on one value and its best sample at ≤ 0.21, with 12–17 values.
 */
export const EHRLICH_TASK_PARAMS: EhrlichParams = {
  vocab: 16,
  length: 32,
  motifs: 4,
  motifLength: 4,
  quantization: 4,
};
/** Distinct DMP samples in the dataset: D_valid and D_test then hold ≈ 8k each, as the paper's Ant and D'Kitty. */
export const EHRLICH_DATASET_SIZE = 32_768;

function ehrlichTask(options: z.output<typeof TaskOptions>): Task {
  const rng = new Rng(`ehrlich-${options.taskSeed}`);
  const ehrlich = makeEhrlich(rng.split('function'), EHRLICH_TASK_PARAMS);
  const { length, vocab } = EHRLICH_TASK_PARAMS;
  const designs = sampleEhrlichDesigns(rng.split('designs'), ehrlich, EHRLICH_DATASET_SIZE);
  const exact = ehrlichValues(ehrlich, designs);
  const observed = Float32Array.from(exact); // products of quarters: exact in float32
  return buildTask({
    id: 'ehrlich-v16-l32-c4-k4-v0',
    isDiscrete: true,
    length,
    vocab,
    rawDims: length,
    designs,
    exact,
    observed,
    trainFraction: 0.5,
    // f takes few values: cut at the label boundary nearest the median, never inside a tie
    trainCount: tieBoundaryCount(observed, 0.5),
    evaluate: (rows) => ehrlichValues(ehrlich, rows),
  });
}

/** Builds a task by id; options are validated (an unknown key or a bad value is an error naming it). */
export function makeTask(id: TaskId, options: TaskOptions = {}): Task {
  const parsedId = TaskId.safeParse(id);
  if (!parsedId.success) throw new Error(`unknown task '${id}'; valid: ${TaskId.options.join(', ')}`);
  const parsed = TaskOptions.safeParse(options);
  if (!parsed.success) throw new Error(`bad task options for ${id}: ${z.prettifyError(parsed.error)}`);
  switch (parsedId.data) {
    case 'tfbind8-v0':
      return tfbind8Task(parsed.data);
    case 'nk-l8q4k2-v0':
      return nkTask(parsed.data);
    case 'manifold-bumps-d32-v0':
      return bumpsTask(parsed.data, false);
    case 'manifold-bumps-noisy-d32-v0':
      return bumpsTask(parsed.data, true);
    case 'ehrlich-v16-l32-c4-k4-v0':
      return ehrlichTask(parsed.data);
  }
}

/** Normalised final score (§2.5): (y − yMin_full)/(yMax_full − yMin_full). */
export function normaliseScore(task: Task, y: number): number {
  return (y - task.yMin) / (task.yMax - task.yMin);
}
