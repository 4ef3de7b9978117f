// Per-metric checkpoint selection and selection regret (brief §1 step 2, §5.4). A configuration is
// (model, w); for each metric its checkpoint k*(c, M) = argmin_k M(c, k). Points whose metric is not
// finite are never selected.
import type { Rng } from 'core-tensor';
import type { Variant } from './config.js';
import type { TaskId } from './task.js';

export const METRICS = ['cdsm', 'fd', 'dc', 'reward', 'agreement'] as const;
export type MetricKey = (typeof METRICS)[number];
export const EXTRAS = [
  'rewardArgmax',
  'precision',
  'recall',
  'uniqueFrac',
  'meanPairDist',
  'novelty',
  'density',
  'coverage',
] as const;
export type ExtraKey = (typeof EXTRAS)[number];

export interface EvalPoint {
  task: TaskId;
  variant: Variant;
  modelId: string;
  width: number;
  labelDropout: number;
  seed: number;
  step: number;
  w: number;
  metrics: Record<MetricKey | ExtraKey, number>;
  /** Normalised exact scores of the n_test samples: mean (M_test), 100th and 50th percentiles. */
  testMean: number;
  testP100: number;
  testP50: number;
}

export function configurationKey(point: Pick<EvalPoint, 'modelId' | 'w'>): string {
  return `${point.modelId}|w=${point.w}`;
}

/** One point per configuration: the checkpoint minimising `metric`. */
export function selectByMetric(points: readonly EvalPoint[], metric: MetricKey): EvalPoint[] {
  const best = new Map<string, EvalPoint>();
  for (const point of points) {
    const value = point.metrics[metric];
    if (!Number.isFinite(value)) continue;
    const key = configurationKey(point);
    const current = best.get(key);
    if (!current || value < current.metrics[metric]) best.set(key, point);
  }
  return [...best.values()];
}

/** The point with the highest M_test (an upper bound, "not a valid method"). */
export function oracleBest(points: readonly EvalPoint[]): EvalPoint | undefined {
  let best: EvalPoint | undefined;
  for (const point of points) if (!best || point.testMean > best.testMean) best = point;
  return best;
}

/** A metric's overall pick and how many points shared its minimum (1: no tie). */
export interface MetricChoice {
  point: EvalPoint;
  tied: number;
}

/**
 * The configuration a metric picks overall: argmin of the metric over its selected points. Ties
 * (C-DSM does not depend on the sampling-time w, so it ties across every w of a model) are broken
 * by a draw from `rng` and reported, never silently by the order of the points (issue 16).
 */
export function metricChoice(
  points: readonly EvalPoint[],
  metric: MetricKey,
  rng: Rng,
): MetricChoice | undefined {
  const selected = selectByMetric(points, metric);
  if (selected.length === 0) return undefined;
  const best = Math.min(...selected.map((point) => point.metrics[metric]));
  const tied = selected.filter((point) => point.metrics[metric] === best);
  return { point: tied[tied.length === 1 ? 0 : rng.int(tied.length)]!, tied: tied.length };
}

/** Regret = M_test(oracle-best) − M_test(metric's choice) (§5.4 [ours]). */
export function selectionRegret(points: readonly EvalPoint[], metric: MetricKey, rng: Rng): number {
  const top = oracleBest(points);
  const chosen = metricChoice(points, metric, rng);
  return top && chosen ? top.testMean - chosen.point.testMean : Number.NaN;
}
