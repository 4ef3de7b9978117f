// The figures a reader of the paper wants (issue 16), as vega-lite specs for ctx.writePlot:
// a Fig. 4-style bar chart of each metric's Pearson r with its 95% CI per (task, variant), and the
// guidance-weight trade-off (test reward and diversity against w).
import { linePlot, type VegaLiteSpec } from 'lab';
import type { CorrelationRow } from './analysis.js';
import { METRICS } from './selection.js';
import type { Summary } from './summary.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Fig. 4 style: per (task, variant) panel, one bar per metric (r at its checkpoints) with CI whiskers. */
export function correlationBars(rows: readonly CorrelationRow[]): VegaLiteSpec {
  const data = rows
    .filter((row) => !row.pooled && (METRICS as readonly string[]).includes(row.metric))
    .map((row) => ({
      panel: `${row.task} (${row.variant})`,
      metric: row.metric,
      r: Number.isFinite(row.correlation.pearson.value) ? row.correlation.pearson.value : null,
      low: Number.isFinite(row.correlation.pearson.low) ? row.correlation.pearson.low : null,
      high: Number.isFinite(row.correlation.pearson.high) ? row.correlation.pearson.high : null,
    }));
  const x = { field: 'metric', type: 'nominal', sort: [...METRICS], title: null };
  return {
    $schema: SCHEMA,
    title: 'Pearson r of each metric with the test reward (lower is better; 95% bootstrap CI)',
    data: { values: data },
    facet: { column: { field: 'panel', type: 'nominal', title: null } },
    spec: {
      width: 150,
      height: 220,
      layer: [
        {
          mark: 'bar',
          encoding: {
            x,
            y: { field: 'r', type: 'quantitative', scale: { domain: [-1, 1] }, title: 'Pearson r' },
            color: { field: 'metric', type: 'nominal', legend: null },
          },
        },
        {
          mark: { type: 'rule' },
          encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
        },
      ],
    },
  } as unknown as VegaLiteSpec;
}

function panel(spec: VegaLiteSpec): Record<string, unknown> {
  const { $schema: _schema, ...rest } = spec as unknown as Record<string, unknown>;
  return rest;
}

/** Test reward, unique fraction (discrete tasks) and mean pairwise distance (continuous) against w. */
export function guidanceTradeoff(summary: Summary, variant: string): VegaLiteSpec {
  const discrete = new Set(summary.tasks.filter((t) => t.isDiscrete).map((t) => t.task));
  const rows = summary.tradeoff.filter((row) => row.variant === variant);
  const line = (
    keep: (task: string) => boolean,
    y: 'testMean' | 'uniqueFrac' | 'meanPairDist',
    yTitle: string,
  ) =>
    panel(
      linePlot({
        data: rows.filter((row) => keep(row.task)).map((row) => ({ task: row.task, w: row.w, [y]: row[y] })),
        x: 'w',
        y,
        series: 'task',
        xTitle: 'guidance weight w',
        yTitle,
        width: 240,
        height: 200,
      }),
    );
  return {
    $schema: SCHEMA,
    title: `Guidance trade-off (${variant}): means over models and checkpoints`,
    hconcat: [
      line(() => true, 'testMean', 'M_test (normalised)'),
      line((task) => discrete.has(task as never), 'uniqueFrac', 'unique fraction (discrete tasks)'),
      line((task) => !discrete.has(task as never), 'meanPairDist', 'mean pairwise distance (continuous)'),
    ],
  } as unknown as VegaLiteSpec;
}
