// The items of the selective-prediction metrics (issue 15, point 6) [O] for one fine-tuned model on
// held-out entities: per entity, the abstention score P(<idk>) at the first answer token after
// `<bio> name`, and the loss of the answer the model gives when it may not abstain — one greedy
// answer decoded with `<idk>` and `<eos>` banned at the first answer position (a forced answer says
// something). The metrics themselves live in
// src/selectivePrediction.ts; the run pools these items over seeds (src/selectiveAnalysis.ts).
import { idkProbabilities } from './cleanLabel.js';
import type { TinyLM } from './model.js';
import { decode } from './sample.js';
import type { SelectiveItem } from './selectivePrediction.js';
import { EOS, IDK, type ParsedAnswer } from './vocab.js';
import type { World } from './world.js';

/**
 * The loss of a forced answer: the share of its claims that are false, falseClaims / max(1, claims),
 * so 0 = every claim true, 1 = every claim false. An answer without claims (malformed tokens only)
 * says nothing true and counts as wrong: loss 1; so does an abstention.
 */
export function forcedAnswerLoss(world: World, entity: number, parsed: ParsedAnswer): number {
  if (parsed.abstained || parsed.claims.length === 0) return 1;
  const falseClaims = parsed.claims.filter((c) => !world.isTrue(entity, c)).length;
  // loss = F / max(1, F + T)
  return falseClaims / Math.max(1, parsed.claims.length);
}

/** Six significant digits: the items are stored in the seed's cached evaluation and result. */
const stored = (x: number) => Number(x.toPrecision(6));

/** One item per entity, in the order of `entities`; one batched greedy decode for the forced answers. */
export function selectiveItems(
  model: TinyLM,
  world: World,
  entities: readonly number[],
  options: { maxNewTokens: number; batchSize: number },
): SelectiveItem[] {
  const abstain = idkProbabilities(model, world, entities);
  const forced = decode(
    model,
    entities.map((e) => [world.vocab.bio, ...world.entities[e]!.name]),
    undefined,
    { ...options, temperature: 1, greedy: true, banFirst: [IDK, EOS] },
  );
  return entities.map((entity, i) => ({
    abstain: stored(abstain[i]!),
    loss: stored(forcedAnswerLoss(world, entity, world.vocab.parse(forced[i]!))),
  }));
}
