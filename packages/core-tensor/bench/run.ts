// `pnpm bench` (in packages/core-tensor): training throughput of four reference workloads on every
// tfjs backend that loads here, and what core-tensor's wasm kernel fixes buy over stock wasm.
//
// Each cell is TRAIN steps per second: forward, backward and one Adam update, the loss read back
// every step (Adam.minimize does), so every step has really run. Workloads:
//   matmul       W [1024, 1024] trained on loss = mean((X·W)²), X [1024, 1024]
//   mlp          MLP 256-512-512-10 (relu), batch 256, softmax cross-entropy
//   conv         4 conv layers (32 filters, 4×4, stride 2, same, relu) on [32, 64, 64, 3], dense head
//                to 10 classes, softmax cross-entropy
//   transformer  token embedding (256 symbols) + learned positions, one pre-LN block (d = 128,
//                4 heads, causal), final LayerNorm and head; T = 64, batch 32, next-token loss.
//                Stock wasm cannot train the embedding (no UnsortedSegmentSum), so the same model
//                runs a second time with a one-hot-matmul embedding, which stock wasm can train.
//   ensemble     (bench/ensemble.ts) M ∈ {1, 4, 16, 64} small MLP regressors the size of
//                mbo-diffusion's ε-network trained as one (the model axis) versus one after another,
//                in models·steps/s, and µs per op of two tiny ops; on wasm with the fixes only.
// PyTorch side by side: when a python3 that imports torch is found, bench/torch_reference.py
// trains the same four workloads (one thread, OpenBLAS) in this run, after the tfjs cells, and a
// line `ratio wasm-fixes/torch <workload> <r>` is printed per workload (the transformer with its
// gather embedding; r is steps per CPU-second of each process, so time spent waiting for a core on
// this shared machine does not count; the wall-clock ratio is printed beside it), and a line
// `ceiling wasm-fixes/torch <workload> <c>`: torch's step over the time wasm's matrix products alone
// take (bench/gemm-time.ts), the ratio if every other kernel were free; otherwise a one-line note says why it was skipped. torch is not a dependency
// of the workspace: on Debian, `apt-get install python3-torch libopenblas0-openmp`. TORCH_PYTHON
// names the interpreter to use (default: the first of python3, /usr/bin/python3 that imports torch).
// Backends: stock wasm (unregisterWasmFixes), wasm with the fixes (registerWasmFixes), cpu, and
// node / node-gpu when their binding loads (otherwise reported as unavailable, with the reason).
// Method: a fresh model per cell from the same seed; warm-up steps, then steps until at least
// --seconds (default 2) of wall clock; cpu gets one warm-up step and stops at the first step past
// the time budget, so a slow cell costs a few steps, not minutes. A workload that throws on a
// backend (stock wasm has no Conv2DBackpropFilter, so it cannot train the conv net) is reported
// as 'fails: <reason>'. Nothing here asserts a time; the last column is a ratio measured in this run.
//
// Usage: pnpm bench [--seconds 2] [--backends wasm-stock,wasm-fixes,cpu,node,node-gpu]
//                   [--workloads matmul,mlp,conv,transformer,ensemble]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  Adam,
  ConvEncoder,
  Dense,
  Embedding,
  initBackend,
  LayerNorm,
  Mlp,
  prefixed,
  Rng,
  registerWasmFixes,
  TransformerBlock,
  tf,
  unregisterWasmFixes,
  type Variables,
} from '../src/index.js';
import { runEnsembleBench } from './ensemble.js';
import { productMillisecondsPerStep } from './gemm-time.js';

// ----------------------------------------------------------------------------------------------
// Workloads: each builds its model, data and optimiser, and returns one training step.
// ----------------------------------------------------------------------------------------------

interface Trainer {
  step(): void;
  dispose(): void;
}

/** What `--workloads` selects; 'transformer' covers both embedding variants. */
const WORKLOAD_IDS = ['matmul', 'mlp', 'conv', 'transformer', 'ensemble'] as const;
type WorkloadId = (typeof WORKLOAD_IDS)[number];

