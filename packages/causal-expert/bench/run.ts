// Speed figures (§5 benchmarks), as ratios to a typed-array reference measured in the same run.
// Never pass/fail. Run: pnpm --filter causal-expert bench
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, Rng, tf } from 'core-tensor';
import { correlationTensor, fisherZLevel0, fisherZLevel1, TensorFisherZTest } from '../src/batched-stats.js';
import {
  correlationMatrix,
  DiscreteCiTest,
  FisherZTest,
  fisherZPValue,
  partialCorrelation,
} from '../src/ci-tests.js';
import { dagFromBayesNet } from '../src/graph.js';
import { notearsLinear, preprocess } from '../src/notears.js';
import { dataDir, loadNetwork, oracleProblem } from '../src/oracle.js';
import { pcStable } from '../src/pc-stable.js';
import { fixtureNtests } from '../src/pc-sweep.js';
import { logLikelihoods } from '../src/posterior.js';
import {
  type ContinuousData,
  continuousFromCsv,
  discreteFromCsv,
  randomLinearGaussian,
  sampleLinearGaussian,
} from '../src/sampler.js';

function time(fn: () => void, minMs = 300): number {
  fn(); // warm-up
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs || runs < 3) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

function gaussian(n: number, d: number): ContinuousData {
  const rng = new Rng(`bench/${n}/${d}`);
  const values = Float64Array.from({ length: n * d }, () => rng.normal());
  return { names: Array.from({ length: d }, (_, i) => `x${i}`), n, d, values };
}

const rows: string[] = [];
const report = (label: string, typedMs: number, tensorMs: number) => {
  rows.push(
    `| ${label} | ${typedMs.toFixed(2)} | ${tensorMs.toFixed(2)} | ${(tensorMs / typedMs).toFixed(1)}× |`,
  );
};

const backendName = process.env.TFJS_BACKEND ?? 'wasm';
const backend = await initBackend(backendName as 'wasm');
console.log(`backend: ${backend.name} (${backend.reason.split(';')[0]})\n`);
console.log('| computation | typed ms | tensor ms | tensor / typed |\n| --- | --- | --- | --- |');

for (const [n, d] of [
  [1000, 20],
  [5000, 37],
  [20000, 76],
] as const) {
  const data = gaussian(n, d);
  report(
    `correlation n=${n} d=${d}`,
    time(() => correlationMatrix(data)),
    time(() => correlationTensor(data)),
  );
}
{
  const data = gaussian(5000, 37);
  const corr = correlationMatrix(data);
  const d = 37;
  const typed0 = () => {
    const out = new Float64Array(d * d);
    for (let x = 0; x < d; x++)
      for (let y = 0; y < d; y++) out[x * d + y] = fisherZPValue(corr[x * d + y]!, 5000, 0);
    return out;
  };
  const typed1 = () => {
    const out = new Float64Array(d * d * d);
    for (let x = 0; x < d; x++)
      for (let y = 0; y < d; y++)
        for (let k = 0; k < d; k++)
          if (k !== x && k !== y)
            out[(x * d + y) * d + k] = fisherZPValue(partialCorrelation(corr, d, x, y, [k]), 5000, 1);
    return out;
  };
  report(
    'Fisher-z level 0, d=37',
    time(typed0),
    time(() => fisherZLevel0(corr, d, 5000)),
  );
  report(
    'Fisher-z level 1, d=37 (d³)',
    time(typed1),
    time(() => fisherZLevel1(corr, d, 5000)),
  );
}
{
  const { mec } = oracleProblem('win95pts');
  const report0 = { reported: new Uint8Array(mec.m).fill(1), likelihood: new Float64Array(mec.m).fill(0.9) };
  const typed = () => logLikelihoods(mec.members, mec.m, report0);
  const tensor = () => {
    // log p(O|G) = B·(log L − log(1−L)) + Σ log(1−L) with B the K × m agreement matrix
    const out = tf.tidy(() => {
      const agree = tf.tensor2d(
        Float32Array.from(mec.members, (b, i) => (b === report0.reported[i % mec.m] ? 1 : 0)),
        [mec.size, mec.m],
      );
      const weights = tf.tensor2d(
        Float32Array.from(report0.likelihood, (l) => Math.log(l) - Math.log(1 - l)),
        [mec.m, 1],
      );
      const base = report0.likelihood.reduce((s, l) => s + Math.log(1 - l), 0);
      return tf.matMul(agree, weights).add(base);
    });
    out.dataSync();
    out.dispose();
  };
  report(`win95pts MEC posterior (K=${mec.size}, m=${mec.m})`, time(typed), time(tensor));
}
{
  // The whole Fisher-z PC on the Gaussian child fixture: the number that picks pc.ciBackend's default.
  const data = continuousFromCsv(
    readFileSync(join(dataDir, 'peer-fixtures', 'child_gauss_n5000_seed20232.csv'), 'utf8'),
  );
  report(
    'whole PC-stable Fisher-z, child n=5000 α=0.05',
    time(() => pcStable(new FisherZTest(correlationMatrix(data), data.d, data.n), data.names, 0.05)),
    time(() => pcStable(new TensorFisherZTest(data), data.names, 0.05)),
  );
}
console.log(rows.join('\n'));

