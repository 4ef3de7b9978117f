// The study wired into lab (brief §5): stage A fits f_valid (and g_β) per task in ctx.pool; stage B
// trains every diffusion model of the grid in ctx.pool (models of one shape as one along the model
// axis, a group per job) and validates each model's checkpoints at every w with f_valid only; stage
// C, in phase 'final' and in this process, scores the test samples with the exact oracle, checks
// each task's generator (issue 16), runs the correlation harness, the Design-Bench-style final table
// and the reference rows, and writes every output of §5.6 and the unit tables the claims are decided
// on. Finished pool jobs survive a kill (job-level resume).
import { defineExperiment, isMainModule, type RunContext, runExperimentCli } from 'lab';
import { correlationRows, pairsOf, regretRows, tradeoffRows, winsOf, withinWRows } from './analysis.js';
import { claims } from './claims.js';
import { Config, guidanceFor, maxQueries, presets, type Variant } from './config.js';
import type { FinalRow } from './design-bench-eval.js';
import {
  type FinalChoice,
  finalTable,
  type References,
  referenceRows,
  scoreTestSamples,
} from './final-phase.js';
import { checkGenerator, type GeneratorCheck } from './generator-gate.js';
import { type ModelJobResult, ModelJobResults, OracleJobResult } from './jobs.js';
import { modelGroups, reportOrder } from './model-groups.js';
import { writeOutputs } from './outputs.js';
import { type PreparedTask, prepareTask } from './prepared-task.js';
import { QueryBudget } from './query-budget.js';
import { type EvalPoint, oracleBest } from './selection.js';
import { toJsonNumber as jn, Summary } from './summary.js';
import { DESIGN_BENCH_IDS, type TaskId } from './task.js';
import { unitSchemas } from './units.js';

const jobsModule = new URL('./jobs.ts', import.meta.url);

export function finalRowJson(row: FinalRow) {
  const stat = (a: FinalRow['p100']) => ({ mean: jn(a.mean), sd: jn(a.sd), n: a.n });
  return { p100: stat(row.p100), p50: stat(row.p50), mean: stat(row.mean) };
}

/** Stages A and B in ctx.pool: oracles per task, then every diffusion model of the grid, in groups. */
async function trainAndValidate(
  config: Config,
  ctx: RunContext,
  taskIds: readonly TaskId[],
  startValidation: () => void,
) {
  ctx.log.info(`stage A: validation (and training) oracles for ${taskIds.length} tasks`);
  const oracleResults = await ctx.pool.map(
    taskIds.map((task) => ({
      module: jobsModule,
      fn: 'fitOracles',
      args: { config, task, runDir: ctx.runDir, seed: `${ctx.seed}/oracles/${task}` },
    })),
    OracleJobResult,
  );
  startValidation();
  // issue 16, point 2: models of one shape train as one along the model axis, a group per job
  const groups = modelGroups(config);
  ctx.log.info(
    `stage B: ${groups.flat().length} diffusion models in ${groups.length} jobs of ≤ ${config.modelsPerJob} (one shape each, trained along the model axis) in a pool of ${ctx.pool.size}`,
  );
  const groupResults = await ctx.pool.map(
    groups.map((specs) => ({
      module: jobsModule,
      fn: 'trainModels',
      args: {
        config,
        models: specs.map((spec) => ({ spec: { ...spec }, seed: `${ctx.seed}/model/${spec.id}` })),
        runDir: ctx.runDir,
      },
    })),
    ModelJobResults,
  );
  const order = reportOrder(config);
  const modelResults = groupResults
    .flat()
    .sort((a, b) => order.indexOf(a.spec.id) - order.indexOf(b.spec.id));
  for (const result of modelResults) {
    for (const loss of result.losses) ctx.metric({ kind: 'train', model: result.spec.id, ...loss });
    for (const { testFile: _file, ...evaluation } of result.evaluations)
      ctx.metric({
        kind: 'validate',
        task: result.spec.task,
        variant: result.spec.variant,
        model: result.spec.id,
        ...evaluation,
      });
  }
  return { oracleResults, modelResults };
}

interface TaskFinal {
  refs: References;
  generator: GeneratorCheck;
}

