// One seed of the study, run as a ctx.pool job: stage A (world, pretraining with a resumable
// checkpoint, base evaluation, probe, round-1 pools for every entity) and stage B (every search
// variant, its fine-tuning and evaluation, filtering, test-time ReSearch). Each finished stage is
// cached as JSON in the seed's work folder, so a killed run skips what it has done (brief §12).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { disposeModule, Rng } from 'core-tensor';
import { z } from 'zod';
import { pretrainSteps, SelfRestraintConfig } from './config.js';
import { evaluateAnswers, evaluateModel, type Generation, type UnitMetrics } from './evaluate.js';
import {
  type DpoLine,
  DpoLine as DpoSchema,
  exportJsonl,
  FactScoreLine,
  type RecordLine,
  RecordLine as RecordSchema,
  SftLine,
} from './export.js';
import { filterAtInference } from './filter.js';
import { cloneModel, dpo, type SftPair, sft } from './finetune.js';
import { TinyLM } from './model.js';
import { loadModel, pretrain, saveModel } from './pretrain.js';
import { knowledgeProbe, knownDecodable, type ProbeRow } from './probe.js';
import {
  likelihoodFor,
  roundOnePools,
  type SearchOptions,
  type SearchResult,
  samplingOptionsOf,
  searchEntities,
  searchOptionsOf,
  trimAnswer,
} from './research.js';
import { selectTarget } from './select.js';
import { consistencyLikelihood, type PoolSample } from './selfEval.js';
import { cached } from './stageCache.js';
import { lambdaOf } from './utility.js';
import { IDK, renderAnswer } from './vocab.js';
import { World } from './world.js';

export const SeedJobArgs = z.object({
  seed: z.number().int(),
  config: z.unknown(),
  workDir: z.string(),
  exportDir: z.string(),
  /** Run the seed-0-only variants (oracle, keep0.5). */
  extras: z.boolean(),
});

export interface TargetUnit {
  entity: number;
  tier: string;
  abstained: boolean;
  trueClaims: number;
  falseClaims: number;
  q: number;
}

export interface CalibrationPoint {
  p: number;
  truth: boolean;
  corruptedPair: boolean;
}

export interface SeedResult {
  seed: number;
  pretrainSteps: number;
  pretrainLoss: number;
  /** Mean pretraining loss every 50 steps (only this process's steps when pretraining resumed). */
  lossCurve: { step: number; loss: number }[];
  /** Held-out entity order shared by every unit array. */
  heldout: number[];
  research: number[];
  tiersHeldout: string[];
  tiersResearch: string[];
  units: Record<string, UnitMetrics[]>;
  greedyUnits: Record<string, UnitMetrics[]>;
  targets: Record<string, TargetUnit[]>;
  probe: Record<string, ProbeRow[]>;
  knownDecodableAuroc: number;
  calibration: CalibrationPoint[];
  samplesPerQuery: Record<string, number[]>;
  invariants: {
    targetsPositiveOrAbstain: boolean;
    oraclePrecisionAboveRho: boolean | null;
    budgetExact: boolean;
  };
  timings: Record<string, number>;
  examples: { tier: string; name: string; model: string; text: string }[];
  samplesPerAnswer: Record<string, number>;
}

function targetUnits(world: World, results: readonly SearchResult[]): TargetUnit[] {
  return results.map((r) => {
    const parsed = world.vocab.parse(r.target);
    const t = parsed.claims.filter((c) => world.isTrue(r.entity, c)).length;
    return {
      entity: r.entity,
      tier: world.entities[r.entity]!.tierName,
      abstained: r.targetIsAbstention,
      trueClaims: t,
      falseClaims: parsed.claims.length - t,
      q: r.targetQ,
    };
  });
}

