// The correlation study over scored points (brief §1, §5.4): per-metric-checkpoint and pooled
// correlations with bootstrap CIs, the wins table beside the paper's, selection regret, and the
// per-w trade-off table. Pure functions of the points and a seed (lab's bootstrap).
import { Rng } from 'core-tensor';
import { bootstrap } from 'lab';
import type { Variant } from './config.js';
import { type Correlation, correlate, pearson } from './correlation.js';
import {
  type EvalPoint,
  EXTRAS,
  type ExtraKey,
  METRICS,
  type MetricKey,
  selectByMetric,
  selectionRegret,
} from './selection.js';
import type { TaskId } from './task.js';
import { PAPER_WINS, type WinMetric, winsTable } from './wins.js';

export interface CorrelationRow {
  task: TaskId;
  variant: Variant;
  metric: MetricKey | ExtraKey;
  pooled: boolean;
  correlation: Correlation;
}

export interface PairKey {
  task: TaskId;
  variant: Variant;
}

export function pairsOf(points: readonly EvalPoint[]): PairKey[] {
  const seen = new Map<string, PairKey>();
  for (const point of points)
    seen.set(`${point.task}|${point.variant}`, { task: point.task, variant: point.variant });
  return [...seen.values()];
}

function pointsOf(points: readonly EvalPoint[], pair: PairKey): EvalPoint[] {
  return points.filter((point) => point.task === pair.task && point.variant === pair.variant);
}

export function correlationRows(
  points: readonly EvalPoint[],
  bootstrap: number,
  seed: string,
): CorrelationRow[] {
  const rows: CorrelationRow[] = [];
  for (const pair of pairsOf(points)) {
    const all = pointsOf(points, pair);
    const resampling = (row: string) => ({
      seed: `${seed}/${pair.task}/${pair.variant}/${row}`,
      resamples: bootstrap,
    });
    for (const metric of METRICS) {
      const selected = selectByMetric(all, metric);
      rows.push({
        ...pair,
        metric,
        pooled: false,
        correlation: correlate(
          selected.map((p) => p.metrics[metric]),
          selected.map((p) => p.testMean),
          resampling(metric),
        ),
      });
      const finite = all.filter((p) => Number.isFinite(p.metrics[metric]));
      rows.push({
        ...pair,
        metric,
        pooled: true,
        correlation: correlate(
          finite.map((p) => p.metrics[metric]),
          finite.map((p) => p.testMean),
          resampling(`pooled-${metric}`),
        ),
      });
    }
    for (const extra of EXTRAS) {
      const finite = all.filter((p) => Number.isFinite(p.metrics[extra]));
      if (extra === 'rewardArgmax' && finite.length === 0) continue; // off in this run
      rows.push({
        ...pair,
        metric: extra,
        pooled: true,
        correlation: correlate(
          finite.map((p) => p.metrics[extra]),
          finite.map((p) => p.testMean),
          null, // no CI for the extras
        ),
      });
    }
  }
  return rows;
}

export interface WinsSummary {
  pearson: Record<WinMetric, number>;
  spearman: Record<WinMetric, number>;
  paper: Record<WinMetric, number>;
  pairs: number;
}

/**
 * Wins per metric over pairs, counting a metric only where its r's 95% CI lies below 0 (issue 16):
 * a "win" whose CI includes 0 is not told apart from no correlation, so the pair has no winner.
 */
export function winsOf(rows: readonly CorrelationRow[]): WinsSummary {
  const perPair = new Map<string, { pearson: Record<string, number>; spearman: Record<string, number> }>();
  for (const row of rows) {
    if (row.pooled || !(METRICS as readonly string[]).includes(row.metric)) continue;
    const key = `${row.task}|${row.variant}`;
    const entry = perPair.get(key) ?? { pearson: {}, spearman: {} };
    const { pearson, spearman } = row.correlation;
    entry.pearson[row.metric] = pearson.high < 0 ? pearson.value : Number.NaN;
    entry.spearman[row.metric] = spearman.high < 0 ? spearman.value : Number.NaN;
    perPair.set(key, entry);
  }
  const pairs = [...perPair.values()];
  return {
    pearson: winsTable(pairs.map((p) => p.pearson as Record<WinMetric, number>)),
    spearman: winsTable(pairs.map((p) => p.spearman as Record<WinMetric, number>)),
    paper: PAPER_WINS,
    pairs: pairs.length,
  };
}

