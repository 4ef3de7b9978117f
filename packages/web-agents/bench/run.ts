// Speed figures (brief §12, issue "Benchmark"): environment steps/s per execution mode (input vs
// locator, goto vs setContent reset) against a bare page.evaluate round trip; student training
// samples/s, the share of a step spent in the embedding gradient, and batch-1 inference time.
// Printed as numbers and ratios measured in the same run; never pass/fail.
import { loadavg } from 'node:os';
import { Embedding, initBackend, Rng, tf } from 'core-tensor';
import { launchBrowser } from '../src/browser/launch.js';
import { createTaskServer } from '../src/browser/server.js';
import { emptyHistory, encodeAction, featurise } from '../src/data/featurise.js';
import { defaultEnvOptions, type ResetMode } from '../src/env/env.js';
import { oraclePolicy } from '../src/experts/oracle.js';
import { BrowserHandle, runEpisode } from '../src/runner/episodes.js';
import { encodeThought, makeBatch, type Sample } from '../src/student/batch.js';
import { Student } from '../src/student/student.js';
import { trainStudent } from '../src/student/train.js';
import { generateInstance } from '../src/tasks/registry.js';

const tasks = [
  'click-button',
  'enter-text',
  'login-user',
  'click-checkboxes',
  'search-engine',
  'email-inbox',
];
const episodesPerTask = Number(process.env.BENCH_EPISODES ?? 6);
const out: Record<string, number> = {};

async function envThroughput(
  backend: 'input' | 'locator',
  reset: ResetMode = defaultEnvOptions.reset,
): Promise<{ stepsPerSec: number; samples: Sample[] }> {
  const server = await createTaskServer();
  const handle = new BrowserHandle();
  const samples: Sample[] = [];
  let steps = 0;
  const started = performance.now();
  for (const task of tasks) {
    for (let seed = 0; seed < episodesPerTask; seed++) {
      const job = {
        key: `bench/${task}/${seed}`,
        phase: 'bench',
        task,
        seed,
        policy: 'oracle',
        ckpt: null,
        evalMode: null,
      };
      const e = await runEpisode(handle, server, job, oraclePolicy, {
        env: { ...defaultEnvOptions, backend, reset },
        episodeTimeoutMs: 30_000,
        seed: 0,
        tracePath: '/dev/null',
      });
      steps += e.nSteps;
      for (const s of e.steps) {
        const fo = featurise(s.obs, emptyHistory());
        const enc = s.parsed ? encodeAction(s.parsed, fo) : undefined;
        if (enc?.ok) samples.push({ fo, target: enc.target, thought: encodeThought(s.thought, fo) });
      }
    }
  }
  const stepsPerSec = steps / ((performance.now() - started) / 1000);
  await handle.close();
  await server.close();
  return { stepsPerSec, samples };
}

async function resetCosts(): Promise<void> {
  const server = await createTaskServer();
  const browser = await launchBrowser();
  const page = await (await browser.newContext()).newPage();
  const n = 30;
  let t = performance.now();
  for (let i = 0; i < n; i++) await page.evaluate(() => 1);
  out['bare page.evaluate round trip (ms)'] = (performance.now() - t) / n;
  t = performance.now();
  for (let i = 0; i < n; i++)
    await page.goto(server.startUrl('login-user', i, `b${i}`), { waitUntil: 'domcontentloaded' });
  out['goto reset (ms)'] = (performance.now() - t) / n;
  t = performance.now();
  for (let i = 0; i < n; i++) await page.setContent(generateInstance('login-user', i).pages['index.html']!);
  out['setContent reset (ms)'] = (performance.now() - t) / n;
  await browser.close();
  await server.close();
}

out['machine load average (1 min) at start'] = loadavg()[0]!;
const backend = await initBackend();
out['tf backend is wasm (1 = yes)'] = backend.name === 'wasm' ? 1 : 0;
await resetCosts();
const inputGoto = await envThroughput('input', 'goto');
out['env steps/s, input mode, goto reset (oracle, 1 worker)'] = inputGoto.stepsPerSec;
const input = await envThroughput('input', 'setContent');
out['env steps/s, input mode, setContent reset (default; oracle, 1 worker)'] = input.stepsPerSec;
out['setContent / goto reset, input mode'] = input.stepsPerSec / inputGoto.stepsPerSec;
const locator = await envThroughput('locator');
out['env steps/s, locator mode, setContent reset (oracle, 1 worker)'] = locator.stepsPerSec;
out['input / locator'] = input.stepsPerSec / locator.stepsPerSec;
out['input steps/s ÷ BrowserGym ceiling 1.7'] = input.stepsPerSec / 1.7;

// Student: training samples/s, the embedding gradient alone, batch-1 inference.
const samples = Array.from({ length: 4 }, () => input.samples).flat();
const student = Student.create(new Rng(1));
const stats = await trainStudent(
  student.net,
  samples,
  {
    epochs: 1,
    batchSize: 64,
    learningRate: 1e-3,
    lambda: 0.5,
    thoughtDropout: 0.5,
    clipNorm: 1,
    checkpointEpochs: [],
  },
  new Rng(2),
);
out['student training samples/s (batch 64)'] = stats.samplesPerSecond;
const batch = makeBatch(
  samples.slice(0, 64),
  samples.slice(0, 64).map(() => true),
);
const embedding = new Embedding(4096, 32, new Rng(3));
const ids = tf.tensor3d(batch.elTokens, [batch.size, batch.elements, 8], 'int32');
let t = performance.now();
for (let i = 0; i < 5; i++) {
  const { value, grads } = tf.variableGrads(() => embedding.apply(ids).sum() as tf.Scalar, [embedding.table]);
  value.dispose();
  tf.dispose(grads);
}
const embeddingMs = (performance.now() - t) / 5;
out['embedding forward+scatter gradient per batch of 64 (ms)'] = embeddingMs;
out['embedding share of a training step'] = embeddingMs / (64_000 / stats.samplesPerSecond);
ids.dispose();
const obs = input.samples[0]!;
t = performance.now();
for (let i = 0; i < 50; i++)
  student.decide(
    {
      goal: obs.fo.goal,
      url: '',
      step: 0,
      elements: obs.fo.elements,
      focusedBid: null,
      lastAction: null,
      lastActionError: null,
      pageState: null,
    },
    emptyHistory(),
    'think',
  );
out['batch-1 inference (ms per decision)'] = (performance.now() - t) / 50;

out['machine load average (1 min) at end'] = loadavg()[0]!;
for (const [k, v] of Object.entries(out)) process.stdout.write(`${k.padEnd(72)} ${v.toFixed(2)}\n`);
