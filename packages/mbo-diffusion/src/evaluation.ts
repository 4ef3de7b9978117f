// Validation of one batch of samples (brief §4): decode and re-encode, score with f_valid, and
// compute the five metrics' sample-dependent parts (reward, agreement, FD, DC) plus the extras
// (precision, recall, uniqueFrac, meanPairDist, novelty). f_valid's reference statistics over
// D_valid (FD moments of all of D_valid, DC reals and their radii) are computed once per process.

import { assignParams, loadParams, Rng, tf } from 'core-tensor';
import { agreementBaseline, agreementMetric } from './agreement.js';
import type { Config } from './config.js';
import { meanPairDistance, novelty, uniqueFraction } from './diversity.js';
import { frechetDistance, type Moments, moments } from './frechet.js';
import { densityCoverageMetric, neighbourRadii, prdc } from './prdc.js';
import type { PreparedTask } from './prepared-task.js';
import { rewardMetric } from './reward.js';
import { predictRows, ValidationOracle } from './validation-oracle.js';

export interface OracleViews {
  oracle: ValidationOracle;
  validMoments: Moments;
  realFeatures: Float32Array;
  realRadii: Float32Array;
  dispose(): void;
}

export async function oracleViews(config: Config, prepared: PreparedTask, dir: string): Promise<OracleViews> {
  const { space } = prepared;
  const oracle = new ValidationOracle(
    space.dims,
    config.validOracleWidth,
    config.validOracleDepth,
    new Rng('shape-only'),
  );
  const loaded = await loadParams(dir);
  assignParams(oracle.variables(), loaded);
  tf.dispose(Object.values(loaded));
  const features = (rows: Float32Array) => predictRows(rows, space.dims, (x) => oracle.features(x));
  const validMoments = moments(features(space.validX), config.validOracleWidth);
  const realFeatures = features(prepared.dcRealRows);
  const realRadii = neighbourRadii(realFeatures, config.validOracleWidth, config.dcK);
  return {
    oracle,
    validMoments,
    realFeatures,
    realRadii,
    dispose: () => {
      for (const variable of Object.values(oracle.variables())) variable.dispose();
    },
  };
}

function finite(compute: () => number): number | null {
  try {
    const value = compute();
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

export interface SampleMetrics {
  reward: number | null;
  agreement: number | null;
  fd: number | null;
  dc: number | null;
  density: number | null;
  coverage: number | null;
  precision: number | null;
  recall: number | null;
  uniqueFrac: number | null;
  meanPairDist: number | null;
  novelty: number | null;
  agreementBaseline: number;
}

/** Metrics of samples drawn for the labels V (one sample per label, in V's order). */
export function evaluateSamples(
  config: Config,
  prepared: PreparedTask,
  views: OracleViews,
  samples: Float32Array,
): SampleMetrics {
  const { space, validationLabels } = prepared;
  const width = config.validOracleWidth;
  const canonical = space.canonical(samples); // decoded and re-encoded before anything sees it (§2.5)
  const predicted = predictRows(canonical, space.dims, (x) => views.oracle.apply(x));
  const features = predictRows(canonical, space.dims, (x) => views.oracle.features(x));
  const stats = (() => {
    try {
      return prdc(views.realFeatures, features, width, config.dcK, views.realRadii);
    } catch {
      return undefined;
    }
  })();
  const { task } = space;
  const raw = space.toRaw(samples);
  return {
    reward: finite(() => rewardMetric(predicted)),
    agreement: finite(() => agreementMetric(validationLabels, predicted)),
    fd: finite(() => frechetDistance(moments(features, width), views.validMoments)),
    dc: stats ? finite(() => densityCoverageMetric(stats)) : null,
    density: stats ? finite(() => stats.density) : null,
    coverage: stats ? finite(() => stats.coverage) : null,
    precision: stats ? finite(() => stats.precision) : null,
    recall: stats ? finite(() => stats.recall) : null,
    uniqueFrac: finite(() => uniqueFraction(raw, task.rawDims)),
    meanPairDist: finite(() =>
      task.isDiscrete
        ? meanPairDistance(raw, task.rawDims, true)
        : meanPairDistance(canonical, space.dims, false),
    ),
    novelty: finite(() =>
      novelty(
        canonical,
        space.trainX,
        space.dims,
        task.isDiscrete ? { length: task.length, vocab: task.vocab } : undefined,
      ),
    ),
    agreementBaseline: agreementBaseline(validationLabels),
  };
}
