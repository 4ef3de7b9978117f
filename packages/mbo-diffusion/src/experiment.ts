// The study wired into lab (brief §5): stage A fits f_valid (and g_β) per task in ctx.pool; stage B
// trains every diffusion model of the grid in ctx.pool and validates each checkpoint at every w with
// f_valid only; stage C, in phase 'final' and in this process, scores the test samples with the
// exact oracle, runs the correlation harness, the Design-Bench-style final table and the reference
// rows, and writes every output of §5.6. Finished pool jobs survive a kill (job-level resume).
import { defineExperiment, isMainModule, type RunContext, runExperimentCli } from 'lab';
import { correlationRows, pairsOf, regretRows, tradeoffRows, winsOf } from './analysis.js';
import { claims } from './claims.js';
import { Config, guidanceFor, maxQueries, modelGrid, presets, type Variant } from './config.js';
import type { FinalRow } from './design-bench-eval.js';
import { type FinalChoice, finalTable, referenceRows, scoreTestSamples } from './final-phase.js';
import { ModelJobResult, OracleJobResult } from './jobs.js';
import { prepareTask } from './prepared-task.js';
import { QueryBudget } from './query-budget.js';
import { correlationTableRows, formatAggregate, pearsonGrid, pointsRows, scatterPanels } from './report.js';
import { type EvalPoint, oracleBest } from './selection.js';
import { toJsonNumber as jn, Summary } from './summary.js';
import type { TaskId } from './task.js';

const jobsModule = new URL('./jobs.ts', import.meta.url);

function finalRowJson(row: FinalRow) {
  const stat = (a: FinalRow['p100']) => ({ mean: jn(a.mean), sd: jn(a.sd), n: a.n });
  return { p100: stat(row.p100), p50: stat(row.p50), mean: stat(row.mean) };
}

