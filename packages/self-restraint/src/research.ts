// ReSearch and Search on the world (brief §2.4) [constants A, ordering R]: R rounds of K samples at
// temperature τ; after each round every claim of the pool gets its self-estimated likelihood p̂, and
// the confident ones (per attribute, the most likely value if p̂ > ρ) are written after the name in
// the next round's prompt. Each candidate is a complete answer (hints + continuation) scored by Q;
// the abstention answer competes with Q = 0. Search draws the same R × K samples without hints.
// Round 1 is unhinted in both, so it is drawn once per entity and shared (brief §5).
// Reconstructed (not confirmed from the paper text): the Q form, the hint rule, ties, evidence rule.
import type { Rng } from 'core-tensor';
import type { SelfRestraintConfig } from './config.js';
import type { TinyLM } from './model.js';
import { decode } from './sample.js';
import { selectTarget } from './select.js';
import {
  type ClaimLikelihood,
  consistencyLikelihood,
  oracleLikelihood,
  type PoolSample,
} from './selfEval.js';
import { qValue } from './utility.js';
import { BOS, type Claim, EOS, IDK } from './vocab.js';
import type { World } from './world.js';

export interface SamplingOptions {
  temperature: number;
  maxNewTokens: number;
  batchSize: number;
}

export interface SearchOptions extends SamplingOptions {
  rounds: number;
  samplesPerRound: number;
  rho: number;
  /** false: Search (no hints in any round). */
  iterative: boolean;
  hintKeep: number;
  likelihood: 'consistency' | 'oracle';
  discount: number;
  allowAbstention: boolean;
}

/** Sampling settings of a run's config (brief §2.4: τ, answer length, rows per forward pass). */
export function samplingOptionsOf(config: SelfRestraintConfig): SamplingOptions {
  return {
    temperature: config.research.temperature,
    maxNewTokens: config.research.maxNewTokens,
    batchSize: config.research.sampleBatch,
  };
}

/** ReSearch as the config sets it up (R × K, ρ, hints, self-evaluation, abstention); `over` varies it. */
export function searchOptionsOf(
  config: SelfRestraintConfig,
  over: Partial<SearchOptions> = {},
): SearchOptions {
  return {
    ...samplingOptionsOf(config),
    rounds: config.research.rounds,
    samplesPerRound: config.research.samplesPerRound,
    rho: config.research.rho,
    iterative: true,
    hintKeep: config.research.hintKeep,
    likelihood: 'consistency',
    discount: config.selfEval.discount,
    allowAbstention: true,
    ...over,
  };
}

export interface SearchResult {
  entity: number;
  pool: PoolSample[];
  /** Q of every pool sample (same order). */
  qs: number[];
  /** y*: the answer tokens after the name (without <eos>), [IDK] for abstention. */
  target: number[];
  targetIsAbstention: boolean;
  targetQ: number;
  /** y_worst (DPO's rejected answer). */
  worst: number[];
  worstQ: number;
  /** Answers ranked by Q (best first), for several targets per entity. */
  ranked: number[][];
  samplesUsed: number;
}

/** K samples per request from `<bos> name hints`: the pool entries of one round. */
export function sampleRound(
  model: TinyLM,
  world: World,
  requests: readonly { entity: number; hints: Claim[] }[],
  rngs: readonly Rng[],
  round: number,
  options: SamplingOptions,
): PoolSample[] {
  const vocab = world.vocab;
  const prompts = requests.map((r) => [
    BOS,
    ...world.entities[r.entity]!.name,
    ...vocab.claimTokens(r.hints),
  ]);
  const continuations = decode(model, prompts, rngs, { ...options });
  return requests.map((r, i) => {
    const continuation = continuations[i]!;
    const answer = [...vocab.claimTokens(r.hints), ...continuation];
    return { answer, generated: vocab.parse(continuation).claims, hints: r.hints, round };
  });
}

/** Round 1 for every entity: K unhinted samples each (shared by every search variant). */
export function roundOnePools(
  model: TinyLM,
  world: World,
  entities: readonly number[],
  samples: number,
  rng: Rng,
  options: SamplingOptions,
): Map<number, PoolSample[]> {
  const requests = entities.flatMap((entity) =>
    Array.from({ length: samples }, () => ({ entity, hints: [] })),
  );
  const rngs = requests.map((r, i) => rng.split(`e${r.entity}/s${i % samples}`));
  const pool = sampleRound(model, world, requests, rngs, 1, options);
  const out = new Map<number, PoolSample[]>();
  for (const [i, r] of requests.entries()) {
    const list = out.get(r.entity) ?? [];
    list.push(pool[i]!);
    out.set(r.entity, list);
  }
  return out;
}