function isWorkloadId(name: string): name is WorkloadId {
  return WORKLOAD_IDS.some((id) => id === name);
}

/** The workloads bench/torch_reference.py also trains. */
const TORCH_WORKLOAD_IDS = ['matmul', 'mlp', 'conv', 'transformer'] as const;
type TorchWorkloadId = (typeof TORCH_WORKLOAD_IDS)[number];

interface Workload {
  id: WorkloadId;
  name: string;
  build(rng: Rng): Trainer;
}

/** Float one-hot rows built in JS (tf.oneHot(..., 'float32') is wrong on wasm). */
function oneHotRows(labels: readonly number[], classes: number): tf.Tensor2D {
  const values = new Float32Array(labels.length * classes);
  labels.forEach((label, row) => {
    values[row * classes + label] = 1;
  });
  return tf.tensor2d(values, [labels.length, classes]);
}

function randomLabels(rng: Rng, count: number, classes: number): number[] {
  return Array.from({ length: count }, () => rng.int(classes));
}

/** A trainer over `variables` minimising `loss`; `owned` are the tensors to free afterwards. */
function adamTrainer(loss: () => tf.Scalar, variables: Variables, owned: tf.Tensor[]): Trainer {
  const adam = new Adam({ learningRate: 1e-3 });
  return {
    step: () => {
      adam.minimize(loss, variables);
    },
    dispose: () => {
      adam.dispose();
      tf.dispose([...Object.values(variables), ...owned]);
    },
  };
}

const matmulWorkload: Workload = {
  id: 'matmul',
  name: 'matmul 1024×1024',
  build: (rng) => {
    const x = tf.randomNormal([1024, 1024], 0, 1, 'float32', rng.tfSeed()); // X [N, K]
    const w = tf.variable(tf.randomNormal([1024, 1024], 0, 0.03, 'float32', rng.tfSeed())); // W [K, M]
    return adamTrainer(() => tf.tidy(() => tf.mean(tf.square(tf.matMul(x, w)))), { w }, [x]);
  },
};

const mlpWorkload: Workload = {
  id: 'mlp',
  name: 'MLP 256-512-512-10, batch 256',
  build: (rng) => {
    const mlp = new Mlp([256, 512, 512, 10], rng.split('mlp'));
    const x = tf.randomNormal([256, 256], 0, 1, 'float32', rng.tfSeed()); // [B, 256]
    const labels = oneHotRows(randomLabels(rng, 256, 10), 10); // [B, 10]
    const loss = () =>
      tf.tidy(() => tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, mlp.apply(x)));
    return adamTrainer(loss, mlp.variables(), [x, labels]);
  },
};

const convWorkload: Workload = {
  id: 'conv',
  name: 'conv 4×(32, 4×4, s2) on 64×64×3, batch 32',
  build: (rng) => {
    const encoder = new ConvEncoder(
      3,
      { depths: [32, 32, 32, 32], kernelSize: 4, stride: 2, padding: 'same', activation: 'relu' },
      rng.split('encoder'),
    );
    const [height, width, channels] = encoder.outputShape(64, 64); // [4, 4, 32]
    const head = new Dense(height * width * channels, 10, rng.split('head'));
    const images = tf.randomUniform<tf.Rank.R4>([32, 64, 64, 3], 0, 1, 'float32', rng.tfSeed()); // [B, 64, 64, 3]
    const labels = oneHotRows(randomLabels(rng, 32, 10), 10); // [B, 10]
    const loss = () =>
      tf.tidy(() =>
        tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, head.apply(encoder.apply(images))),
      );
    return adamTrainer(loss, { ...prefixed('encoder', encoder), ...prefixed('head', head) }, [
      images,
      labels,
    ]);
  },
};

/**
 * How the transformer reads its tokens: 'gather' is the Embedding block (its gradient is
 * UnsortedSegmentSum, which stock wasm lacks); 'one-hot' multiplies one-hot rows by the table,
 * slower but trainable on stock wasm, so the fixes' other kernels can be compared there too.
 */
