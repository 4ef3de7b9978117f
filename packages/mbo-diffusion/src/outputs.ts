// The run's tables, report sections and figures (brief §5.6, issue 16): correlations (per-metric
// checkpoints, pooled, within-w), regret, wins, the Design-Bench-style final table with its
// reference rows, the guidance trade-off, oracle queries, the generator gate, and the plots.
import type { RunContext } from 'lab';
import { type CorrelationRow, pairsOf } from './analysis.js';
import type { FinalChoice } from './final-phase.js';
import { correlationBars, guidanceTradeoff } from './plots.js';
import { correlationTableRows, formatAggregate, pearsonGrid, pointsRows, scatterPanels } from './report.js';
import type { EvalPoint } from './selection.js';
import type { Summary } from './summary.js';
import { taskLabel } from './task.js';

const fixed = (value: number | null, digits = 3) => (value === null ? 'NaN' : value.toFixed(digits));

async function writeGateAndWithinW(ctx: RunContext, summary: Summary): Promise<void> {
  ctx.addReportSection(
    `Generator sanity gate (unconditional samples; passes when |mean − D_train mean| ≤ ${summary.generatorGateShare} × (D_valid mean − D_train mean) and coverage > 0)`,
    await ctx.writeMarkdownTable(
      'generator-gate.md',
      summary.generator.map((g) => ({
        task: taskLabel(g.task),
        models: g.models,
        unconditionalMean: fixed(g.unconditionalMean),
        trainMean: fixed(g.trainMean),
        validMean: fixed(g.validMean),
        shareOfGap: fixed(g.gapShare, 2),
        coverageAtW0: fixed(g.coverage),
        passes:
          g.gapShare !== null && g.gapShare <= summary.generatorGateShare && (g.coverage ?? 0) > 0
            ? 'yes'
            : 'no',
      })),
    ),
  );
  ctx.addReportSection(
    'Pearson r within each w (mean over w, 95% CI), beside the per-metric-checkpoint r pooled over w',
    await ctx.writeMarkdownTable(
      'correlations-within-w.md',
      summary.withinW.map((row) => {
        const pooled = summary.correlations.find(
          (c) => c.task === row.task && c.variant === row.variant && c.metric === row.metric && !c.pooled,
        );
        return {
          task: row.task,
          variant: row.variant,
          metric: row.metric,
          withinW: `${fixed(row.r, 2)} [${fixed(row.low, 2)}, ${fixed(row.high, 2)}] over ${row.ws} w`,
          acrossW: `${fixed(pooled?.pearson ?? null, 2)} [${fixed(pooled?.pearsonLow ?? null, 2)}, ${fixed(pooled?.pearsonHigh ?? null, 2)}]`,
        };
      }),
    ),
  );
}

async function writeFigures(
  ctx: RunContext,
  summary: Summary,
  correlations: readonly CorrelationRow[],
): Promise<void> {
  await ctx.writePlot('correlations-bars.svg', correlationBars(correlations));
  for (const variant of new Set(summary.tradeoff.map((row) => row.variant)))
    await ctx.writePlot(`guidance-tradeoff-${variant}.svg`, guidanceTradeoff(summary, variant));
}

export async function writeOutputs(
  ctx: RunContext,
  summary: Summary,
  points: EvalPoint[],
  correlations: CorrelationRow[],
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
    'Selection regret: M_test(oracle-best) − M_test(the configuration each metric selects; ties by a seeded draw)',
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
    `Wins (ours over ${summary.wins.pairs} pairs, a win only where the r's 95% CI lies below 0; paper over 7)`,
    await ctx.writeMarkdownTable('wins.md', winRows),
  );
  const finalRows = [
    ...finals.map((f) => ({
      task: taskLabel(f.task),
      variant: f.variant,
      rule: f.rule === 'oracle-best' ? 'oracle-best (not a valid method)' : f.rule,
      ties: f.ties > (f.choices.length || 1) ? `${f.ties} tied points, seeded draw` : '',
      p100: formatAggregate(f.row.p100),
      p50: formatAggregate(f.row.p50),
      mean: formatAggregate(f.row.mean),
    })),
    ...summary.tasks.flatMap((t) => [
      {
        task: taskLabel(t.task),
        variant: '-',
        rule: t.task.includes('noisy') ? 'D(best) (noiseless)' : 'D(best)',
        ties: '',
        p100: (t.dBest ?? Number.NaN).toFixed(3),
        p50: '',
        mean: '',
      },
      {
        task: taskLabel(t.task),
        variant: '-',
        rule: 'D_valid mean',
        ties: '',
        p100: '',
        p50: '',
        mean: (t.validMean ?? Number.NaN).toFixed(3),
      },
      {
        task: taskLabel(t.task),
        variant: '-',
        rule: `random search (D_train, ${t.randomSearch.p100.n} trials)`,
        ties: '',
        p100: `${t.randomSearch.p100.mean?.toFixed(3)} ± ${t.randomSearch.p100.sd?.toFixed(3)}`,
        p50: `${t.randomSearch.p50.mean?.toFixed(3)} ± ${t.randomSearch.p50.sd?.toFixed(3)}`,
        mean: `${t.randomSearch.mean.mean?.toFixed(3)} ± ${t.randomSearch.mean.sd?.toFixed(3)}`,
      },
    ]),
  ];
  await ctx.writeCsv('final.csv', finalRows);
  ctx.addReportSection(
    'Final evaluation, Design-Bench style (normalised scores; 100th/50th percentile and mean of K candidates, mean ± sd over trials)',
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
        task: taskLabel(t.task),
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
  await writeGateAndWithinW(ctx, summary);
  await writeFigures(ctx, summary, correlations);
  for (const pair of pairsOf(points)) {
    const subset = points.filter((p) => p.task === pair.task && p.variant === pair.variant);
    await ctx.writePlot(
      `scatter-${pair.task}-${pair.variant}.svg`,
      scatterPanels(pair, subset, correlations),
    );
  }
}
