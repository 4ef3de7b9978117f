// One lever trial of brief §14 C on the development seed: the `default` preset plus --set overrides,
// run through the parts that decide C1–C2 only (pretraining, base evaluation, the knownness
// measures, ReSearch at ρ on the fine-tuning entities, SFT, held-out evaluation). It prints one row of
// the README's lever log and writes it as JSON. Seed 100 has its own world and splits and is never
// reported (brief §2.6), so nothing here can steer a reported number.
//
// Usage: pnpm --filter self-restraint lever -- --name more-entities --set world.entitiesPerTier=150
// A killed trial resumes: pretraining from its checkpoint, finished stages from the work folder.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { disposeModule, initBackend, Rng } from 'core-tensor';
import { isMainModule, mergeDeep, nestOverrides, parseSetFlags, writeJsonAtomic } from 'lab';
import { pretrainSteps, SelfRestraintConfig } from './config.js';
import { evaluateModel, type TierMetrics, tierTable } from './evaluate.js';
import { experiment } from './experiment.js';
import { cloneModel, sft } from './finetune.js';
import { outputKnownness } from './knownness.js';
import { crossValidatedProbe } from './knownProbe.js';
import { TinyLM } from './model.js';
import { loadModel, pretrain, saveModel } from './pretrain.js';
import { knowledgeProbe } from './probe.js';
import { roundOnePools, samplingOptionsOf, searchEntities, searchOptionsOf } from './research.js';
import { cached } from './stageCache.js';
import { World } from './world.js';

export interface LeverRow {
  name: string;
  overrides: string[];
  seed: number;
  pretrainSteps: number;
  /** Knownness AUROC (top vs bottom + unseen): cross-validated probe on held-out names, and output score. */
  knownness: { probeHeldout: number; output: number };
  /** Greedy probe accuracy per tier of the base model. */
  probe: Record<string, number>;
  base: Record<string, TierMetrics>;
  researchSft: Record<string, TierMetrics>;
  targetsAbstainTop: number;
  targetsAbstainBottomUnseen: number;
  seconds: Record<string, number>;
}

export async function runLever(
  name: string,
  flags: string[],
  seed: number,
  workDir: string,
): Promise<LeverRow> {
  const preset = experiment.presets.default as Record<string, unknown>;
  const overrides = nestOverrides(parseSetFlags(SelfRestraintConfig, flags));
  const config = SelfRestraintConfig.parse({ ...mergeDeep(preset, overrides), seeds: [seed] });
  await mkdir(workDir, { recursive: true });
  const seconds: Record<string, number> = {};
  const timed = async <T>(label: string, body: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    const value = await body();
    seconds[label] = Math.round((performance.now() - start) / 1000);
    return value;
  };

  const world = new World(config.world, seed);
  const makeModel = () => new TinyLM(config.model, world.vocab.size, new Rng(`model-${seed}`));
  const rng = new Rng(`seed-${seed}`);
  const sampling = samplingOptionsOf(config);
  const steps = pretrainSteps(config);
  const tiers = world.tiers.map((t) => t.name);
  const seenTiers = world.tiers.filter((t) => t.docs > 0).map((t) => t.name);
  const [topTier, ...rest] = tiers;
  const unknownTiers = rest.slice(-2);

  const base = makeModel();
  await timed('pretrain', () =>
    cached(workDir, 'pretrain', async () => {
      const info = await pretrain(base, world, {
        ...config.pretrain,
        steps,
        checkpointDir: join(workDir, 'pretrain-ckpt'),
      });
      await saveModel(join(workDir, 'base-model'), base);
      return info;
    }),
  );
  await loadModel(join(workDir, 'base-model'), base);

  const heldout = world.ids('heldout');
  const research = world.ids('research');
  const evaluate = (model: TinyLM, prompt: 'bos' | 'bio', label: string) =>
    tierTable(
      evaluateModel(
        model,
        world,
        heldout,
        { prompt, samples: config.eval.samplesPerEntity, ...sampling },
        rng.split(`eval/${label}`),
      ).sampled,
      tiers,
      seenTiers,
      [config.research.rho],
    );
  const baseTable = await timed('eval-base', () =>
    cached(workDir, 'eval-base', () => evaluate(base, 'bos', 'base')),
  );
  const knownness = await cached(workDir, 'knownness', () => ({
    probeHeldout: crossValidatedProbe(base, world, topTier!, unknownTiers).heldoutAuroc,
    output: outputKnownness(base, world, heldout, topTier!, unknownTiers).auroc,
  }));
  const probeRows = knowledgeProbe(base, world, heldout);
  const probe = Object.fromEntries(probeRows.map((row) => [row.tier, row.accuracy]));

  // ReSearch at the main ρ on the fine-tuning entities (brief §2.4), then SFT on its targets (§2.6).
  const results = await timed('research', () =>
    cached(workDir, 'research', () => {
      const pools = roundOnePools(
        base,
        world,
        research,
        config.research.samplesPerRound,
        rng.split('round1'),
        sampling,
      );
      return searchEntities(
        base,
        world,
        research,
        pools,
        searchOptionsOf(config),
        rng.split('search/research'),
      );
    }),
  );
  const sftTable = await timed('sft+eval', () =>
    cached(workDir, 'eval-research-sft', () => {
      const model = cloneModel(base, makeModel);
      sft(
        model,
        world,
        results.map((r) => ({ entity: r.entity, answer: r.target })),
        { ...config.finetune, nameInLoss: config.pretrain.nameInLoss },
        `${seed}/research-sft`,
      );
      const table = evaluate(model, 'bio', 'research-sft');
      disposeModule(model);
      return table;
    }),
  );
  const tierOf = new Map(world.entities.map((e) => [e.id, e.tierName]));
  const abstainShare = (inTiers: readonly string[]) => {
    const picked = results.filter((r) => inTiers.includes(tierOf.get(r.entity)!));
    return picked.filter((r) => r.targetIsAbstention).length / Math.max(1, picked.length);
  };
  const row: LeverRow = {
    name,
    overrides: flags,
    seed,
    pretrainSteps: steps,
    knownness,
    probe,
    base: baseTable,
    researchSft: sftTable,
    targetsAbstainTop: abstainShare([topTier!]),
    targetsAbstainBottomUnseen: abstainShare(unknownTiers),
    seconds,
  };
  await writeJsonAtomic(join(workDir, 'lever.json'), row);
  return row;
}

