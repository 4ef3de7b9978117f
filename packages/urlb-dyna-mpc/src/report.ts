// The run's report (brief §10): health gates, learning curves (mean and 95 % t-CI over seeds per
// condition), per-condition and per-run tables, timing, and the metrics.jsonl records.
import type { RunContext, VegaLiteSpec } from 'lab';
import type { FinetuneJobResult, PretrainJobResult } from './jobs.js';
import { describeHealth } from './protocol/health-gates.js';
import { areaUnderCurve, type CurvePoint } from './protocol/learning-curve.js';
import { meanWithStudentCi } from './protocol/stats.js';
import type { StudyUnits } from './protocol/units.js';
import type { Summary } from './summary.js';

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Mean score and its 95 % t-interval over runs, per (condition, frame). */
export function curveBands(curves: readonly CurvePoint[]) {
  const groups = new Map<string, { condition: string; frame: number; scores: number[] }>();
  for (const p of curves) {
    const key = `${p.condition}|${p.frame}`;
    const group = groups.get(key) ?? { condition: p.condition, frame: p.frame, scores: [] };
    group.scores.push(p.score);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ condition, frame, scores }) => {
      const { estimate, ci } = meanWithStudentCi(scores);
      // one run: no interval; the band collapses onto the line
      const [lo, hi] = Number.isFinite(ci[0]) ? ci : [estimate, estimate];
      return { condition, frame, mean: estimate, lo, hi, runs: scores.length };
    })
    .sort((a, b) => a.condition.localeCompare(b.condition) || a.frame - b.frame);
}

/** Lines of the mean with a shaded 95 % band, one colour per condition. */
function learningCurveSpec(bands: ReturnType<typeof curveBands>): VegaLiteSpec {
  const colour = { field: 'condition', type: 'nominal' as const };
  const x = { field: 'frame', type: 'quantitative' as const, title: 'FT frames' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'FT evaluation score: mean and 95% t-CI over seeds',
    width: 480,
    height: 300,
    data: { values: bands.map((b) => ({ ...b })) },
    layer: [
      {
        mark: { type: 'area', opacity: 0.2 },
        encoding: {
          x,
          y: { field: 'lo', type: 'quantitative', title: 'normalised score' },
          y2: { field: 'hi' },
          color: colour,
        },
      },
      {
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'mean', type: 'quantitative' }, color: colour },
      },
    ],
  };
}

export async function writeReport(summary: Summary, units: StudyUnits, ctx: RunContext): Promise<void> {
  recordMetrics(summary.pretrain, summary.finetune, ctx);
  const failures = summary.health.failures;
  ctx.addReportSection(
    'Health gates',
    [...describeHealth(units).map((line) => `- ${line}`), ...failures.map((f) => `- **FAILED:** ${f}`)].join(
      '\n',
    ),
    failures.length === 0 ? 'end' : 'top', // brief §9: a failed health check is printed at the top
  );
  const bands = curveBands(units.curves);
  await ctx.writePlot('learning-curves.svg', learningCurveSpec(bands));
  ctx.addReportSection(
    'Learning curves (mean and 95% t-CI over seeds; plot: learning-curves.svg)',
    await ctx.writeMarkdownTable(
      'learning-curves.md',
      bands.map((b) => ({ ...b, mean: round(b.mean, 3), lo: round(b.lo, 3), hi: round(b.hi, 3) })),
    ),
  );
  ctx.addReportSection(
    'Per condition (AUC = area under the learning curve ÷ its span)',
    await ctx.writeMarkdownTable(
      'per-condition.md',
      summary.perCondition.map((r) => ({
        ...r,
        meanAuc: round(r.meanAuc, 4),
        meanFinalScore: round(r.meanFinalScore, 4),
      })),
    ),
  );
  ctx.addReportSection(
    'Fine-tuning runs',
    await ctx.writeMarkdownTable('finetune-runs.md', finetuneRows(summary.finetune)),
  );
  ctx.addReportSection(
    'Pre-training runs',
    await ctx.writeMarkdownTable(
      'pretrain-runs.md',
      summary.pretrain.map((r) => ({
        domain: r.domain,
        method: r.method,
        seed: r.seed,
        updates: r.updates,
        finalKl: r.finalKl === null ? '' : round(r.finalKl, 3),
        secondsPerUpdate: round(r.secondsPerUpdate, 3),
        wallSeconds: round(r.wallSeconds, 1),
      })),
    ),
  );
  ctx.addReportSection(
    'Timing',
    await ctx.writeMarkdownTable(
      'timing.md',
      Object.entries(summary.timing).map(([quantity, value]) => ({ quantity, value: round(value, 4) })),
    ),
  );
}

function finetuneRows(finetune: readonly FinetuneJobResult[]) {
  const cell = (value: number | null, digits: number) => (value === null ? '' : round(value, digits));
  return finetune.map((r) => ({
    task: r.task,
    condition: r.condition,
    seed: r.seed,
    initialScore: cell(r.initialScore, 4),
    auc: round(areaUnderCurve(r.evaluations), 4),
    finalScore: round(r.finalScore, 4),
    rewardR2: cell(r.rewardR2, 3),
    openLoopError: cell(r.openLoopError, 4),
    copyLastError: cell(r.copyLastError, 4),
    updates: r.updates,
    plannedActions: r.plannedActions,
    wallSeconds: round(r.wallSeconds, 1),
  }));
}

/** One metric record per PT loss sample, FT evaluation and FT training episode (metrics.jsonl). */
function recordMetrics(
  pretrain: readonly PretrainJobResult[],
  finetune: readonly FinetuneJobResult[],
  ctx: RunContext,
): void {
  for (const r of pretrain)
    for (const loss of r.losses)
      ctx.metric({ phase: 'pretrain', domain: r.domain, method: r.method, seed: r.seed, ...loss });
  for (const r of finetune) {
    for (const e of r.evaluations)
      ctx.metric({ phase: 'finetune-eval', task: r.task, condition: r.condition, seed: r.seed, ...e });
    for (const e of r.trainEpisodes)
      ctx.metric({ phase: 'finetune-train', task: r.task, condition: r.condition, seed: r.seed, ...e });
  }
}
