// Evaluation on held-out entities with exact ground truth (brief §6.1) [O, FActScore-compatible]:
// per answer, abstention and true / false claims; per entity (the bootstrap unit) the sums; per tier
// abstain, trueClaims, falseClaims (hallucinations), claimsPerResponse, factscore, microPrecision and
// utility@ρ. "Overall" is the unweighted mean over the seen tiers.
import type { Rng } from 'core-tensor';
import type { TinyLM } from './model.js';
import { decode } from './sample.js';
import { lambdaOf } from './utility.js';
import { BOS, type ParsedAnswer } from './vocab.js';
import type { World } from './world.js';

export interface AnswerScore {
  abstained: boolean;
  trueClaims: number;
  falseClaims: number;
}

/** Sums over one entity's answers: the unit of the bootstrap. */
export interface UnitMetrics {
  entity: number;
  tier: string;
  answers: number;
  abstained: number;
  trueSum: number;
  falseSum: number;
  /** Non-abstaining answers. */
  responding: number;
  /** Claims in non-abstaining answers. */
  respondingClaims: number;
  /** Non-abstaining answers with ≥ 1 claim, and the sum of their true/claims. */
  scored: number;
  factSum: number;
}

export interface TierMetrics {
  abstain: number;
  trueClaims: number;
  falseClaims: number;
  claimsPerResponse: number;
  factscore: number;
  microPrecision: number;
  utility: Record<string, number>;
  answers: number;
  responding: number;
}

export function scoreAnswer(world: World, entity: number, parsed: ParsedAnswer): AnswerScore {
  if (parsed.abstained) return { abstained: true, trueClaims: 0, falseClaims: 0 };
  const trueClaims = parsed.claims.filter((c) => world.isTrue(entity, c)).length;
  return { abstained: false, trueClaims, falseClaims: parsed.claims.length - trueClaims };
}