/** The README's lever-log columns, C2's and C1's quantities first. */
export function formatLeverRow(row: LeverRow): string {
  const sft = row.researchSft;
  const bottomUnseen = row.base.bottom && row.base.unseen ? ['bottom', 'unseen'] : [];
  const abstainUnknown =
    bottomUnseen.length > 0 ? (sft.bottom!.abstain + sft.unseen!.abstain) / 2 : Number.NaN;
  const f = (x: number, digits = 2) => x.toFixed(digits);
  return [
    `lever ${row.name} (${row.overrides.join(' ') || 'default recipe'}), seed ${row.seed}, ${row.pretrainSteps} pretraining steps`,
    `knownness AUROC probe (held-out names) ${f(row.knownness.probeHeldout)}, output ${f(row.knownness.output)}; probe ${Object.entries(
      row.probe,
    )
      .map(([tier, acc]) => `${tier} ${f(acc)}`)
      .join(', ')}`,
    `targets abstain top ${f(row.targetsAbstainTop)}, bottom+unseen ${f(row.targetsAbstainBottomUnseen)}`,
    `research-sft abstain top ${f(sft.top!.abstain)} / bottom+unseen ${f(abstainUnknown)}; ` +
      `top true ${f(sft.top!.trueClaims)} (base ${f(row.base.top!.trueClaims)}); ` +
      `F overall ${f(sft.overall!.falseClaims)} (base ${f(row.base.overall!.falseClaims)}, ` +
      `Δ ${f(100 * (sft.overall!.falseClaims / row.base.overall!.falseClaims - 1), 0)}%); ` +
      `micro precision all ${f(sft.all!.microPrecision, 3)} (base ${f(row.base.all!.microPrecision, 3)})`,
    `seconds ${JSON.stringify(row.seconds)}`,
  ].join('\n');
}

if (isMainModule(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      name: { type: 'string', default: 'default-recipe' },
      set: { type: 'string', multiple: true, default: [] },
      seed: { type: 'string', default: '100' },
      work: { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
    },
  });
  await initBackend(values.backend as 'wasm');
  const workDir = values.work ?? join('/tmp', 'self-restraint-levers', values.name);
  const row = await runLever(values.name, values.set, Number(values.seed), workDir);
  console.log(formatLeverRow(row));
}