// NOTEARS ms per step on each backend that loads.
console.log('\n| NOTEARS (d=20, n=1000, expm h) | ms per Adam step |\n| --- | --- |');
const dag = dagFromBayesNet(loadNetwork('child'));
const rng = new Rng('bench/notears');
const notearsData = preprocess(
  sampleLinearGaussian(randomLinearGaussian(dag, rng.split('w')), 1000, rng.split('rows')),
  false,
);
for (const name of ['wasm', 'cpu'] as const) {
  await initBackend(name);
  const result = notearsLinear(notearsData, { maxSteps: name === 'cpu' ? 30 : 100, innerSteps: 100 });
  console.log(`| ${name} | ${result.msPerStep.toFixed(1)} |`);
}
await initBackend(backendName as 'wasm');

// PC: CI tests performed by our PC against the peers' counts on the same data, and tests per second.
console.log(
  '\n| PC on the fixture data | α | ntests ours / pcalg | CI tests per second |\n| --- | --- | --- | --- |',
);
const fixtures = join(dataDir, 'peer-fixtures');
for (const network of ['asia', 'sachs', 'child']) {
  const data = discreteFromCsv(
    readFileSync(join(fixtures, `${network}_discrete_n5000_seed20231.csv`), 'utf8'),
  );
  for (const alpha of [0.01, 0.05]) {
    const peer = fixtureNtests(
      readFileSync(join(fixtures, `${network}_discrete_pcalg_pc_G2_a${alpha}.txt`), 'utf8').split('\n')[0]!,
      network,
    );
    const start = performance.now();
    const result = pcStable(new DiscreteCiTest(data, 'g2-pcalg'), data.names, alpha);
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `| ${network} G² (pcalg mode), n=5000 | ${alpha} | ${result.skeleton.ntests} / ${peer} | ${(result.skeleton.ntests / seconds).toFixed(0)} |`,
    );
  }
}
{
  const data = continuousFromCsv(readFileSync(join(fixtures, 'child_gauss_n5000_seed20232.csv'), 'utf8'));
  for (const alpha of [0.01, 0.05]) {
    const peer = fixtureNtests(
      readFileSync(join(fixtures, `child_gauss_pcalg_pc_fisherz_a${alpha}.txt`), 'utf8').split('\n')[0]!,
      'child',
    );
    const start = performance.now();
    const result = pcStable(new FisherZTest(correlationMatrix(data), data.d, data.n), data.names, alpha);
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `| child Fisher-z, n=5000 | ${alpha} | ${result.skeleton.ntests} / ${peer} | ${(result.skeleton.ntests / seconds).toFixed(0)} |`,
    );
  }
}
