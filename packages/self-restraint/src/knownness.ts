// Output-based knownness (issue 15, point 3) [O]: how sure the pretrained model is of the token after
// `<bos> name`. With the lead-attribute format that token is the entity's fixed lead attribute, so a
// peaked distribution means the model has looked the entity up. No fitting, so nothing can overfit.
import { tf } from 'core-tensor';
import type { TinyLM } from './model.js';
import { auroc } from './stats.js';
import { BOS } from './vocab.js';
import type { World } from './world.js';

/** Max next-token probability at the last name token of `<bos> name`, per entity. */
export function maxNextTokenProbability(model: TinyLM, world: World, entities: readonly number[]): number[] {
  if (entities.length === 0) return [];
  const length = 1 + world.config.nameLength;
  const ids = entities.flatMap((e) => [BOS, ...world.entities[e]!.name]);
  const maxima = tf.tidy(() =>
    tf
      .softmax(model.logits(tf.tensor2d(ids, [entities.length, length], 'int32')))
      .slice([0, length - 1, 0], [-1, 1, -1])
      .max(-1),
  );
  const values = Array.from(maxima.dataSync());
  maxima.dispose();
  return values;
}

export interface OutputKnownness {
  /** AUROC of the max next-token probability, top tier (positive) vs unknown tiers. */
  auroc: number;
  /** Mean max next-token probability per tier. */
  byTier: Record<string, number>;
}

/** Output-based knownness over the given entities (held-out ones in the study). */
export function outputKnownness(
  model: TinyLM,
  world: World,
  entities: readonly number[],
  topTier: string,
  unknownTiers: readonly string[],
): OutputKnownness {
  const scores = maxNextTokenProbability(model, world, entities);
  const tierOf = (i: number) => world.entities[entities[i]!]!.tierName;
  const byTier: Record<string, number> = {};
  for (const tier of world.tiers) {
    const values = scores.filter((_, i) => tierOf(i) === tier.name);
    if (values.length > 0) byTier[tier.name] = values.reduce((s, v) => s + v, 0) / values.length;
  }
  const points = scores
    .map((p, i) => ({ p, tier: tierOf(i) }))
    .filter((x) => x.tier === topTier || unknownTiers.includes(x.tier))
    .map((x) => ({ p: x.p, truth: x.tier === topTier }));
  return { auroc: auroc(points), byTier };
}