type TokenLookup = 'gather' | 'one-hot';

function transformerWorkload(lookup: TokenLookup): Workload {
  return {
    id: 'transformer',
    name: `transformer d128 h4 T64, batch 32${lookup === 'one-hot' ? ', one-hot embedding' : ''}`,
    build: (rng) => {
      const [batch, time, size, vocabulary] = [32, 64, 128, 256];
      const embedding = new Embedding(vocabulary, size, rng.split('embedding'));
      const positions = tf.variable(tf.randomNormal([time, size], 0, 0.02, 'float32', rng.tfSeed())); // [T, C]
      const block = new TransformerBlock(size, 4, rng.split('block'), { isCausal: true });
      const finalNorm = new LayerNorm(size);
      const head = new Dense(size, vocabulary, rng.split('head'));
      const sequence = Array.from({ length: batch * (time + 1) }, () => rng.int(vocabulary));
      const inputIds = sequence.filter((_, i) => i % (time + 1) !== time); // tokens[:, :T]
      const nextIds = sequence.filter((_, i) => i % (time + 1) !== 0); // tokens[:, 1:]
      const inputs = tf.tensor2d(inputIds, [batch, time], 'int32'); // [B, T]
      const inputsOneHot = oneHotRows(inputIds, vocabulary); // [B·T, V]
      const targets = oneHotRows(nextIds, vocabulary); // [B·T, V]
      const embed = (): tf.Tensor =>
        lookup === 'gather'
          ? embedding.apply(inputs) // [B, T, C]
          : tf.reshape(tf.matMul(inputsOneHot, embedding.table), [batch, time, size]); // [B·T, V]·[V, C]
      const loss = () =>
        tf.tidy(() => {
          const h = tf.add<tf.Tensor3D>(embed(), positions); // [B, T, C]
          const logits = head.apply(finalNorm.apply(block.apply(h))); // [B, T, V]
          const flatLogits = tf.reshape(logits, [batch * time, vocabulary]); // [B·T, V]
          return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(targets, flatLogits);
        });
      const variables = {
        ...prefixed('embedding', embedding),
        positions,
        ...prefixed('block', block),
        ...prefixed('norm', finalNorm),
        ...prefixed('head', head),
      };
      return adamTrainer(loss, variables, [inputs, inputsOneHot, targets]);
    },
  };
}

const WORKLOADS: readonly Workload[] = [
  matmulWorkload,
  mlpWorkload,
  convWorkload,
  transformerWorkload('gather'),
  transformerWorkload('one-hot'),
];

// ----------------------------------------------------------------------------------------------
// Backends and measurement.
// ----------------------------------------------------------------------------------------------

const BACKENDS = ['wasm-stock', 'wasm-fixes', 'cpu', 'node', 'node-gpu'] as const;
type BenchBackend = (typeof BACKENDS)[number];
const HEADINGS: Record<BenchBackend, string> = {
  'wasm-stock': 'wasm (stock)',
  'wasm-fixes': 'wasm (fixes)',
  cpu: 'cpu',
  node: 'node',
  'node-gpu': 'node-gpu',
};

function isBenchBackend(name: string): name is BenchBackend {
  return BACKENDS.some((backend) => backend === name);
}

/** The first line of an error's message, cut to `maxLength` characters for a table cell. */
function firstLine(error: unknown, maxLength = Number.POSITIVE_INFINITY): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0] ?? text;
  return line.length > maxLength ? `${line.slice(0, maxLength - 3)}...` : line;
}

/** Makes `backend` current; throws with the reason when it cannot load. */
async function activate(backend: BenchBackend): Promise<void> {
  switch (backend) {
    case 'wasm-stock':
      unregisterWasmFixes();
      if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
      await tf.ready();
      return;
    case 'wasm-fixes':
      await initBackend('wasm'); // registers the fixes
      registerWasmFixes(); // no-op if initBackend already did; keeps this cell honest if it changes
      return;
    case 'cpu':
    case 'node':
    case 'node-gpu':
      await initBackend(backend);
      return;
  }
}

