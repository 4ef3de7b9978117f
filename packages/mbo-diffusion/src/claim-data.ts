// What the claims compute from the unit tables (issue 16): configurations (model, w) with each
// metric's selected checkpoint, Pearson r per (task, variant) and metric, r* and its winner. Pure
// functions, so a claim's bootstrap can recompute them on every resample of configurations.
import { pearson } from './correlation.js';
import { METRICS, type MetricKey } from './selection.js';
import type { PointUnit } from './units.js';

/** One configuration (model, w): per metric, its value and M_test at the metric's checkpoint k*. */
export interface Configuration {
  pair: string; // `${task}|${variant}`
  task: PointUnit['task'];
  variant: PointUnit['variant'];
  modelId: string;
  w: number;
  selected: Record<MetricKey, { value: number; testMean: number }>;
  /** The last checkpoint's row (trade-off and guidance claims). */
  last: PointUnit | undefined;
}

export const pairKey = (row: { task: string; variant: string }) => `${row.task}|${row.variant}`;

/** Groups points into configurations; k*(c, M) = argmin over checkpoints, NaN never selected (§1). */
export function configurations(points: readonly PointUnit[]): Configuration[] {
  const groups = new Map<string, PointUnit[]>();
  for (const point of points) {
    const key = `${pairKey(point)}|${point.modelId}|${point.w}`;
    const group = groups.get(key);
    if (group) group.push(point);
    else groups.set(key, [point]);
  }
  return [...groups.values()].map((rows) => {
    const first = rows[0]!;
    const selected = {} as Configuration['selected'];
    for (const metric of METRICS) {
      let best: PointUnit | undefined;
      for (const row of rows)
        if (Number.isFinite(row[metric]) && (!best || row[metric] < best[metric])) best = row;
      selected[metric] = best
        ? { value: best[metric], testMean: best.testMean }
        : { value: Number.NaN, testMean: Number.NaN };
    }
    return {
      pair: pairKey(first),
      task: first.task,
      variant: first.variant,
      modelId: first.modelId,
      w: first.w,
      selected,
      last: rows.find((row) => row.last),
    };
  });
}

/** Pearson r of a metric (at its checkpoints) with M_test over configurations; NaN rows dropped. */
export function metricR(configs: readonly Configuration[], metric: MetricKey): number {
  const usable = configs.filter(
    (c) => Number.isFinite(c.selected[metric].value) && Number.isFinite(c.selected[metric].testMean),
  );
  return pearson(
    usable.map((c) => c.selected[metric].value),
    usable.map((c) => c.selected[metric].testMean),
  );
}

/** r* = the most negative r over the five metrics, and the metric reaching it (among `eligible`). */
export function rStar(
  configs: readonly Configuration[],
  eligible: readonly MetricKey[] = METRICS,
): { r: number; metric: MetricKey | undefined } {
  let best: { r: number; metric: MetricKey | undefined } = { r: Number.NaN, metric: undefined };
  for (const metric of eligible) {
    const r = metricR(configs, metric);
    if (Number.isFinite(r) && !(r >= best.r)) best = { r, metric };
  }
  return best;
}

export function byPair(configs: readonly Configuration[]): Map<string, Configuration[]> {
  const out = new Map<string, Configuration[]>();
  for (const c of configs) {
    const group = out.get(c.pair);
    if (group) group.push(c);
    else out.set(c.pair, [c]);
  }
  return out;
}

export function meanOfFinite(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? Number.NaN : finite.reduce((s, v) => s + v, 0) / finite.length;
}

export const f2 = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : 'NaN');
export const f3 = (value: number) => (Number.isFinite(value) ? value.toFixed(3) : 'NaN');
