// Tables and plots of the run (brief §5.4, §5.6): rows for the CSV/Markdown writers and one SVG per
// (task, variant) with five scatter panels (metric at its selected checkpoint vs M_test, coloured by w,
// r and its CI in each title), built from lab's scatterPlot specs.
import { scatterPlot, type TableRow, type VegaLiteSpec } from 'lab';
import type { CorrelationRow, PairKey } from './analysis.js';
import type { Aggregate } from './design-bench-eval.js';
import { type EvalPoint, METRICS, selectByMetric } from './selection.js';

const fixed = (value: number, digits = 3) => (Number.isFinite(value) ? value.toFixed(digits) : 'NaN');

export function pointsRows(points: readonly EvalPoint[]): TableRow[] {
  const rows: TableRow[] = [];
  for (const metric of METRICS) {
    for (const point of selectByMetric(points, metric)) {
      rows.push({
        task: point.task,
        variant: point.variant,
        configuration: `${point.modelId}|w=${point.w}`,
        metric,
        selectedStep: point.step,
        value: fixed(point.metrics[metric], 6),
        testMean: fixed(point.testMean, 6),
        testP100: fixed(point.testP100, 6),
      });
    }
  }
  return rows;
}

export function correlationTableRows(rows: readonly CorrelationRow[]): TableRow[] {
  return rows.map((row) => {
    const c = row.correlation;
    return {
      task: row.task,
      variant: row.variant,
      metric: row.metric,
      pooled: row.pooled ? 'yes' : 'no',
      n: c.n,
      pearson: fixed(c.pearson.value),
      pearsonCi: `[${fixed(c.pearson.low)}, ${fixed(c.pearson.high)}]`,
      spearman: fixed(c.spearman.value),
      spearmanCi: `[${fixed(c.spearman.low)}, ${fixed(c.spearman.high)}]`,
      kendall: fixed(c.kendall.value),
      kendallCi: `[${fixed(c.kendall.low)}, ${fixed(c.kendall.high)}]`,
      skippedResamples: c.skipped,
    };
  });
}

/** The compact Pearson table: one row per (task, variant), one column per metric, r [CI]. */
export function pearsonGrid(rows: readonly CorrelationRow[], pooled = false): TableRow[] {
  const pairs = new Map<string, TableRow>();
  for (const row of rows) {
    if (row.pooled !== pooled || !(METRICS as readonly string[]).includes(row.metric)) continue;
    const key = `${row.task}|${row.variant}`;
    const entry = pairs.get(key) ?? { task: row.task, variant: row.variant };
    const c = row.correlation.pearson;
    entry[row.metric] =
      `${fixed(c.value, 2)} [${fixed(c.low, 2)}, ${fixed(c.high, 2)}] (n ${row.correlation.n})`;
    pairs.set(key, entry);
  }
  return [...pairs.values()];
}

export function formatAggregate(value: Aggregate): string {
  return `${fixed(value.mean)} ± ${fixed(value.sd)}`;
}

/** One SVG spec with five panels for a (task, variant). */
export function scatterPanels(
  pair: PairKey,
  points: readonly EvalPoint[],
  rows: readonly CorrelationRow[],
): VegaLiteSpec {
  const panels = METRICS.map((metric) => {
    const row = rows.find(
      (r) => r.task === pair.task && r.variant === pair.variant && r.metric === metric && !r.pooled,
    );
    const c = row?.correlation.pearson;
    const data = selectByMetric(points, metric)
      .filter((p) => Number.isFinite(p.metrics[metric]) && Number.isFinite(p.testMean))
      .map((p) => ({ [metric]: p.metrics[metric], testMean: p.testMean, w: String(p.w) }));
    const spec = scatterPlot({
      data,
      x: metric,
      y: 'testMean',
      series: 'w',
      title: `${metric}: r ${fixed(c?.value ?? Number.NaN, 2)} [${fixed(c?.low ?? Number.NaN, 2)}, ${fixed(c?.high ?? Number.NaN, 2)}]`,
      yTitle: 'M_test (normalised)',
      width: 220,
      height: 200,
    });
    const { $schema: _schema, ...panel } = spec as unknown as Record<string, unknown>;
    return panel;
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${pair.task} (${pair.variant}): metric at its selected checkpoint vs test reward`,
    hconcat: panels,
  } as unknown as VegaLiteSpec;
}