/** stepsPerCpuSecond: steps per second of this process's CPU time (user + system), for the torch ratio. */
type Cell =
  | { kind: 'rate'; stepsPerSecond: number; stepsPerCpuSecond: number; steps: number }
  | { kind: 'fails'; reason: string };

async function measure(workload: Workload, backend: BenchBackend, seconds: number): Promise<Cell> {
  const isSlow = backend === 'cpu';
  let trainer: Trainer | undefined;
  try {
    trainer = workload.build(new Rng(`bench/${workload.name}`));
    const warmUpSteps = isSlow ? 1 : 3;
    for (let i = 0; i < warmUpSteps; i++) trainer.step();
    // Time whole steps until the budget is spent (at least one step, at least 3 on fast backends).
    const minimumSteps = isSlow ? 1 : 3;
    let steps = 0;
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    let elapsed = 0;
    while (steps < minimumSteps || elapsed < seconds * 1000) {
      trainer.step();
      steps++;
      elapsed = performance.now() - start;
    }
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return {
      kind: 'rate',
      stepsPerSecond: (steps * 1000) / elapsed,
      stepsPerCpuSecond: steps / cpuSeconds,
      steps,
    };
  } catch (error) {
    return { kind: 'fails', reason: firstLine(error, 80) };
  } finally {
    trainer?.dispose();
  }
}

/** Milliseconds per step the workload spends in matrix products (a fresh model, tf.profile). */
async function measureProducts(workload: Workload): Promise<number> {
  const trainer = workload.build(new Rng(`bench/${workload.name}`));
  try {
    return await productMillisecondsPerStep(() => trainer.step());
  } finally {
    trainer.dispose();
  }
}

function formatRate(cell: Cell | undefined): string {
  if (cell === undefined) return 'unavailable';
  if (cell.kind === 'fails') return `fails: ${cell.reason}`;
  const rate = cell.stepsPerSecond;
  return rate >= 10 ? rate.toFixed(1) : rate >= 1 ? rate.toFixed(2) : rate.toPrecision(2);
}

function formatRatio(fixed: Cell | undefined, stock: Cell | undefined): string {
  if (fixed?.kind !== 'rate') return 'n/a';
  if (stock?.kind !== 'rate') return stock === undefined ? 'n/a' : 'stock fails';
  return `${(fixed.stepsPerSecond / stock.stepsPerSecond).toFixed(1)}×`;
}

/** The 1, 5 and 15 minute load averages, for the record (the machine is shared). */
function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

// ----------------------------------------------------------------------------------------------
// PyTorch side by side (bench/torch_reference.py).
// ----------------------------------------------------------------------------------------------

const TorchReport = z.object({
  torch: z.string(),
  threads: z.number(),
  blas: z.array(z.string()),
  workloads: z.record(
    z.string(),
    z.object({ steps_per_second: z.number(), steps_per_cpu_second: z.number(), steps: z.number() }),
  ),
});
type TorchReport = z.infer<typeof TorchReport>;

/**
 * Interpreters tried in order: the first that imports torch runs the reference. /usr/bin/python3
 * is where Debian's python3-torch lives when a pyenv or venv `python3` comes first on PATH.
 * TORCH_PYTHON, when set, is the only one tried.
 */
const PYTHON_CANDIDATES = process.env.TORCH_PYTHON
  ? [process.env.TORCH_PYTHON]
  : ['python3', '/usr/bin/python3'];

/**
 * The environment torch runs in: one OpenMP thread, and without OPENBLAS_CORETYPE and
 * OPENBLAS_L2_SIZE (this machine sets them, and with them OpenBLAS picks slower kernels). Only
 * the child's environment changes.
 */
function torchEnvironment(): NodeJS.ProcessEnv {
  const { OPENBLAS_CORETYPE: _coreType, OPENBLAS_L2_SIZE: _l2Size, ...rest } = process.env;
  return { ...rest, OMP_NUM_THREADS: '1' };
}