export function likelihoodFor(
  world: World,
  entity: number,
  pool: readonly PoolSample[],
  options: Pick<SearchOptions, 'likelihood' | 'discount'>,
): ClaimLikelihood {
  return options.likelihood === 'oracle'
    ? oracleLikelihood(world, entity)
    : consistencyLikelihood(pool, options.discount);
}

/**
 * Hints for the next round: per attribute, the generated value with the highest p̂, if p̂ > ρ; each
 * kept with probability hintKeep; in shuffled order (brief §2.4, §2.7).
 */
export function confidentHints(
  pool: readonly PoolSample[],
  likelihood: ClaimLikelihood,
  rho: number,
  hintKeep: number,
  rng: Rng,
): Claim[] {
  const best = new Map<number, { claim: Claim; p: number }>();
  for (const sample of pool) {
    for (const claim of sample.generated) {
      const p = likelihood(claim);
      const current = best.get(claim.attribute);
      if (
        p > rho &&
        (!current || p > current.p || (p === current.p && claim.valueToken < current.claim.valueToken))
      )
        best.set(claim.attribute, { claim, p });
    }
  }
  const ordered = [...best.keys()].sort((a, b) => a - b).map((a) => best.get(a)!.claim);
  const kept = hintKeep >= 1 ? ordered : ordered.filter(() => rng.bernoulli(hintKeep));
  return rng.shuffle(kept);
}

/** ReSearch (iterative) or Search over many entities, batched across entities per round. */
export function searchEntities(
  model: TinyLM,
  world: World,
  entities: readonly number[],
  roundOne: ReadonlyMap<number, PoolSample[]>,
  options: SearchOptions,
  rng: Rng,
): SearchResult[] {
  const pools = new Map<number, PoolSample[]>();
  for (const entity of entities) {
    const first = roundOne.get(entity);
    if (!first || first.length !== options.samplesPerRound)
      throw new Error(`search: entity ${entity} has no round-1 pool of ${options.samplesPerRound} samples`);
    pools.set(entity, first.slice());
  }
  for (let round = 2; round <= options.rounds; round++) {
    const requests: { entity: number; hints: Claim[] }[] = [];
    for (const entity of entities) {
      const pool = pools.get(entity)!;
      const hints = options.iterative
        ? confidentHints(
            pool,
            likelihoodFor(world, entity, pool, options),
            options.rho,
            options.hintKeep,
            rng.split(`hints/e${entity}/r${round}`),
          )
        : [];
      for (let k = 0; k < options.samplesPerRound; k++) requests.push({ entity, hints });
    }
    const rngs = requests.map((r, i) => rng.split(`e${r.entity}/r${round}/s${i % options.samplesPerRound}`));
    const samples = sampleRound(model, world, requests, rngs, round, options);
    for (const [i, r] of requests.entries()) pools.get(r.entity)!.push(samples[i]!);
  }
  return entities.map((entity) => scorePool(world, entity, pools.get(entity)!, options));
}

/** Q of every candidate on the whole pool, then y* and y_worst (brief §2.4). */
export function scorePool(
  world: World,
  entity: number,
  pool: PoolSample[],
  options: Pick<SearchOptions, 'likelihood' | 'discount' | 'rho' | 'allowAbstention'>,
): SearchResult {
  const likelihood = likelihoodFor(world, entity, pool, options);
  const qs = pool.map((sample) =>
    qValue(world.vocab.parse(sample.answer).claims.map(likelihood), options.rho),
  );
  const selection = selectTarget(qs, options.allowAbstention);
  const answerOf = (index: number) => (index < 0 ? [IDK] : trimAnswer(pool[index]!.answer));
  return {
    entity,
    pool,
    qs,
    target: answerOf(selection.chosen),
    targetIsAbstention: selection.chosen < 0,
    targetQ: selection.chosenQ,
    worst: answerOf(selection.worst),
    worstQ: selection.worstQ,
    ranked: selection.ranked.map(answerOf),
    samplesUsed: pool.length,
  };
}

/** The answer up to (not including) <eos>. */
export function trimAnswer(answer: readonly number[]): number[] {
  const end = answer.indexOf(EOS);
  return (end < 0 ? answer : answer.slice(0, end)).slice();
}
