// Phase 'final' (brief §5.3, §5.5): only here may the exact oracle be queried. Scores every test
// sample set written by the model jobs (M_test and percentiles), evaluates the Design-Bench-style
// final table for each selection rule and seed (K fresh candidates from the chosen checkpoint), and
// the reference rows: D(best), the D_train and D_valid means and random search (D_train only). Also f_valid against the truth on D_test.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from 'core-tensor';
import type { Config, Variant } from './config.js';
import { pearson, spearman } from './correlation.js';
import { createDdpm } from './ddpm.js';
import {
  aggregateScores,
  type CandidateScore,
  designBenchScore,
  type FinalRow,
} from './design-bench-eval.js';
import {
  drawSamples,
  loadInto,
  modelDir,
  newTrainingOracle,
  newValidationOracle,
  oracleDir,
  resampleValidLabels,
} from './job-files.js';
import type { ModelJobResult } from './model-job.js';
import type { PreparedTask } from './prepared-task.js';
import type { QueryBudget } from './query-budget.js';
import { makeSchedule } from './schedule.js';
import { type EvalPoint, EXTRAS, METRICS, type MetricKey, metricChoice, oracleBest } from './selection.js';
import { normaliseScore, type TaskId } from './task.js';
import { predictRows } from './validation-oracle.js';

export type Rule = MetricKey | 'oracle-best';
export const RULES: readonly Rule[] = [...METRICS, 'oracle-best'];

function nanIfNull(value: number | null | undefined): number {
  return value === null || value === undefined ? Number.NaN : value;
}

function gatherRaw(designs: Float32Array, width: number, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * width);
  for (let i = 0; i < indices.length; i++)
    out.set(designs.subarray(indices[i]! * width, (indices[i]! + 1) * width), i * width);
  return out;
}

/** M_test of every (model, checkpoint, w): decode was done by the job; scored here with the exact oracle. */
export async function scoreTestSamples(
  runDir: string,
  prepared: PreparedTask,
  budget: QueryBudget,
  results: readonly ModelJobResult[],
): Promise<EvalPoint[]> {
  const { task } = prepared.space;
  const points: EvalPoint[] = [];
  for (const result of results) {
    for (const evaluation of result.evaluations) {
      const bytes = await readFile(join(runDir, evaluation.testFile));
      const raw = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      const exact = task.exactOracle(budget, 'M_test (§5.3)', raw);
      const score = designBenchScore(Float64Array.from(exact, (y) => normaliseScore(task, y)));
      const metrics = Object.fromEntries(
        [...METRICS, ...EXTRAS].map((key) => [key, nanIfNull(evaluation[key])]),
      ) as EvalPoint['metrics'];
      points.push({
        task: result.spec.task,
        variant: result.spec.variant,
        modelId: result.spec.id,
        width: result.spec.width,
        labelDropout: result.spec.labelDropout,
        seed: result.spec.seed,
        step: evaluation.step,
        w: evaluation.w,
        metrics,
        testMean: score.mean,
        testP100: score.p100,
        testP50: score.p50,
      });
    }
  }
  return points;
}

export interface FinalChoice {
  task: TaskId;
  variant: Variant;
  rule: Rule;
  row: FinalRow;
  /** One per model seed: the chosen (model, checkpoint, w) and how many points tied for it. */
  choices: string[];
  /** Points that shared the winning metric value, summed over seeds (1 per seed: no tie). */
  ties: number;
  trials: FinalTrial[];
}

/** One Design-Bench trial: K fresh candidates from a rule's chosen checkpoint, exact scores. */
export interface FinalTrial extends CandidateScore {
  trial: number;
  modelSeed: number;
  choice: string;
}

interface SeedChoice {
  seed: number;
  point: EvalPoint;
  tied: number;
}

function chooseBySeed(config: Config, points: readonly EvalPoint[], rule: Rule, seed: string): SeedChoice[] {
  const out: SeedChoice[] = [];
  for (let modelSeed = 0; modelSeed < config.seeds; modelSeed++) {
    const seedPoints = points.filter((point) => point.seed === modelSeed);
    const tieBreak = new Rng(`${seed}/tie-break/${rule}/${modelSeed}`);
    const choice =
      rule === 'oracle-best'
        ? (() => {
            const best = oracleBest(seedPoints);
            return best ? { point: best, tied: 1 } : undefined;
          })()
        : metricChoice(seedPoints, rule, tieBreak);
    if (choice) out.push({ seed: modelSeed, ...choice });
  }
  return out;
}

const describeChoice = (c: SeedChoice) =>
  `${c.point.modelId}@${c.point.step},w=${c.point.w}${c.tied > 1 ? ` (drawn from ${c.tied} tied)` : ''}`;

/**
 * §5.5 with Design-Bench's convention: per rule, `finalTrials` trials of K fresh candidates each
 * (trial t from model seed t mod seeds, so trials of one seed share a model), exact normalised
 * scores, 100th and 50th percentile and mean per trial, then mean ± sd over trials.
 */