async function runStudy(config: Config, ctx: RunContext): Promise<Summary> {
  const taskIds = [...new Set<TaskId>([...config.cfgTasks, ...config.cgTasks])];
  const prepared = new Map<TaskId, PreparedTask>(taskIds.map((id) => [id, prepareTask(config, id)]));
  const budgets = new Map(
    taskIds.map((id) => {
      const { space } = prepared.get(id)!;
      return [id, new QueryBudget(id, maxQueries(config, id, space.trainY.length, space.validY.length))];
    }),
  );
  // Stages A (phase 'train') and B (phase 'validate'): f_valid only
  const { oracleResults, modelResults } = await trainAndValidate(config, ctx, taskIds, () => {
    for (const budget of budgets.values()) budget.setPhase('validate');
  });

  // Stage C, phase 'final': the exact oracle, for the first time
  const queriesBeforeFinal = new Map([...budgets].map(([id, budget]) => [id, budget.queries]));
  for (const budget of budgets.values()) budget.setPhase('final');
  const points: EvalPoint[] = [];
  const perTask = new Map<TaskId, TaskFinal>();
  for (const id of taskIds) {
    const results = modelResults.filter((r) => r.spec.task === id);
    const common = { config, runDir: ctx.runDir, prepared: prepared.get(id)!, budget: budgets.get(id)! };
    points.push(...(await scoreTestSamples(ctx.runDir, common.prepared, common.budget, results)));
    const refs = await referenceRows({ ...common, seed: String(ctx.seed) });
    const generator = await checkGenerator({
      ...common,
      results,
      trainMean: refs.trainMean,
      validMean: refs.validMean,
    });
    perTask.set(id, { refs, generator });
    ctx.log.info(
      `generator gate ${id}: unconditional mean ${generator.unconditionalMean.toFixed(3)} vs D_train ${refs.trainMean.toFixed(3)} (share of gap ${generator.gapShare.toFixed(2)}, coverage ${generator.coverage.toFixed(3)})`,
    );
  }
  const correlations = correlationRows(points, config.bootstrap, String(ctx.seed));
  const finals: FinalChoice[] = [];
  for (const pair of pairsOf(points))
    finals.push(
      ...(await finalTable({
        config,
        runDir: ctx.runDir,
        prepared: prepared.get(pair.task)!,
        budget: budgets.get(pair.task)!,
        variant: pair.variant,
        points: points.filter((p) => p.task === pair.task && p.variant === pair.variant),
        seed: String(ctx.seed),
      })),
    );
  const tasks: Summary['tasks'] = taskIds.map((id) => {
    const { refs } = perTask.get(id)!;
    const oracle = oracleResults.find((r) => r.task === id)!;
    const budget = budgets.get(id)!;
    return {
      task: id,
      designBenchId: DESIGN_BENCH_IDS[id],
      isDiscrete: prepared.get(id)!.space.task.isDiscrete,
      maxQueries: budget.maxQueries,
      queries: budget.queries,
      queriesBeforeFinal: queriesBeforeFinal.get(id)!,
      testLabelReads: budget.testLabelReadCount,
      dBest: jn(refs.dBest),
      trainMean: jn(refs.trainMean),
      validMean: jn(refs.validMean),
      randomSearch: finalRowJson(refs.randomSearch),
      fValidPearson: jn(refs.fValidPearson),
      fValidSpearman: jn(refs.fValidSpearman),
      fValidHoldoutMse: jn(oracle.validOracleHoldoutMse),
      trainingOracleHoldoutMse: oracle.trainingOracleHoldoutMse,
    };
  });
  const summary = summarise({
    config,
    points,
    correlations,
    finals,
    tasks,
    perTask,
    modelResults,
    seed: String(ctx.seed),
  });
  await writeUnitTables(ctx, points, finals);
  await writeOutputs(ctx, summary, points, correlations, finals);
  return summary;
}