function entityName(world: World, entity: number): string {
  const text = world.entities[entity]!.name.map((t) => world.vocab.tokenText(t)).join('');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The whole pipeline of one seed. */
export async function runSeed(rawArgs: unknown): Promise<SeedResult> {
  const args = SeedJobArgs.parse(rawArgs);
  const config = SelfRestraintConfig.parse(args.config);
  const { seed, workDir } = args;
  await mkdir(workDir, { recursive: true });
  await mkdir(args.exportDir, { recursive: true });
  const timings: Record<string, number> = {};
  const timed = async <T>(label: string, body: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    const value = await body();
    timings[label] = (timings[label] ?? 0) + (performance.now() - start) / 1000;
    return value;
  };

  const world = new World(config.world, seed);
  const makeModel = () => new TinyLM(config.model, world.vocab.size, new Rng(`model-${seed}`));
  const rngRoot = new Rng(`seed-${seed}`);
  const rho = config.research.rho;
  const rhos = [...new Set([rho, ...config.research.rhoSweep])].sort((a, b) => a - b);
  const sampling = samplingOptionsOf(config);
  const steps = pretrainSteps(config);
  const research = world.ids('research');
  const heldout = world.ids('heldout');

  // ---- Stage A: pretraining (resumable), base evaluation, probe, round-1 pools --------------------
  const base = makeModel();
  const baseDir = join(workDir, 'base-model');
  const pretrainInfo = await timed('pretrain', async () =>
    cached(workDir, 'pretrain', async () => {
      const lossCurve: { step: number; loss: number }[] = [];
      const info = await pretrain(base, world, {
        ...config.pretrain,
        steps,
        checkpointDir: join(workDir, 'pretrain-ckpt'),
        onLog: (record) => lossCurve.push(record),
      });
      await saveModel(baseDir, base);
      return { ...info, lossCurve };
    }),
  );
  await loadModel(baseDir, base);

  const units: Record<string, UnitMetrics[]> = {};
  const greedyUnits: Record<string, UnitMetrics[]> = {};
  const probe: Record<string, ProbeRow[]> = {};
  const generations: Record<string, Generation[]> = {};
  const evalOptions = { samples: config.eval.samplesPerEntity, ...sampling };

  const evaluateVariant = async (name: string, model: TinyLM, prompt: 'bos' | 'bio') => {
    const evaluation = await timed(`eval:${name}`, () =>
      cached(workDir, `eval-${name}`, () => {
        const result = evaluateModel(
          model,
          world,
          heldout,
          { prompt, ...evalOptions },
          rngRoot.split(`eval/${name}`),
        );
        const probeRows = knowledgeProbe(
          model,
          world,
          world.entities.map((e) => e.id),
        );
        return { ...result, probe: probeRows };
      }),
    );
    units[name] = evaluation.sampled;
    greedyUnits[name] = evaluation.greedy;
    probe[name] = evaluation.probe;
    generations[name] = evaluation.generations;
  };
  await evaluateVariant('base', base, 'bos');
  const knownDecodableAuroc = await cached(workDir, 'known-decodable', () =>
    knownDecodable(
      base,
      world,
      world.tiers[0]!.name,
      world.tiers.slice(-2).map((t) => t.name),
    ),
  );

  const K = config.research.samplesPerRound;
  const roundOne = await timed('round1', () =>
    cached(workDir, 'round1', () => {
      const pools = roundOnePools(
        base,
        world,
        world.entities.map((e) => e.id),
        K,
        rngRoot.split('round1'),
        sampling,
      );
      return [...pools.entries()];
    }),
  );
  const roundOneMap = new Map<number, PoolSample[]>(roundOne);

  // ---- Stage B: searches --------------------------------------------------------------------------
  const searchOptions = (over: Partial<SearchOptions>) => searchOptionsOf(config, over);
  const searches: Record<string, SearchResult[]> = {};
  const runSearch = async (
    name: string,
    entities: number[],
    options: SearchOptions,
    model: TinyLM = base,
  ) => {
    searches[name] = await timed(`search:${name}`, () =>
      cached(workDir, `search-${name}`, () =>
        searchEntities(model, world, entities, roundOneMap, options, rngRoot.split(`search/${name}`)),
      ),
    );
    return searches[name]!;
  };
  for (const r of rhos) await runSearch(`research@${r}`, research, searchOptions({ rho: r }));
  await runSearch('search', research, searchOptions({ iterative: false }));
  if (args.extras) {
    await runSearch('oracle-research', research, searchOptions({ likelihood: 'oracle' }));
    await runSearch('research-keep0.5', research, searchOptions({ hintKeep: 0.5 }));
  }
  // The no-abstention ablation re-scores ReSearch's own pools without the abstention candidate.
  const mainResearch = searches[`research@${rho}`]!;
  const noAbstention = mainResearch.map((r) => ({ ...r, ...rescoreWithoutAbstention(r) }));
  searches['research-noabst'] = noAbstention;

  const targets: Record<string, TargetUnit[]> = {};
  for (const [name, results] of Object.entries(searches)) targets[name] = targetUnits(world, results);
  const samplesPerQuery: Record<string, number[]> = {};
  for (const [name, results] of Object.entries(searches))
    samplesPerQuery[name] = [...new Set(results.map((r) => r.samplesUsed))];

  // ---- Stage B: fine-tuning and evaluation of each variant ----------------------------------------
  const finetuneOptions = { ...config.finetune };
  const fineTune = async (name: string, pairs: SftPair[]) => {
    const dir = join(workDir, `model-${name}`);
    if (existsSync(join(workDir, `eval-${name}.json`))) {
      await evaluateVariant(name, base, 'bio'); // cached: reads the stored evaluation
      return;
    }
    const model = cloneModel(base, makeModel);
    await timed(`sft:${name}`, () => sft(model, world, pairs, finetuneOptions, `${seed}/${name}`));
    if (name === `research-sft@${rho}` && config.dpo.enabled) await saveModel(dir, model);
    await evaluateVariant(name, model, 'bio');
    disposeModule(model);
  };
  const pairsOf = (results: readonly SearchResult[]): SftPair[] =>
    results.map((r) => ({ entity: r.entity, answer: r.target }));
  for (const r of rhos) await fineTune(`research-sft@${r}`, pairsOf(searches[`research@${r}`]!));
  await fineTune('research-noabst-sft', pairsOf(noAbstention));
  await fineTune('search-sft', pairsOf(searches.search!));
  const gtRng = rngRoot.split('gt-order');
  await fineTune(
    'gt-sft',
    research.map((entity) => ({
      entity,
      answer: world.vocab.claimTokens(
        world.trueClaims(entity, gtRng.shuffle(world.entities[entity]!.truth.map((_, a) => a))),
      ),
    })),
  );
  if (args.extras) {
    await fineTune('oracle-research-sft', pairsOf(searches['oracle-research']!));
    await fineTune('research-keep0.5-sft', pairsOf(searches['research-keep0.5']!));
  }
  if (config.dpo.enabled) {
    const name = `research-dpo@${rho}`;
    if (existsSync(join(workDir, `eval-${name}.json`))) await evaluateVariant(name, base, 'bio');
    else {
      const model = makeModel();
      await loadModel(join(workDir, `model-research-sft@${rho}`), model);
      const triples = mainResearch.map((r) => ({
        entity: r.entity,
        chosen: r.target,
        rejected: rejectedFor(r, config.dpo.rejected),
      }));
      await timed(`dpo:${name}`, () =>
        dpo(
          model,
          world,
          triples,
          {
            ...finetuneOptions,
            learningRate: config.dpo.learningRate,
            epochs: config.dpo.epochs,
            beta: config.dpo.beta,
          },
          `${seed}/${name}`,
        ),
      );
      await evaluateVariant(name, model, 'bio');
      disposeModule(model);
    }
  }

  // ---- Inference-time baselines on held-out entities ---------------------------------------------
  for (const r of rhos) {
    const answers = new Map(
      heldout.map((e) => [
        e,
        filterAtInference(roundOneMap.get(e)!, r, config.selfEval.discount, world.vocab),
      ]),
    );
    units[`filter16@${r}`] = evaluateAnswers(world, answers);
  }
  const testTime = await runSearch('research-test', heldout, searchOptions({}));
  delete searches['research-test'];
  units[`research-test@${rho}`] = evaluateAnswers(world, new Map(testTime.map((r) => [r.entity, r.target])));
  samplesPerQuery['research-test'] = [...new Set(testTime.map((r) => r.samplesUsed))];
  // The base model's last use: free it, since the worker process goes on to the next job.
  disposeModule(base);

  // ---- Diagnostics, invariants, exports ----------------------------------------------------------
  const mentions = world.mentionCounts(steps, config.pretrain.batchSize);
  const calibration = calibrationPoints(world, mainResearch, config.selfEval.discount, mentions.corrupted);
  const oracle = searches['oracle-research'];
  const invariants = {
    targetsPositiveOrAbstain: Object.entries(searches)
      .filter(([name]) => name !== 'research-noabst')
      .every(([, results]) => results.every((r) => r.targetIsAbstention || r.targetQ > 0)),
    oraclePrecisionAboveRho: oracle
      ? targetUnits(world, oracle).every(
          (t) => t.abstained || t.trueClaims / Math.max(1, t.trueClaims + t.falseClaims) > rho,
        )
      : null,
    budgetExact: Object.values(samplesPerQuery).every(
      (counts) => counts.length === 1 && counts[0] === config.research.rounds * K,
    ),
  };
  await writeExports(
    world,
    args.exportDir,
    mainResearch,
    rho,
    config.selfEval.discount,
    generations,
    heldout,
  );
  const examples = exampleAnswers(world, generations, heldout, rho);
  const samplesPerAnswer: Record<string, number> = {
    base: 1,
    [`filter16@${rho}`]: K,
    [`research-test@${rho}`]: config.research.rounds * K,
  };
  return {
    seed,
    pretrainSteps: steps,
    pretrainLoss: pretrainInfo.finalLoss,
    lossCurve: pretrainInfo.lossCurve ?? [],
    heldout,
    research,
    tiersHeldout: heldout.map((e) => world.entities[e]!.tierName),
    tiersResearch: research.map((e) => world.entities[e]!.tierName),
    units,
    greedyUnits,
    targets,
    probe,
    knownDecodableAuroc,
    calibration,
    samplesPerQuery,
    invariants,
    timings,
    examples,
    samplesPerAnswer,
  };
}

function rescoreWithoutAbstention(r: SearchResult): Partial<SearchResult> {
  const selection = selectTarget(r.qs, false);
  return {
    target: trimAnswer(r.pool[selection.chosen]!.answer),
    targetIsAbstention: false,
    targetQ: selection.chosenQ,
  };
}

function rejectedFor(r: SearchResult, mode: 'worst' | 'abstention-or-worst' | 'tempting'): number[] {
  if (mode === 'abstention-or-worst') return r.targetIsAbstention ? r.worst : [IDK];
  if (mode === 'tempting' && r.targetIsAbstention) return r.ranked[0] ?? r.worst;
  return r.worst;
}

/** Distinct generated pairs of each ReSearch pool with p̂ and truth, split by corrupted mentions. */
function calibrationPoints(
  world: World,
  results: readonly SearchResult[],
  discount: number,
  corrupted: number[][],
): CalibrationPoint[] {
  const points: CalibrationPoint[] = [];
  for (const r of results) {
    const likelihood = consistencyLikelihood(r.pool, discount);
    const seen = new Set<string>();
    for (const sample of r.pool) {
      for (const claim of sample.generated) {
        const key = `${claim.attribute}:${claim.valueToken}`;
        if (seen.has(key)) continue;
        seen.add(key);
        points.push({
          p: likelihood(claim),
          truth: world.isTrue(r.entity, claim),
          corruptedPair: (corrupted[r.entity]?.[claim.attribute] ?? 0) > 0,
        });
      }
    }
  }
  return points;
}

function claimText(world: World, entity: number, claim: { attribute: number; valueToken: number }): string {
  return renderAnswer(world.vocab, entityName(world, entity), {
    abstained: false,
    claims: [claim],
    malformed: 0,
    stray: 0,
  });
}

async function writeExports(
  world: World,
  dir: string,
  results: readonly SearchResult[],
  rho: number,
  discount: number,
  generations: Record<string, Generation[]>,
  heldout: readonly number[],
): Promise<void> {
  const query = (e: number) => `Write a short biography of ${entityName(world, e)}.`;
  const text = (e: number, answer: number[]) =>
    renderAnswer(world.vocab, entityName(world, e), world.vocab.parse(answer));
  const sftLines: SftLine[] = results.map((r) => ({
    messages: [
      { role: 'user', content: query(r.entity) },
      { role: 'assistant', content: text(r.entity, r.target) },
    ],
  }));
  const dpoLines: DpoLine[] = results.map((r) => ({
    prompt: query(r.entity),
    chosen: text(r.entity, r.target),
    rejected: text(r.entity, r.worst),
  }));
  const records: RecordLine[] = results.map((r) => {
    const likelihood = likelihoodFor(world, r.entity, r.pool, { likelihood: 'consistency', discount });
    const claims = world.vocab.parse(r.target).claims;
    return {
      query: query(r.entity),
      tier: world.entities[r.entity]!.tierName,
      target: text(r.entity, r.target),
      abstained: r.targetIsAbstention,
      q: r.targetQ,
      rho,
      lambda: lambdaOf(rho),
      candidates: r.pool.map((s, i) => ({ answer: text(r.entity, s.answer), q: r.qs[i]!, round: s.round })),
      claims: claims.map((c) => ({
        text: claimText(world, r.entity, c),
        pSelf: likelihood(c),
        truth: world.isTrue(r.entity, c),
      })),
    };
  });
  await exportJsonl(join(dir, 'research-sft.jsonl'), SftLine, sftLines);
  await exportJsonl(join(dir, 'research-dpo.jsonl'), DpoSchema, dpoLines);
  await exportJsonl(join(dir, 'research-records.jsonl'), RecordSchema, records);
  const factLines: FactScoreLine[] = [];
  const heldoutSet = new Set(heldout);
  for (const model of ['base', `research-sft@${rho}`]) {
    for (const g of generations[model] ?? []) {
      if (g.greedy || !heldoutSet.has(g.entity)) continue;
      const parsed = world.vocab.parse(g.answer);
      factLines.push({
        topic: entityName(world, g.entity),
        output: text(g.entity, g.answer),
        claims: parsed.claims.map((c) => ({
          text: claimText(world, g.entity, c),
          supported: world.isTrue(g.entity, c),
        })),
        abstained: parsed.abstained,
        model,
        tier: world.entities[g.entity]!.tierName,
      });
    }
  }
  await exportJsonl(join(dir, 'generations.jsonl'), FactScoreLine, factLines);
}

function exampleAnswers(
  world: World,
  generations: Record<string, Generation[]>,
  heldout: readonly number[],
  rho: number,
): SeedResult['examples'] {
  const out: SeedResult['examples'] = [];
  for (const tier of world.tiers) {
    const entities = heldout.filter((e) => world.entities[e]!.tierName === tier.name).slice(0, 2);
    for (const entity of entities) {
      for (const model of ['base', `research-sft@${rho}`]) {
        const g = (generations[model] ?? []).find((x) => x.entity === entity && !x.greedy);
        if (!g) continue;
        const parsed = world.vocab.parse(g.answer);
        const marks = parsed.claims.map((c) => (world.isTrue(entity, c) ? '✓' : '✗')).join('');
        out.push({
          tier: tier.name,
          name: entityName(world, entity),
          model,
          text: `${renderAnswer(world.vocab, entityName(world, entity), parsed)} ${marks}`.trim(),
        });
      }
    }
  }
  return out;
}