async function runStudy(config: Config, ctx: RunContext): Promise<Summary> {
  const taskIds = [...new Set<TaskId>([...config.cfgTasks, ...config.cgTasks])];
  const prepared = new Map(taskIds.map((id) => [id, prepareTask(config, id)]));
  const budgets = new Map(
    taskIds.map((id) => {
      const { space } = prepared.get(id)!;
      return [id, new QueryBudget(id, maxQueries(config, id, space.trainY.length, space.validY.length))];
    }),
  );

  // Stage A, phase 'train': f_valid (and g_β) per task
  ctx.log.info(`stage A: validation (and training) oracles for ${taskIds.length} tasks`);
  const oracleResults = await ctx.pool.map(
    taskIds.map((task) => ({
      module: jobsModule,
      fn: 'fitOracles',
      args: { config, task, runDir: ctx.runDir, seed: `${ctx.seed}/oracles/${task}` },
    })),
    OracleJobResult,
  );

  // Stage B, phase 'validate': every model of the grid, validated with f_valid only
  for (const budget of budgets.values()) budget.setPhase('validate');
  const specs = modelGrid(config).sort((a, b) => b.width - a.width || (a.variant === 'cg' ? -1 : 1));
  ctx.log.info(`stage B: ${specs.length} diffusion models in a pool of ${ctx.pool.size}`);
  const modelResults = await ctx.pool.map(
    specs.map((spec) => ({
      module: jobsModule,
      fn: 'trainModel',
      args: { config, spec: { ...spec }, runDir: ctx.runDir, seed: `${ctx.seed}/model/${spec.id}` },
    })),
    ModelJobResult,
  );
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

  // Stage C, phase 'final': the exact oracle, for the first time
  const queriesBeforeFinal = new Map([...budgets].map(([id, budget]) => [id, budget.queries]));
  for (const budget of budgets.values()) budget.setPhase('final');
  const points: EvalPoint[] = [];
  for (const id of taskIds) {
    const results = modelResults.filter((r) => r.spec.task === id);
    points.push(...(await scoreTestSamples(ctx.runDir, prepared.get(id)!, budgets.get(id)!, results)));
  }
  const correlations = correlationRows(points, config.bootstrap, String(ctx.seed));
  const wins = winsOf(correlations);
  const finals: FinalChoice[] = [];
  for (const pair of pairsOf(points)) {
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
  }
  const tasks: Summary['tasks'] = [];
  for (const id of taskIds) {
    const refs = await referenceRows({
      config,
      runDir: ctx.runDir,
      prepared: prepared.get(id)!,
      budget: budgets.get(id)!,
      seed: String(ctx.seed),
    });
    const oracle = oracleResults.find((r) => r.task === id)!;
    const budget = budgets.get(id)!;
    tasks.push({
      task: id,
      isDiscrete: prepared.get(id)!.space.task.isDiscrete,
      maxQueries: budget.maxQueries,
      queries: budget.queries,
      queriesBeforeFinal: queriesBeforeFinal.get(id)!,
      testLabelReads: budget.testLabelReadCount,
      dBest: jn(refs.dBest),
      validMean: jn(refs.validMean),
      randomSearch: finalRowJson(refs.randomSearch),
      fValidPearson: jn(refs.fValidPearson),
      fValidSpearman: jn(refs.fValidSpearman),
      fValidHoldoutMse: jn(oracle.validOracleHoldoutMse),
      trainingOracleHoldoutMse: oracle.trainingOracleHoldoutMse,
    });
  }
  const tradeoff = tradeoffRows(points);
  const pairs = pairsOf(points);
  const bestRows = pairs.flatMap((pair) => {
    const best = oracleBest(points.filter((p) => p.task === pair.task && p.variant === pair.variant));
    return best
      ? [{ ...pair, w: best.w, testMean: jn(best.testMean), modelId: best.modelId, step: best.step }]
      : [];
  });
  const trainSteps = modelResults.reduce((s, r) => s + r.trainSteps, 0);
  const trainSeconds = modelResults.reduce((s, r) => s + r.trainSeconds, 0);
  const samples = modelResults.reduce((s, r) => s + r.samplesDrawn, 0);
  const sampleSeconds = modelResults.reduce((s, r) => s + r.sampleSeconds, 0);
  const summary: Summary = {
    tasks,
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
    wins,
    regret: regretRows(points).map((row) => ({ ...row, regret: jn(row.regret) })),
    final: finals.map((f) => ({
      task: f.task,
      variant: f.variant,
      rule: f.rule,
      row: finalRowJson(f.row),
      choices: f.choices,
    })),
    tradeoff: tradeoff.map((row) => ({
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
      trainStepsPerSecond: jn(trainSteps / trainSeconds),
      samplesPerSecond: jn(samples / sampleSeconds),
      modelJobs: modelResults.length,
    },
  };
  await writeOutputs(ctx, summary, points, correlations, finals);
  return summary;
}

async function writeOutputs(
  ctx: RunContext,
  summary: Summary,
  points: EvalPoint[],
  correlations: ReturnType<typeof correlationRows>,
  finals: FinalChoice[],
): Promise<void> {
  await ctx.writeCsv('points.csv', pointsRows(points));
  await ctx.writeCsv('correlations.csv', correlationTableRows(correlations));
  ctx.addReportSection(
    'Pearson r of each metric with the test reward (per-metric checkpoints, 95% bootstrap CI)',
    await ctx.writeMarkdownTable('correlations-pearson.md', pearsonGrid(correlations)),
  );
  ctx.addReportSection(
    'Pearson r, pooled over every (configuration, checkpoint) (secondary)',
    await ctx.writeMarkdownTable('correlations-pooled.md', pearsonGrid(correlations, true)),
  );
  ctx.addReportSection(
    'Selection regret: M_test(oracle-best) − M_test(the configuration each metric selects)',
    await ctx.writeMarkdownTable(
      'regret.md',
      summary.regret.map((row) => ({ ...row, regret: row.regret === null ? 'NaN' : row.regret.toFixed(4) })),
    ),
  );
  const winRows = ['cdsm', 'fd', 'dc', 'reward', 'agreement'].map((metric) => ({
    metric,
    oursPearson: (summary.wins.pearson[metric] ?? 0).toFixed(2),
    oursSpearman: (summary.wins.spearman[metric] ?? 0).toFixed(2),
    paper: summary.wins.paper[metric] ?? 0,
  }));
  ctx.addReportSection(
    `Wins (ours over ${summary.wins.pairs} pairs, paper over 7)`,
    await ctx.writeMarkdownTable('wins.md', winRows),
  );
  const finalRows = [
    ...finals.map((f) => ({
      task: f.task,
      variant: f.variant,
      rule: f.rule === 'oracle-best' ? 'oracle-best (not a valid method)' : f.rule,
      p100: formatAggregate(f.row.p100),
      p50: formatAggregate(f.row.p50),
      mean: formatAggregate(f.row.mean),
    })),
    ...summary.tasks.flatMap((t) => [
      {
        task: t.task,
        variant: '-',
        rule: t.task.includes('noisy') ? 'D(best) (noiseless)' : 'D(best)',
        p100: (t.dBest ?? Number.NaN).toFixed(3),
        p50: '',
        mean: '',
      },
      {
        task: t.task,
        variant: '-',
        rule: 'D_valid mean',
        p100: '',
        p50: '',
        mean: (t.validMean ?? Number.NaN).toFixed(3),
      },
      {
        task: t.task,
        variant: '-',
        rule: 'random search',
        p100: `${t.randomSearch.p100.mean?.toFixed(3)} ± ${t.randomSearch.p100.sd?.toFixed(3)}`,
        p50: `${t.randomSearch.p50.mean?.toFixed(3)} ± ${t.randomSearch.p50.sd?.toFixed(3)}`,
        mean: `${t.randomSearch.mean.mean?.toFixed(3)} ± ${t.randomSearch.mean.sd?.toFixed(3)}`,
      },
    ]),
  ];
  await ctx.writeCsv('final.csv', finalRows);
  ctx.addReportSection(
    'Final evaluation, Design-Bench style (K candidates, normalised; mean ± sd over seeds)',
    await ctx.writeMarkdownTable('final.md', finalRows),
  );
  await ctx.writeCsv(
    'tradeoff.csv',
    summary.tradeoff.map((row) => ({ ...row })),
  );
  ctx.addReportSection(
    'Guidance trade-off (means over models and checkpoints)',
    await ctx.writeMarkdownTable(
      'tradeoff.md',
      summary.tradeoff.map((row) => ({ ...row })),
    ),
  );
  await ctx.writeJson(
    'oracle-queries.json',
    summary.tasks.map((t) => ({
      task: t.task,
      queries: t.queries,
      queriesBeforeFinal: t.queriesBeforeFinal,
      maxQueries: t.maxQueries,
      testLabelReads: t.testLabelReads,
    })),
  );
  ctx.addReportSection(
    'Tasks: oracle queries, references, f_valid',
    await ctx.writeMarkdownTable(
      'tasks.md',
      summary.tasks.map((t) => ({
        task: t.task,
        queriesBeforeFinal: t.queriesBeforeFinal,
        queries: t.queries,
        maxQueries: t.maxQueries,
        dBest: t.dBest,
        validMean: t.validMean,
        fValidPearsonOnTest: t.fValidPearson,
        fValidSpearmanOnTest: t.fValidSpearman,
      })),
    ),
  );
  for (const pair of pairsOf(points)) {
    const subset = points.filter((p) => p.task === pair.task && p.variant === pair.variant);
    await ctx.writePlot(
      `scatter-${pair.task}-${pair.variant}.svg`,
      scatterPanels(pair, subset, correlations),
    );
  }
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
  presets,
  claims,
  run: runStudy,
});

if (isMainModule(import.meta.url))
  process.exitCode = await runExperimentCli(experiment, process.argv.slice(2));