export function unitOf(entity: number, tier: string, scores: readonly AnswerScore[]): UnitMetrics {
  const unit: UnitMetrics = {
    entity,
    tier,
    answers: 0,
    abstained: 0,
    trueSum: 0,
    falseSum: 0,
    responding: 0,
    respondingClaims: 0,
    scored: 0,
    factSum: 0,
  };
  for (const s of scores) {
    unit.answers += 1;
    if (s.abstained) {
      unit.abstained += 1;
      continue;
    }
    const claims = s.trueClaims + s.falseClaims;
    unit.trueSum += s.trueClaims;
    unit.falseSum += s.falseClaims;
    unit.responding += 1;
    unit.respondingClaims += claims;
    if (claims > 0) {
      unit.scored += 1;
      unit.factSum += s.trueClaims / claims;
    }
  }
  return unit;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

/** Metrics of a set of units (one tier, or any subset). */
export function aggregate(units: readonly UnitMetrics[], rhos: readonly number[]): TierMetrics {
  const sum = (key: keyof Omit<UnitMetrics, 'tier'>) => units.reduce((total, u) => total + u[key], 0);
  const answers = sum('answers');
  const trueClaims = ratio(sum('trueSum'), answers);
  const falseClaims = ratio(sum('falseSum'), answers);
  const utility: Record<string, number> = {};
  // utility@ρ = T − λ(ρ)·F per answer (brief §6.1)
  for (const rho of rhos) utility[String(rho)] = trueClaims - lambdaOf(rho) * falseClaims;
  return {
    abstain: ratio(sum('abstained'), answers),
    trueClaims,
    falseClaims,
    claimsPerResponse: ratio(sum('respondingClaims'), sum('responding')),
    factscore: ratio(sum('factSum'), sum('scored')),
    microPrecision: ratio(sum('trueSum'), sum('trueSum') + sum('falseSum')),
    utility,
    answers,
    responding: sum('responding'),
  };
}

export type MetricName = Exclude<keyof TierMetrics, 'utility'> | `utility@${number}`;

export function metricValue(metrics: TierMetrics, name: MetricName): number {
  if (name.startsWith('utility@')) return metrics.utility[name.slice('utility@'.length)] ?? Number.NaN;
  return metrics[name as Exclude<keyof TierMetrics, 'utility'>];
}

/** Per tier, plus `overall` (mean over the seen tiers) and `all` (every unit pooled). */
export function tierTable(
  units: readonly UnitMetrics[],
  tiers: readonly string[],
  seenTiers: readonly string[],
  rhos: readonly number[],
): Record<string, TierMetrics> {
  const out: Record<string, TierMetrics> = {};
  for (const tier of tiers)
    out[tier] = aggregate(
      units.filter((u) => u.tier === tier),
      rhos,
    );
  out.all = aggregate(units, rhos);
  out.overall = meanOfTiers(seenTiers.map((t) => out[t]!));
  return out;
}

function meanOfTiers(list: readonly TierMetrics[]): TierMetrics {
  const mean = (f: (m: TierMetrics) => number) => list.reduce((s, m) => s + f(m), 0) / list.length;
  const utility: Record<string, number> = {};
  for (const key of Object.keys(list[0]?.utility ?? {})) utility[key] = mean((m) => m.utility[key]!);
  return {
    abstain: mean((m) => m.abstain),
    trueClaims: mean((m) => m.trueClaims),
    falseClaims: mean((m) => m.falseClaims),
    claimsPerResponse: mean((m) => m.claimsPerResponse),
    factscore: mean((m) => m.factscore),
    microPrecision: mean((m) => m.microPrecision),
    utility,
    answers: list.reduce((s, m) => s + m.answers, 0),
    responding: list.reduce((s, m) => s + m.responding, 0),
  };
}

/** One generation, kept for FActScore-compatible records and examples. */
export interface Generation {
  entity: number;
  answer: number[];
  greedy: boolean;
}

export interface ModelEvaluation {
  sampled: UnitMetrics[];
  greedy: UnitMetrics[];
  generations: Generation[];
}

/** `samples` answers at τ plus one greedy answer per entity, from `<bos> name` or `<bio> name`. */
export function evaluateModel(
  model: TinyLM,
  world: World,
  entities: readonly number[],
  options: {
    prompt: 'bos' | 'bio';
    samples: number;
    temperature: number;
    maxNewTokens: number;
    batchSize: number;
  },
  rng: Rng,
): ModelEvaluation {
  const start = options.prompt === 'bio' ? world.vocab.bio : BOS;
  const prompts = entities.flatMap((e) =>
    Array.from({ length: options.samples }, () => [start, ...world.entities[e]!.name]),
  );
  const rngs = prompts.map((_, i) =>
    rng.split(`eval/e${entities[Math.floor(i / options.samples)]}/s${i % options.samples}`),
  );
  const sampled = decode(model, prompts, rngs, options);
  const greedy = decode(
    model,
    entities.map((e) => [start, ...world.entities[e]!.name]),
    undefined,
    { ...options, greedy: true },
  );
  const generations: Generation[] = [];
  const sampledUnits = entities.map((entity, j) => {
    const answers = sampled.slice(j * options.samples, (j + 1) * options.samples);
    for (const answer of answers) generations.push({ entity, answer, greedy: false });
    return unitOf(
      entity,
      world.entities[entity]!.tierName,
      answers.map((a) => scoreAnswer(world, entity, world.vocab.parse(a))),
    );
  });
  const greedyUnits = entities.map((entity, j) => {
    generations.push({ entity, answer: greedy[j]!, greedy: true });
    return unitOf(entity, world.entities[entity]!.tierName, [
      scoreAnswer(world, entity, world.vocab.parse(greedy[j]!)),
    ]);
  });
  return { sampled: sampledUnits, greedy: greedyUnits, generations };
}

/** One answer per entity (filter16, research-test): a unit per entity. */
export function evaluateAnswers(world: World, answers: ReadonlyMap<number, number[]>): UnitMetrics[] {
  return [...answers.entries()].map(([entity, answer]) =>
    unitOf(entity, world.entities[entity]!.tierName, [scoreAnswer(world, entity, world.vocab.parse(answer))]),
  );
}
