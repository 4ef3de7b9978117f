// The clean-label test (issue 15, point 2) [O]: fine-tune on oracle-selective targets — `<idk>` for
// exactly the entities the world exposed too little (the unknown tiers, by the world's ground truth),
// the full true biography for every other entity — and ask whether P(<idk>) at `<bio> name` separates
// unknown from top-tier held-out entities. If even these labels cannot be learned, no ReSearch variant
// can learn selective abstention, so the gate `clean-label` (AUROC ≥ 0.8) conditions every
// amortisation claim.
import { type Rng, tf } from 'core-tensor';
import type { SftPair } from './finetune.js';
import type { TinyLM } from './model.js';
import { auroc } from './stats.js';
import { IDK } from './vocab.js';
import type { World } from './world.js';

/** Oracle-selective SFT pairs: abstain on the unknown tiers, the true bio (random order) elsewhere. */
export function oracleSelectivePairs(
  world: World,
  entities: readonly number[],
  unknownTiers: readonly string[],
  rng: Rng,
): SftPair[] {
  return entities.map((entity) => {
    const e = world.entities[entity]!;
    if (unknownTiers.includes(e.tierName)) return { entity, answer: [IDK] };
    const order = rng.shuffle(e.truth.map((_, a) => a));
    return { entity, answer: world.vocab.claimTokens(world.trueClaims(entity, order)) };
  });
}

/** P(<idk>) as the first answer token after `<bio> name`, per entity. */
export function idkProbabilities(model: TinyLM, world: World, entities: readonly number[]): number[] {
  if (entities.length === 0) return [];
  const length = 1 + world.config.nameLength;
  const ids = entities.flatMap((e) => [world.vocab.bio, ...world.entities[e]!.name]);
  const probs = tf.tidy(() =>
    tf
      .softmax(model.logits(tf.tensor2d(ids, [entities.length, length], 'int32')))
      .slice([0, length - 1, IDK], [-1, 1, 1]),
  );
  const values = Array.from(probs.dataSync());
  probs.dispose();
  return values;
}

export interface CleanLabelResult {
  /** AUROC of P(<idk>) for unknown (positive) vs top-tier held-out entities. */
  auroc: number;
  /** Mean P(<idk>) per tier over the held-out entities. */
  idkByTier: Record<string, number>;
  unknownEntities: number;
  topEntities: number;
}

/** Scores a fine-tuned model on held-out entities of the top and unknown tiers. */
export function cleanLabelScore(
  model: TinyLM,
  world: World,
  heldout: readonly number[],
  topTier: string,
  unknownTiers: readonly string[],
): CleanLabelResult {
  const probs = idkProbabilities(model, world, heldout);
  const tierOf = (i: number) => world.entities[heldout[i]!]!.tierName;
  const idkByTier: Record<string, number> = {};
  for (const tier of world.tiers) {
    const values = probs.filter((_, i) => tierOf(i) === tier.name);
    if (values.length > 0) idkByTier[tier.name] = values.reduce((s, v) => s + v, 0) / values.length;
  }
  const points = probs
    .map((p, i) => ({ p, tier: tierOf(i) }))
    .filter((x) => x.tier === topTier || unknownTiers.includes(x.tier))
    .map((x) => ({ p: x.p, truth: unknownTiers.includes(x.tier) }));
  return {
    auroc: auroc(points),
    idkByTier,
    unknownEntities: points.filter((x) => x.truth).length,
    topEntities: points.filter((x) => !x.truth).length,
  };
}
