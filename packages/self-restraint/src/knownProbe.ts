// A regularised, cross-validated knownness probe (issue 15, point 3) [O], replacing
// `known-decodable`: a 64-dimensional logistic regression on 90 names reached AUROC 1.00 on its
// training names and 0.42–0.57 on held-out ones, so one unregularised fit said nothing. Here the L2
// strength is chosen by k-fold cross-validation on the ReSearch names, and the AUROC is reported on
// the training names and on the held-out names separately: a gap between them is overfitting.
import type { TinyLM } from './model.js';
import { fitLogistic, nameFeatures } from './probe.js';
import { auroc } from './stats.js';
import type { World } from './world.js';

/** The L2 strengths the cross-validation chooses from. */
export const PROBE_L2_GRID = [1e-3, 1e-2, 1e-1, 1, 10] as const;
export const PROBE_FOLDS = 5;

export interface ProbeReport {
  /** AUROC (top positive vs unknown) of the final probe on its own training names. */
  trainAuroc: number;
  /** Mean AUROC over the cross-validation folds at the chosen L2. */
  crossValidatedAuroc: number;
  /** AUROC on held-out names, never seen by the fit or the choice of L2. */
  heldoutAuroc: number;
  l2: number;
}

interface Labelled {
  features: number[][];
  labels: boolean[];
}

function foldAuroc({ features, labels }: Labelled, l2: number, folds: number): number {
  const scores: number[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const inFold = (i: number) => i % folds === fold;
    const train = features.map((_, i) => i).filter((i) => !inFold(i));
    const test = features.map((_, i) => i).filter(inFold);
    const predict = fitLogistic(
      train.map((i) => features[i]!),
      train.map((i) => labels[i]!),
      500,
      0.5,
      l2,
    );
    const value = auroc(test.map((i) => ({ p: predict(features[i]!), truth: labels[i]! })));
    if (Number.isFinite(value)) scores.push(value);
  }
  return scores.length ? scores.reduce((s, v) => s + v, 0) / scores.length : Number.NaN;
}

/** Interleaves the two classes so every fold holds both. */
function stratifiedOrder(labels: readonly boolean[]): number[] {
  const positive = labels.map((_, i) => i).filter((i) => labels[i]);
  const negative = labels.map((_, i) => i).filter((i) => !labels[i]);
  const out: number[] = [];
  for (let k = 0; k < Math.max(positive.length, negative.length); k++) {
    if (k < positive.length) out.push(positive[k]!);
    if (k < negative.length) out.push(negative[k]!);
  }
  return out;
}

/** Known (top tier) vs unknown probe at the last name token of `<bos> name`, on the final layer. */
export function crossValidatedProbe(
  model: TinyLM,
  world: World,
  knownTier: string,
  unknownTiers: readonly string[],
): ProbeReport {
  const pick = (split: 'research' | 'heldout') =>
    world.entities.filter(
      (e) => e.split === split && (e.tierName === knownTier || unknownTiers.includes(e.tierName)),
    );
  const train = pick('research');
  const order = stratifiedOrder(train.map((e) => e.tierName === knownTier));
  const trainFeatures = nameFeatures(
    model,
    world,
    order.map((i) => train[i]!.id),
  );
  const labelled = { features: trainFeatures, labels: order.map((i) => train[i]!.tierName === knownTier) };
  const folds = Math.min(PROBE_FOLDS, Math.floor(train.length / 2));
  if (folds < 2) throw new Error(`crossValidatedProbe: ${train.length} training names, need at least 4`);
  const cv = PROBE_L2_GRID.map((l2) => ({ l2, value: foldAuroc(labelled, l2, folds) }));
  const best = cv.reduce((a, b) => (b.value > a.value ? b : a));
  const predict = fitLogistic(labelled.features, labelled.labels, 500, 0.5, best.l2);
  const test = pick('heldout');
  const testFeatures = nameFeatures(
    model,
    world,
    test.map((e) => e.id),
  );
  return {
    trainAuroc: auroc(labelled.features.map((x, i) => ({ p: predict(x), truth: labelled.labels[i]! }))),
    crossValidatedAuroc: best.value,
    heldoutAuroc: auroc(
      test.map((e, i) => ({ p: predict(testFeatures[i]!), truth: e.tierName === knownTier })),
    ),
    l2: best.l2,
  };
}