/** A python3 that imports torch, or why none was found. */
function findTorchPython(): { python: string } | { skip: string } {
  const reasons: string[] = [];
  for (const python of PYTHON_CANDIDATES) {
    const probe = spawnSync(python, ['-c', 'import torch'], { env: torchEnvironment(), encoding: 'utf8' });
    if (probe.status === 0) return { python };
    reasons.push(
      `${python}: ${probe.error ? probe.error.message : firstLine(probe.stderr.trim().split('\n').at(-1))}`,
    );
  }
  return { skip: reasons.join('; ') };
}

/** Runs bench/torch_reference.py on `ids`; the parsed report, or why it could not run. */
function runTorchReference(
  ids: readonly TorchWorkloadId[],
  seconds: number,
): { report: TorchReport } | { skip: string } {
  const found = findTorchPython();
  if ('skip' in found) return found;
  const script = fileURLToPath(new URL('./torch_reference.py', import.meta.url));
  const run = spawnSync(found.python, [script, '--seconds', String(seconds), '--workloads', ids.join(',')], {
    env: torchEnvironment(),
    encoding: 'utf8',
  });
  if (run.status !== 0) {
    const reason = run.error ? run.error.message : run.stderr.trim().split('\n').at(-1);
    return { skip: `${found.python} bench/torch_reference.py failed: ${reason}` };
  }
  return { report: TorchReport.parse(JSON.parse(run.stdout)) };
}

