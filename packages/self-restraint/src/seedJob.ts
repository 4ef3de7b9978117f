// One seed of the study, run as a ctx.pool job: stage A (world, pretraining with a resumable
// checkpoint, base evaluation, probe, round-1 pools for every entity) and stage B (every search
// variant, its fine-tuning and evaluation, filtering, test-time ReSearch). Each finished stage is
// cached as JSON in the seed's work folder, so a killed run skips what it has done (brief §12).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { disposeModule, Rng } from 'core-tensor';
import { z } from 'zod';
import { factTuneTriples, formatPairs, rTuningPairs } from './baselines.js';
import { type CalibrationPoint, calibrationPoints } from './calibrationPoints.js';
import { type CleanLabelResult, cleanLabelScore, oracleSelectivePairs } from './cleanLabel.js';
import { pretrainSteps, SelfRestraintConfig } from './config.js';
import { evaluateAnswers, evaluateModel, type Generation, type UnitMetrics } from './evaluate.js';
import { filterAtInference } from './filter.js';
import { cloneModel, type DpoTriple, dpo, type SftPair, sft } from './finetune.js';
import { type OutputKnownness, outputKnownness } from './knownness.js';
import { crossValidatedProbe, type ProbeReport } from './knownProbe.js';
import { TinyLM } from './model.js';
import { loadModel, pretrain, saveModel } from './pretrain.js';
import { knowledgeProbe, type ProbeRow } from './probe.js';
import {
  roundOnePools,
  type SearchOptions,
  type SearchResult,
  samplingOptionsOf,
  searchEntities,
  searchOptionsOf,
  trimAnswer,
} from './research.js';
import { exampleAnswers, writeExports } from './seedOutputs.js';
import { selectTarget } from './select.js';
import { selectiveItems } from './selectiveItems.js';
import type { SelectiveItem } from './selectivePrediction.js';
import type { PoolSample } from './selfEval.js';
import { cached } from './stageCache.js';
import { IDK } from './vocab.js';
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

export type { CalibrationPoint } from './calibrationPoints.js';

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
  /** Knownness of the base model: a cross-validated probe and the output-based score (issue 15). */
  knownness: { probe: ProbeReport; output: OutputKnownness };
  /** The clean-label test (src/cleanLabel.ts) on held-out entities. */
  cleanLabel: CleanLabelResult;
  calibration: CalibrationPoint[];
  /**
   * Selective-prediction items (src/selectiveItems.ts) of every variant evaluated under `<bio>`,
   * aligned with `heldout`; base (prompted with `<bos>`, never abstains) has none.
   */
  selective: Record<string, SelectiveItem[]>;
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
  const selective: Record<string, SelectiveItem[]> = {};
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
        // Inside the cached body: a resumed run reads the items back (it does not rebuild the model).
        const items = prompt === 'bio' ? selectiveItems(model, world, heldout, sampling) : undefined;
        return { ...result, probe: probeRows, selective: items };
      }),
    );
    units[name] = evaluation.sampled;
    greedyUnits[name] = evaluation.greedy;
    probe[name] = evaluation.probe;
    generations[name] = evaluation.generations;
    // An evaluation cached before the items existed has none: the variant is left out of the metrics.
    if (evaluation.selective) selective[name] = evaluation.selective;
  };
  await evaluateVariant('base', base, 'bos');
  const topTier = world.tiers[0]!.name;
  const unknownTiers = world.tiers.slice(-2).map((t) => t.name);
  const knownness = await cached(workDir, 'knownness', () => ({
    probe: crossValidatedProbe(base, world, topTier, unknownTiers),
    output: outputKnownness(base, world, heldout, topTier, unknownTiers),
  }));
  const finetuneOptions = { ...config.finetune, nameInLoss: config.pretrain.nameInLoss };
  const cleanLabel = await timed('clean-label', () =>
    cached(workDir, 'clean-label', () => {
      const model = cloneModel(base, makeModel);
      const pairs = oracleSelectivePairs(world, research, unknownTiers, rngRoot.split('oracle-selective'));
      sft(model, world, pairs, finetuneOptions, `${seed}/oracle-selective`);
      const result = cleanLabelScore(model, world, heldout, topTier, unknownTiers);
      disposeModule(model);
      return result;
    }),
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
  const dpoOptions = {
    ...finetuneOptions,
    learningRate: config.dpo.learningRate,
    epochs: config.dpo.epochs,
    beta: config.dpo.beta,
  };
  /** DPO from `reference` (a fine-tuned model, loaded or built on demand), then evaluation. */
  const preferenceTune = async (name: string, reference: () => Promise<TinyLM>, triples: DpoTriple[]) => {
    if (existsSync(join(workDir, `eval-${name}.json`))) return evaluateVariant(name, base, 'bio');
    const model = await reference();
    await timed(`dpo:${name}`, () => dpo(model, world, triples, dpoOptions, `${seed}/${name}`));
    await evaluateVariant(name, model, 'bio');
    disposeModule(model);
  };
  if (config.dpo.enabled) {
    const triples = mainResearch.map((r) => ({
      entity: r.entity,
      chosen: r.target,
      rejected: rejectedFor(r, config.dpo.rejected),
    }));
    await preferenceTune(
      `research-dpo@${rho}`,
      async () => {
        const model = makeModel();
        await loadModel(join(workDir, `model-research-sft@${rho}`), model);
        return model;
      },
      triples,
    );
  }

  // ---- Peer baselines of equal inference cost (src/baselines.ts) ----------------------------------
  await fineTune('rtuning-sft', rTuningPairs(world, research, roundOneMap, rho));
  const formatRng = rngRoot.split('facttune-format');
  const formatTargets = formatPairs(research, roundOneMap, (size) => formatRng.int(size));
  await preferenceTune(
    'facttune-dpo',
    async () => {
      const model = cloneModel(base, makeModel);
      await timed('sft:facttune-format', () =>
        sft(model, world, formatTargets, finetuneOptions, `${seed}/facttune-format`),
      );
      return model;
    },
    factTuneTriples(research, roundOneMap, config.selfEval.discount),
  );

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
  const calibration = calibrationPoints(world, mainResearch, config.selfEval.discount, mentions);
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
    knownness,
    cleanLabel,
    calibration,
    selective,
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
