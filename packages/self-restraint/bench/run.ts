// `pnpm bench` (in packages/self-restraint): speed of the default policy (d = 64, 2 layers, 4 heads,
// V = 113, T = 18; 108,480 parameters) on every tfjs backend that loads here:
//   train tokens/s    pretraining steps (batch 64 streamed documents, forward + backward + Adam),
//                     counted as batch × T tokens per step
//   sampled tokens/s  batched temperature sampling of 160 prompts `<bos> name` up to <eos>,
//                     counted as the tokens actually generated
// plus the ratio of each backend to wasm measured in the same run. Nothing asserts a time.
// Usage: pnpm bench [--seconds 3] [--backends wasm,cpu,node]
import { parseArgs } from 'node:util';
import { Adam, initBackend, Rng } from 'core-tensor';
import { SelfRestraintConfig } from '../src/config.js';
import { makeBatch, nllLoss, TinyLM } from '../src/model.js';
import { decode } from '../src/sample.js';
import { BOS } from '../src/vocab.js';
import { World } from '../src/world.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    backends: { type: 'string', default: 'wasm,cpu,node' },
  },
});
const seconds = Number(values.seconds);
const config = SelfRestraintConfig.parse({ world: { entitiesPerTier: 60 } });
const world = new World(config.world, 0);

function measure(body: () => number, budget: number): number {
  body(); // warm-up
  let units = 0;
  const start = performance.now();
  while (performance.now() - start < budget * 1000) units += body();
  return units / ((performance.now() - start) / 1000);
}

const rows: {
  backend: string;
  trainTokensPerSecond: number | string;
  sampledTokensPerSecond: number | string;
}[] = [];
for (const backend of values.backends.split(',')) {
  try {
    await initBackend(backend as 'wasm');
  } catch (error) {
    rows.push({
      backend,
      trainTokensPerSecond: `unavailable: ${(error as Error).message.split('\n')[0]?.slice(0, 80)}`,
      sampledTokensPerSecond: '',
    });
    continue;
  }
  const model = new TinyLM(config.model, world.vocab.size, new Rng(0));
  const adam = new Adam({ learningRate: 2e-3, clipNorm: 1 });
  let step = 0;
  const train = measure(
    () => {
      const docs = world.documentsAt(step++, 64);
      const batch = makeBatch(
        docs.map((d) => d.tokens),
        docs.map(() => 4),
        18,
      );
      adam.minimize(() => nllLoss(model, batch), model.variables());
      return 64 * 18;
    },
    backend === 'cpu' ? Math.min(seconds, 2) : seconds,
  );
  let call = 0;
  const sampled = measure(
    () => {
      const prompts = world.entities.slice(0, 160).map((e) => [BOS, ...e.name]);
      const rngs = prompts.map((_, i) => new Rng(`bench/${call}/${i}`));
      call++;
      return decode(model, prompts, rngs, { temperature: 1, maxNewTokens: 14, batchSize: 160 }).reduce(
        (s, a) => s + a.length,
        0,
      );
    },
    backend === 'cpu' ? Math.min(seconds, 2) : seconds,
  );
  adam.dispose();
  rows.push({
    backend,
    trainTokensPerSecond: Math.round(train),
    sampledTokensPerSecond: Math.round(sampled),
  });
}
const wasm = rows.find((r) => r.backend === 'wasm');
console.log('| backend | train tokens/s | sampled tokens/s | train vs wasm | sampling vs wasm |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) {
  const ratio = (a: number | string, b: number | string | undefined) =>
    typeof a === 'number' && typeof b === 'number' ? (a / b).toFixed(2) : '';
  console.log(
    `| ${r.backend} | ${r.trainTokensPerSecond} | ${r.sampledTokensPerSecond} | ${ratio(r.trainTokensPerSecond, wasm?.trainTokensPerSecond)} | ${ratio(r.sampledTokensPerSecond, wasm?.sampledTokensPerSecond)} |`,
  );
}