// ----------------------------------------------------------------------------------------------
// Main: every backend × workload, then one Markdown table.
// ----------------------------------------------------------------------------------------------

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'), // `pnpm bench -- --seconds 1` passes the '--'
  options: {
    seconds: { type: 'string', default: '2' },
    backends: { type: 'string', default: BACKENDS.join(',') },
    workloads: { type: 'string', default: WORKLOAD_IDS.join(',') },
  },
});
const seconds = Number(args.seconds);
if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got ${args.seconds}`);
const requested = args.backends.split(',').map((name) => name.trim());
const unknown = requested.filter((name) => !isBenchBackend(name));
if (unknown.length > 0)
  throw new Error(`unknown backend(s) ${unknown.join(', ')}; valid: ${BACKENDS.join(', ')}`);
const backends = BACKENDS.filter((backend) => requested.includes(backend));
const requestedWorkloads = args.workloads.split(',').map((name) => name.trim());
const unknownWorkloads = requestedWorkloads.filter((name) => !isWorkloadId(name));
if (unknownWorkloads.length > 0)
  throw new Error(`unknown workload(s) ${unknownWorkloads.join(', ')}; valid: ${WORKLOAD_IDS.join(', ')}`);
const workloads = WORKLOADS.filter((workload) => requestedWorkloads.includes(workload.id));
const isEnsembleRequested = requestedWorkloads.includes('ensemble');

const results = new Map<string, Cell>(); // key: `${workload}|${backend}`
const productMs = new Map<string, number>(); // wasm-fixes: ms per step in matrix products, by workload
const unavailable = new Map<BenchBackend, string>();
for (const backend of workloads.length > 0 ? backends : []) {
  try {
    await activate(backend);
  } catch (error) {
    unavailable.set(backend, firstLine(error));
    console.error(`${backend}: unavailable: ${firstLine(error)}`);
    continue;
  }
  for (const workload of workloads) {
    const cell = await measure(workload, backend, seconds);
    results.set(`${workload.name}|${backend}`, cell);
    const detail =
      cell.kind === 'rate' ? `${formatRate(cell)} steps/s over ${cell.steps} steps` : formatRate(cell);
    console.error(`${backend.padEnd(10)} ${workload.name.padEnd(42)} ${detail}`);
    if (backend === 'wasm-fixes' && cell.kind === 'rate') {
      productMs.set(workload.name, await measureProducts(workload));
    }
  }
}

const columns = [...backends.map((backend) => HEADINGS[backend]), 'fixes / stock wasm'];
const lines = [
  `Train steps per second (forward + backward + Adam), ≥ ${seconds} s of wall clock per cell; ` +
    `Node ${process.version}, tfjs ${tf.version_core}.`,
  '',
  `| workload | ${columns.join(' | ')} |`,
  `|---|${columns.map(() => '---:').join('|')}|`,
  ...workloads.map((workload) => {
    const cell = (backend: BenchBackend) => results.get(`${workload.name}|${backend}`);
    const rates = backends.map((backend) => formatRate(cell(backend)));
    return `| ${workload.name} | ${[...rates, formatRatio(cell('wasm-fixes'), cell('wasm-stock'))].join(' | ')} |`;
  }),
];
for (const [backend, reason] of unavailable) lines.push('', `${backend}: unavailable: ${reason}`);
if (workloads.length > 0) console.log(lines.join('\n'));

// PyTorch side by side: the same workloads, one thread each, in this run.
const torchIds = TORCH_WORKLOAD_IDS.filter((id) => requestedWorkloads.includes(id));
if (torchIds.length > 0) {
  const load = loadAverage();
  const torch = runTorchReference(torchIds, seconds);
  if ('skip' in torch) {
    console.log(`\ntorch: skipped (no python3 that imports torch: ${torch.skip})`);
  } else {
    const { report } = torch;
    const openBlas = report.blas.some((path) => path.includes('openblas'));
    console.log(
      `\ntorch ${report.torch}, ${report.threads} thread, BLAS ${report.blas.join(', ') || 'none found'}` +
        `${openBlas ? '' : ' (not OpenBLAS: install libopenblas0-openmp, or torch runs on the slow reference BLAS)'}; load before: ${load}`,
    );
    // The ratio is per CPU-second of each process (issue 13's measure): on a shared machine, wall
    // clock also counts time spent waiting for a core, which differs between the two runs.
    for (const id of torchIds) {
      const torchCell = report.workloads[id];
      const workload = WORKLOADS.find((candidate) => candidate.id === id); // the transformer: gather
      const wasm = workload && results.get(`${workload.name}|wasm-fixes`);
      if (torchCell === undefined || wasm?.kind !== 'rate') {
        console.log(`ratio wasm-fixes/torch ${id} n/a (wasm-fixes ${formatRate(wasm)})`);
        continue;
      }
      const perCpu = wasm.stepsPerCpuSecond / torchCell.steps_per_cpu_second;
      const perWall = wasm.stepsPerSecond / torchCell.steps_per_second;
      console.log(
        `torch ${id.padEnd(11)} ${torchCell.steps_per_second.toFixed(2)} steps/s ` +
          `(${torchCell.steps_per_cpu_second.toFixed(2)} per CPU-second); wasm-fixes ` +
          `${wasm.stepsPerSecond.toFixed(2)} (${wasm.stepsPerCpuSecond.toFixed(2)}); wall-clock ratio ${perWall.toFixed(2)}`,
      );
      console.log(`ratio wasm-fixes/torch ${id} ${perCpu.toFixed(2)}`);
      // The ratio if every wasm kernel but the matrix products took no time (issue 13's floor).
      const products = productMs.get(workload?.name ?? '');
      if (products !== undefined) {
        const torchStepMs = 1000 / torchCell.steps_per_cpu_second;
        console.log(
          `ceiling wasm-fixes/torch ${id} ${(torchStepMs / products).toFixed(2)} ` +
            `(torch's step ${torchStepMs.toFixed(1)} ms over wasm's matrix products alone ${products.toFixed(1)} ms)`,
        );
      }
    }
  }
}

// The ensemble workload: wasm with the fixes, the backend the studies train on here.
if (isEnsembleRequested) {
  if (!backends.includes('wasm-fixes') || unavailable.has('wasm-fixes')) {
    console.log('ensemble: skipped (it runs on wasm-fixes, which is not among the backends measured)');
  } else {
    await activate('wasm-fixes');
    console.log(
      `\nensemble (wasm with fixes; models·steps/s, ≥ ${seconds} s per cell; load ${loadAverage()}):`,
    );
    await runEnsembleBench(seconds, (line) => console.log(line));
  }
}
