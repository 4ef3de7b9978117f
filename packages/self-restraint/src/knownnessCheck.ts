// The format check of issue 15, point 1 [O]: pretrain one seed in a given document format, read
// knownness straight from the pretrained model at `<bos> name` (max next-token probability), then run
// the clean-label test (src/cleanLabel.ts) after oracle-selective SFT. A development tool: it prints
// one JSON row per run and writes it to the output folder.
//
// Usage: pnpm exec tsx src/knownnessCheck.ts --seed 1 --lead true --name-loss true --out /tmp/sr-x
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend, Rng } from 'core-tensor';
import { isMainModule, writeJsonAtomic } from 'lab';
import { cleanLabelScore, oracleSelectivePairs } from './cleanLabel.js';
import { pretrainSteps, SelfRestraintConfig } from './config.js';
import { cloneModel, sft } from './finetune.js';
import { outputKnownness } from './knownness.js';
import { crossValidatedProbe } from './knownProbe.js';
import { TinyLM } from './model.js';
import { loadModel, pretrain, saveModel } from './pretrain.js';
import { World } from './world.js';

export async function runKnownnessCheck(options: {
  seed: number;
  lead: boolean;
  nameInLoss: boolean;
  recipes: string[];
  out: string;
}): Promise<Record<string, unknown>> {
  const config = SelfRestraintConfig.parse({
    seeds: [options.seed],
    world: { entitiesPerTier: 60, leadAttribute: options.lead },
    pretrain: { nameInLoss: options.nameInLoss },
  });
  const world = new World(config.world, options.seed);
  const makeModel = () => new TinyLM(config.model, world.vocab.size, new Rng(`model-${options.seed}`));
  const base = makeModel();
  await mkdir(options.out, { recursive: true });
  const t0 = performance.now();
  const modelDir = join(
    options.out,
    `model-seed${options.seed}-lead${options.lead}-name${options.nameInLoss}`,
  );
  // A finished pretraining is kept, so a second look at the same format costs only the fine-tuning.
  const info = existsSync(modelDir)
    ? { finalLoss: Number.NaN }
    : await pretrain(base, world, { ...config.pretrain, steps: pretrainSteps(config) });
  if (existsSync(modelDir)) await loadModel(modelDir, base);
  else await saveModel(modelDir, base);
  const pretrainSeconds = (performance.now() - t0) / 1000;
  const tiers = world.tiers.map((t) => t.name);
  const unknown = tiers.slice(-2);
  const heldout = world.ids('heldout');
  const zeroShot = outputKnownness(base, world, heldout, tiers[0]!, unknown);
  const probe = crossValidatedProbe(base, world, tiers[0]!, unknown);
  const pairs = oracleSelectivePairs(
    world,
    world.ids('research'),
    unknown,
    new Rng(`oracle-${options.seed}`),
  );
  const clean: Record<string, unknown> = {};
  const recipes = {
    // the recipe of the prototype: token-level NLL, 20 epochs (100 steps)
    token20: { loss: 'token', balance: false, epochs: 20, minSteps: 0 },
    // this study's default: sequence-level, class-balanced, ≥ 500 steps
    sequence500: { loss: 'sequence', balance: true, epochs: 20, minSteps: 500 },
  } as const;
  for (const [label, recipe] of Object.entries(recipes)) {
    if (!options.recipes.includes(label)) continue;
    const model = cloneModel(base, makeModel);
    const t1 = performance.now();
    sft(
      model,
      world,
      pairs,
      { ...config.finetune, ...recipe, nameInLoss: options.nameInLoss },
      `${options.seed}/clean`,
    );
    clean[label] = {
      ...cleanLabelScore(model, world, heldout, tiers[0]!, unknown),
      seconds: (performance.now() - t1) / 1000,
    };
  }
  const row = { ...options, pretrainLoss: info.finalLoss, pretrainSeconds, zeroShot, probe, clean };
  await mkdir(options.out, { recursive: true });
  await writeJsonAtomic(
    join(options.out, `seed${options.seed}-lead${options.lead}-name${options.nameInLoss}.json`),
    row,
  );
  return row;
}

if (isMainModule(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      lead: { type: 'string', default: 'true' },
      'name-loss': { type: 'string', default: 'true' },
      recipes: { type: 'string', default: 'token20,sequence500' },
      out: { type: 'string', default: '/tmp/sr-knownness' },
    },
  });
  await initBackend();
  const row = await runKnownnessCheck({
    seed: Number(values.seed),
    lead: values.lead === 'true',
    nameInLoss: values['name-loss'] === 'true',
    recipes: values.recipes!.split(','),
    out: values.out!,
  });
  console.log(JSON.stringify(row));
}
