// Two peer methods as baselines of equal inference cost (issue 15, point 5), built from the round-1
// pool every search already shares (16 unhinted base samples per ReSearch entity), so they cost no
// extra sampling. Both are reconstructions for this world [O]; neither is confirmed to be among the
// paper's baselines.
//
// - R-Tuning (Zhang et al. 2023; shizhediao/R-Tuning): refusal-aware targets from correctness against
//   the ground truth. The model's own prediction (its first round-1 sample) is kept as the target when
//   it is correct and replaced by an abstention when it is not. R-Tuning pads the *gold* answer after a
//   correct prediction; for a biography the gold answer is the whole true bio, which teaches facts the
//   model does not hold (the `gold-data-trap` check shows the harm), so the correct prediction itself
//   is kept. "Correct" is the study's own currency: true utility@ρ > 0 (more than a ρ share of its
//   claims true). Like the oracle, this baseline reads the truth at training time.
// - FactTune-MC (Tian et al. 2023, arXiv 2311.08401): DPO on pairs ranked by the model's confidence in
//   its own claims, with no abstention. Each sample's score is the mean self-estimated p̂ of the claims
//   it generated (sample consistency over the same pool, src/selfEval.ts); the preferred answer is the
//   highest-scoring sample and the rejected one the lowest. DPO needs a reference that already answers
//   at `<bio> name`, as FactTune starts from an instruction-tuned model: a short format SFT on one
//   random own sample per entity (`formatPairs`).
import type { DpoTriple, SftPair } from './finetune.js';
import { trimAnswer } from './research.js';
import { consistencyLikelihood, type PoolSample } from './selfEval.js';
import { utility } from './utility.js';
import { IDK } from './vocab.js';
import type { World } from './world.js';

type Pools = ReadonlyMap<number, readonly PoolSample[]>;

function poolOf(pools: Pools, entity: number): readonly PoolSample[] {
  const pool = pools.get(entity);
  if (!pool?.length) throw new Error(`baselines: no round-1 pool for entity ${entity}`);
  return pool;
}

/** True utility@ρ of a sample's own claims (the hint-free round-1 sample holds only generated claims). */
function trueUtility(world: World, entity: number, sample: PoolSample, rho: number): number {
  const t = sample.generated.filter((c) => world.isTrue(entity, c)).length;
  return utility(t, sample.generated.length - t, rho);
}

/** R-Tuning's refusal-aware targets: the model's prediction if correct (U_ρ > 0), else `<idk>`. */
export function rTuningPairs(
  world: World,
  entities: readonly number[],
  pools: Pools,
  rho: number,
): SftPair[] {
  return entities.map((entity) => {
    const prediction = poolOf(pools, entity)[0]!;
    const correct = trueUtility(world, entity, prediction, rho) > 0;
    return { entity, answer: correct ? trimAnswer(prediction.answer) : [IDK] };
  });
}

/** FactTune-MC's confidence score of a sample: the mean p̂ over the claims it generated (NaN if none). */
export function confidenceScore(
  sample: PoolSample,
  pHat: (c: PoolSample['generated'][number]) => number,
): number {
  if (sample.generated.length === 0) return Number.NaN;
  return sample.generated.reduce((s, c) => s + pHat(c), 0) / sample.generated.length;
}

/**
 * FactTune-MC's preference pairs: per entity the most and the least confident sample with claims.
 * Entities whose scored samples all tie give no pair (there is no preference to learn).
 */
export function factTuneTriples(entities: readonly number[], pools: Pools, discount: number): DpoTriple[] {
  const triples: DpoTriple[] = [];
  for (const entity of entities) {
    const pool = poolOf(pools, entity);
    const pHat = consistencyLikelihood(pool, discount);
    const scored = pool
      .map((sample) => ({ sample, score: confidenceScore(sample, pHat) }))
      .filter((x) => Number.isFinite(x.score));
    if (scored.length < 2) continue;
    // first best and first worst in pool order, so ties break the same way on every backend
    const best = scored.reduce((a, b) => (b.score > a.score ? b : a));
    const worst = scored.reduce((a, b) => (b.score < a.score ? b : a));
    if (best.score === worst.score) continue;
    triples.push({
      entity,
      chosen: trimAnswer(best.sample.answer),
      rejected: trimAnswer(worst.sample.answer),
    });
  }
  return triples;
}

/** The format SFT of FactTune's reference: one own sample per entity, the one at `pick(entity)`. */
export function formatPairs(
  entities: readonly number[],
  pools: Pools,
  pick: (size: number) => number,
): SftPair[] {
  return entities.map((entity) => {
    const pool = poolOf(pools, entity);
    return { entity, answer: trimAnswer(pool[pick(pool.length)]!.answer) };
  });
}