export interface RegretRow extends PairKey {
  metric: MetricKey;
  regret: number;
}

export function regretRows(points: readonly EvalPoint[], seed: string): RegretRow[] {
  return pairsOf(points).flatMap((pair) =>
    METRICS.map((metric) => {
      const tieBreak = new Rng(`${seed}/regret/${pair.task}/${pair.variant}/${metric}`);
      return { ...pair, metric, regret: selectionRegret(pointsOf(points, pair), metric, tieBreak) };
    }),
  );
}

export interface WithinWRow extends PairKey {
  metric: MetricKey;
  /** Mean over w of Pearson r within one w (per-metric checkpoints), with a 95% CI. */
  r: number;
  low: number;
  high: number;
  ws: number;
}

function meanWithinW(points: readonly EvalPoint[], metric: MetricKey): number {
  const rs = [...new Set(points.map((p) => p.w))].map((w) => {
    const at = points.filter((p) => p.w === w);
    return pearson(
      at.map((p) => p.metrics[metric]),
      at.map((p) => p.testMean),
    );
  });
  return meanFinite(rs);
}

/**
 * Within-w correlations beside the pooled ones (issue 16): guidance is swept at sampling time, so
 * pooled r mixes the effect of w on both the metric and M_test; within one w only the models vary.
 * CI: lab's bootstrap over configurations, resampled within each w.
 */
export function withinWRows(points: readonly EvalPoint[], resamples: number, seed: string): WithinWRow[] {
  return pairsOf(points).flatMap((pair) =>
    METRICS.map((metric) => {
      const selected = selectByMetric(pointsOf(points, pair), metric);
      const result = bootstrap(selected, (s) => meanWithinW(s, metric), {
        seed: `${seed}/within-w/${pair.task}/${pair.variant}/${metric}`,
        resamples,
        strata: (p) => String(p.w),
      });
      const ws = new Set(selected.map((p) => p.w)).size;
      return { ...pair, metric, r: result.estimate, low: result.ci[0], high: result.ci[1], ws };
    }),
  );
}

export interface TradeoffRow extends PairKey {
  w: number;
  uniqueFrac: number;
  meanPairDist: number;
  coverage: number;
  fd: number;
  agreement: number;
  testMean: number;
}

function meanFinite(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0 ? Number.NaN : finite.reduce((s, v) => s + v, 0) / finite.length;
}

/** Per (task, variant, w): means over models and checkpoints (§5.6 tradeoff.csv). */
export function tradeoffRows(points: readonly EvalPoint[]): TradeoffRow[] {
  const rows: TradeoffRow[] = [];
  for (const pair of pairsOf(points)) {
    const all = pointsOf(points, pair);
    for (const w of [...new Set(all.map((p) => p.w))].sort((a, b) => a - b)) {
      const at = all.filter((p) => p.w === w);
      rows.push({
        ...pair,
        w,
        uniqueFrac: meanFinite(at.map((p) => p.metrics.uniqueFrac)),
        meanPairDist: meanFinite(at.map((p) => p.metrics.meanPairDist)),
        coverage: meanFinite(at.map((p) => p.metrics.coverage)),
        fd: meanFinite(at.map((p) => p.metrics.fd)),
        agreement: meanFinite(at.map((p) => p.metrics.agreement)),
        testMean: meanFinite(at.map((p) => p.testMean)),
      });
    }
  }
  return rows;
}