export async function finalTable(options: {
  config: Config;
  runDir: string;
  prepared: PreparedTask;
  budget: QueryBudget;
  variant: Variant;
  points: readonly EvalPoint[];
  seed: string;
}): Promise<FinalChoice[]> {
  const { config, runDir, prepared, budget, variant, points } = options;
  const { space } = prepared;
  const schedule = makeSchedule(config.schedule, config.diffusionSteps);
  const trainingOracle = variant === 'cg' ? newTrainingOracle(config, space.dims) : undefined;
  if (trainingOracle) await loadInto(trainingOracle, oracleDir(runDir, space.task.id, 'gbeta'));
  const rows: FinalChoice[] = [];
  for (const rule of RULES) {
    const chosen = chooseBySeed(config, points, rule, options.seed);
    const trials: FinalTrial[] = [];
    for (let trial = 0; trial < config.finalTrials && chosen.length > 0; trial++) {
      const choice = chosen[trial % chosen.length]!;
      const model = createDdpm(space.dims, choice.point.width, new Rng('shape-only'), false);
      await loadInto(model.sampler, modelDir(runDir, { id: choice.point.modelId }, choice.point.step));
      const rng = new Rng(`${options.seed}/final/${rule}/${trial}`);
      const labels = resampleValidLabels(space.validY, config.finalCandidates, rng.split('labels'));
      const samples = drawSamples({
        model,
        variant,
        trainingOracle,
        schedule,
        yTilde: labels,
        guidance: choice.point.w,
        rng,
        denoisedClip: config.denoisedClip,
      });
      for (const variable of Object.values(model.net.variables())) variable.dispose();
      const exact = space.task.exactOracle(budget, `final table (${rule})`, space.toRaw(samples));
      const score = designBenchScore(Float64Array.from(exact, (y) => normaliseScore(space.task, y)));
      trials.push({ trial, modelSeed: choice.seed, choice: describeChoice(choice), ...score });
    }
    rows.push({
      task: space.task.id,
      variant,
      rule,
      row: aggregateScores(trials),
      choices: chosen.map(describeChoice),
      ties: chosen.reduce((sum, c) => sum + c.tied, 0),
      trials,
    });
  }
  if (trainingOracle) for (const variable of Object.values(trainingOracle.variables())) variable.dispose();
  return rows;
}

export interface References {
  dBest: number;
  /** Exact normalised mean of D_train (noiseless on the noisy task): the generator gate's target. */
  trainMean: number;
  validMean: number;
  randomSearch: FinalRow;
  fValidPearson: number;
  fValidSpearman: number;
}

/**
 * D(best), the D_train and D_valid means, random search and f_valid vs the truth on D_test. Random
 * search draws from D_train only (issue 16): uniform over the dataset it would reach into D_test.
 */
export async function referenceRows(options: {
  config: Config;
  runDir: string;
  prepared: PreparedTask;
  budget: QueryBudget;
  seed: string;
}): Promise<References> {
  const { config, prepared, budget } = options;
  const { space } = prepared;
  const { task, split } = space;
  const { designs } = task.fullDataset();
  const trainExact = task.exactOracle(
    budget,
    'D(best) reference',
    gatherRaw(designs, task.rawDims, split.trainIndex),
  );
  const validExact = task.exactOracle(
    budget,
    'D_valid mean reference',
    gatherRaw(designs, task.rawDims, split.validIndex),
  );
  const dBest = normaliseScore(task, Math.max(...trainExact));
  const trainMean = trainExact.reduce((sum, y) => sum + normaliseScore(task, y), 0) / trainExact.length;
  const validMean = validExact.reduce((sum, y) => sum + normaliseScore(task, y), 0) / validExact.length;
  const rng = new Rng(`${options.seed}/random-search`);
  const trials: CandidateScore[] = [];
  for (let trial = 0; trial < config.randomSearchDraws; trial++) {
    const indices = Int32Array.from(
      { length: config.finalCandidates },
      () => split.trainIndex[rng.int(split.trainIndex.length)]!,
    );
    const exact = task.exactOracle(
      budget,
      'random search (D_train)',
      gatherRaw(designs, task.rawDims, indices),
    );
    trials.push(designBenchScore(Float64Array.from(exact, (y) => normaliseScore(task, y))));
  }
  const truth = split.testLabels(budget, "f_valid's fit on D_test (§3.5)");
  const oracle = newValidationOracle(config, space.dims);
  await loadInto(oracle, oracleDir(options.runDir, task.id, 'fvalid'));
  const testX = space.toModel(gatherRaw(designs, task.rawDims, split.testIndex));
  const predicted = Array.from(predictRows(testX, space.dims, (x) => oracle.apply(x)));
  for (const variable of Object.values(oracle.variables())) variable.dispose();
  const truthList = Array.from(truth);
  return {
    dBest,
    trainMean,
    validMean,
    randomSearch: aggregateScores(trials),
    fValidPearson: pearson(predicted, truthList),
    fValidSpearman: spearman(predicted, truthList),
  };
}