function summarise(input: {
  config: Config;
  points: EvalPoint[];
  correlations: ReturnType<typeof correlationRows>;
  finals: FinalChoice[];
  tasks: Summary['tasks'];
  perTask: Map<TaskId, TaskFinal>;
  modelResults: ModelJobResult[];
  seed: string;
}): Summary {
  const { config, points, correlations, finals, modelResults } = input;
  const pairs = pairsOf(points);
  const bestRows = pairs.flatMap((pair) => {
    const best = oracleBest(points.filter((p) => p.task === pair.task && p.variant === pair.variant));
    return best
      ? [{ ...pair, w: best.w, testMean: jn(best.testMean), modelId: best.modelId, step: best.step }]
      : [];
  });
  const sum = (pick: (r: ModelJobResult) => number) => modelResults.reduce((s, r) => s + pick(r), 0);
  return {
    tasks: input.tasks,
    correlations: correlations.map((row) => ({
      task: row.task,
      variant: row.variant,
      metric: row.metric,
      pooled: row.pooled,
      n: row.correlation.n,
      pearson: jn(row.correlation.pearson.value),
      pearsonLow: jn(row.correlation.pearson.low),
      pearsonHigh: jn(row.correlation.pearson.high),
      spearman: jn(row.correlation.spearman.value),
      spearmanLow: jn(row.correlation.spearman.low),
      spearmanHigh: jn(row.correlation.spearman.high),
      kendall: jn(row.correlation.kendall.value),
      kendallLow: jn(row.correlation.kendall.low),
      kendallHigh: jn(row.correlation.kendall.high),
      skipped: row.correlation.skipped,
    })),
    withinW: withinWRows(points, Math.min(config.bootstrap, 2000), input.seed).map((row) => ({
      ...row,
      r: jn(row.r),
      low: jn(row.low),
      high: jn(row.high),
    })),
    generator: [...input.perTask.values()].map(({ generator: g }) => ({
      task: g.task,
      models: g.models,
      unconditionalMean: jn(g.unconditionalMean),
      trainMean: jn(g.trainMean),
      validMean: jn(g.validMean),
      gapShare: jn(g.gapShare),
      coverage: jn(g.coverage),
    })),
    generatorGateShare: config.generatorGateShare,
    wins: winsOf(correlations),
    regret: regretRows(points, input.seed).map((row) => ({ ...row, regret: jn(row.regret) })),
    final: finals.map((f) => ({
      task: f.task,
      variant: f.variant,
      rule: f.rule,
      row: finalRowJson(f.row),
      choices: f.choices,
      ties: f.ties,
    })),
    tradeoff: tradeoffRows(points).map((row) => ({
      ...row,
      uniqueFrac: jn(row.uniqueFrac),
      meanPairDist: jn(row.meanPairDist),
      coverage: jn(row.coverage),
      fd: jn(row.fd),
      agreement: jn(row.agreement),
      testMean: jn(row.testMean),
    })),
    oracleBest: bestRows,
    guidanceGrids: pairs.map((pair) => ({
      ...pair,
      grid: guidanceFor(config, pair.task, pair.variant as Variant),
    })),
    timing: {
      trainStepsPerSecond: jn(sum((r) => r.trainSteps) / sum((r) => r.trainSeconds)),
      samplesPerSecond: jn(sum((r) => r.samplesDrawn) / sum((r) => r.sampleSeconds)),
      modelJobs: modelResults.length,
    },
  };
}

/** The unit tables the claims are decided on (read back from disk by lab). */
async function writeUnitTables(
  ctx: RunContext,
  points: readonly EvalPoint[],
  finals: readonly FinalChoice[],
) {
  const lastStep = new Map<string, number>();
  for (const p of points) lastStep.set(p.modelId, Math.max(lastStep.get(p.modelId) ?? 0, p.step));
  await ctx.writeUnits(
    'points',
    points.map((p) => ({
      task: p.task,
      variant: p.variant,
      modelId: p.modelId,
      seed: p.seed,
      step: p.step,
      last: p.step === lastStep.get(p.modelId),
      w: p.w,
      cdsm: p.metrics.cdsm,
      fd: p.metrics.fd,
      dc: p.metrics.dc,
      reward: p.metrics.reward,
      agreement: p.metrics.agreement,
      coverage: p.metrics.coverage,
      uniqueFrac: p.metrics.uniqueFrac,
      meanPairDist: p.metrics.meanPairDist,
      testMean: p.testMean,
    })),
  );
  await ctx.writeUnits(
    'trials',
    finals.flatMap((f) =>
      f.trials.map((t) => ({
        task: f.task,
        variant: f.variant,
        rule: f.rule,
        trial: t.trial,
        modelSeed: t.modelSeed,
        choice: t.choice,
        p100: t.p100,
        p50: t.p50,
        mean: t.mean,
      })),
    ),
  );
}

export const experiment = defineExperiment({
  name: 'mbo-diffusion',
  paper: {
    title: 'Exploring validation metrics for offline model-based optimisation with diffusion models',
    authors: 'Christopher Beckham, Alexandre Piché, David Vazquez, Christopher Pal',
    venue: 'TMLR 2024',
    url: 'https://openreview.net/forum?id=wC4ZID0H9a',
  },
  source: import.meta.url,
  config: Config,
  summary: Summary,
  units: unitSchemas,
  presets,
  claims,
  run: runStudy,
});

if (isMainModule(import.meta.url))
  process.exitCode = await runExperimentCli(experiment, process.argv.slice(2));
