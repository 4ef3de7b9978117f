// Student recipe development (README "Student recipe log"): trains base + oracle SFT on a run's
// collected traces with a given recipe and reports, on DEVELOPMENT seeds (oracle episodes at seeds
// 300000+, a range no preset uses), the offline exact match broken down per task and per mismatch
// kind (verb / element / text), and optionally the online SR of the final checkpoint on the same dev
// seeds. It never reads the evaluation seeds nor any claim.
//
//   tsx bench/student-recipe.ts <traces-dir> <work-dir> [--epochs 8] [--lr 3e-3] [--batch 32]
//       [--width 64] [--seed 1] [--online] [--dev-seeds 10]
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend, Rng } from 'core-tensor';
import { formatAction } from '../src/actions/format.js';
import { parseAction } from '../src/actions/parser.js';
import { createTaskServer } from '../src/browser/server.js';
import { decodeAction, emptyHistory, encodeAction, featurise, pushHistory } from '../src/data/featurise.js';
import { readPhase } from '../src/data/trace.js';
import { defaultEnvOptions } from '../src/env/env.js';
import { evaluateOffline, summariseOffline } from '../src/eval/offline.js';
import { oraclePolicy } from '../src/experts/oracle.js';
import { checkpointDir, trainJob } from '../src/pipeline/train-job.js';
import { BrowserHandle, runEpisodes } from '../src/runner/episodes.js';
import { encodeThought, makeBatch } from '../src/student/batch.js';
import { decideBatch } from '../src/student/decode.js';
import { Student } from '../src/student/student.js';
import { listTasks } from '../src/tasks/registry.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    epochs: { type: 'string', default: '8' },
    'base-epochs': { type: 'string', default: '4' },
    lr: { type: 'string', default: '3e-3' },
    batch: { type: 'string', default: '32' },
    width: { type: 'string', default: '64' },
    seed: { type: 'string', default: '1' },
    kept: { type: 'string', default: '20' },
    online: { type: 'boolean', default: false },
    'dev-seeds': { type: 'string', default: '10' },
  },
});
const [tracesArg, workArg] = positionals;
if (!tracesArg || !workArg) throw new Error('usage: student-recipe.ts <traces-dir> <work-dir> [options]');
const work = resolve(workArg);
const devDir = join(resolve(tracesArg), '..', 'dev-traces');
mkdirSync(work, { recursive: true });
if (!existsSync(join(work, 'traces'))) symlinkSync(resolve(tracesArg), join(work, 'traces'));
const num = (k: keyof typeof values) => Number(values[k]);
const train = listTasks()
  .filter((t) => !t.meta.heldOut)
  .map((t) => t.id);
const DEV = 300_000;
const devSeeds = Array.from({ length: num('dev-seeds') }, (_, i) => DEV + i);
await initBackend();

// 1. dev oracle traces (once)
const server = await createTaskServer();
const handle = new BrowserHandle();
const job = (phase: string, policy: string, task: string, seed: number) => ({
  key: `${phase}/${policy}/${task}/${seed}`,
  phase,
  task,
  seed,
  policy,
  ckpt: null,
  evalMode: null,
});
if (readPhase(devDir, 'dev-oracle').length < train.length * devSeeds.length) {
  const done = new Set(readPhase(devDir, 'dev-oracle').map((e) => e.key));
  await runEpisodes(
    handle,
    server,
    train.flatMap((t) => devSeeds.map((s) => job('dev-oracle', 'oracle', t, s))),
    () => oraclePolicy,
    {
      env: defaultEnvOptions,
      episodeTimeoutMs: 30_000,
      seed: 0,
      tracePath: join(devDir, 'dev-oracle.jsonl'),
    },
    done,
  );
}
const dev = readPhase(devDir, 'dev-oracle').filter((e) => devSeeds.includes(e.seed));

// 2. base + oracle SFT with the recipe
const common = {
  runDir: work,
  budgetSteps: null,
  batchSize: num('batch'),
  learningRate: num('lr'),
  lambda: 0.5,
  thoughtDropout: 0.5,
  clipNorm: 1,
  width: num('width'),
  horizon: 15,
  seed: num('seed'),
};
const t0 = performance.now();
await trainJob({
  ...common,
  name: 'base',
  sources: [{ phase: 'collect-base', label: 'executed', successOnly: true, keptPerTask: 8, tasks: train }],
  fromBase: false,
  epochs: num('base-epochs'),
  checkpoints: [],
});
const sft = await trainJob({
  ...common,
  name: 'oracle',
  sources: [
    { phase: 'collect-oracle', label: 'executed', successOnly: true, keptPerTask: num('kept'), tasks: train },
  ],
  fromBase: true,
  epochs: num('epochs'),
  checkpoints: [],
});
const trainSeconds = (performance.now() - t0) / 1000;

// 3. offline on dev traces, with the breakdown
const student = await Student.load(checkpointDir(work, 'oracle', 'final'), new Rng('load'), {
  width: num('width'),
});
const counts = evaluateOffline(student, dev, 'think');
const off = summariseOffline(counts);
const kinds: Record<string, Record<string, number>> = {};
for (const episode of dev) {
  let history = emptyHistory();
  for (const step of episode.steps) {
    const fo = featurise(step.obs, history, 15);
    const parsed = parseAction(step.action);
    const enc = parsed.ok ? encodeAction(parsed.action, fo) : undefined;
    const [d] = decideBatch(
      student.net,
      makeBatch(
        [
          {
            fo,
            target: enc?.ok
              ? enc.target
              : { verb: 7, element: -1, textSource: -1, spanStart: -1, spanEnd: -1, textElement: -1 },
            thought: encodeThought(step.thought, fo),
          },
        ],
        [false],
      ),
      [fo],
      'think',
    );
    const predicted = formatAction(decodeAction(d!.target, fo));
    const gold = parsed.ok ? formatAction(parsed.action) : step.action;
    kinds[episode.task] ??= {};
    const k = kinds[episode.task]!;
    if (predicted !== gold && enc?.ok) {
      const t = enc.target;
      const p = d!.target;
      const what =
        p.verb !== t.verb
          ? `verb(${t.verb}->${p.verb})`
          : p.element !== t.element
            ? `element(${fo.elements[t.element]?.role}->${fo.elements[p.element]?.role})`
            : p.textSource !== t.textSource
              ? 'text-source'
              : t.textSource === 0
                ? 'goal-span'
                : 'text-element';
      k[what] = (k[what] ?? 0) + 1;
    } else if (predicted !== gold) k.unencodable = (k.unencodable ?? 0) + 1;
    history = pushHistory(history, step.obs, step.parsed, step.error !== null);
  }
}
const lines: string[] = [];
lines.push(
  `recipe epochs=${values.epochs} lr=${values.lr} batch=${values.batch} width=${values.width} seed=${values.seed} kept=${values.kept}: ${sft.samples} samples, train ${trainSeconds.toFixed(0)} s (${sft.samplesPerSecond.toFixed(0)} samples/s)`,
);
lines.push(
  `dev offline: Acc ${(100 * off.acc).toFixed(1)} %, valid ${(100 * off.validAcc).toFixed(1)} %, TF ${(100 * off.accTF).toFixed(1)} %, thought ${(100 * off.thoughtAccFree).toFixed(1)} % over ${off.steps} steps`,
);
for (const [task, c] of Object.entries(counts))
  lines.push(
    `  ${task.padEnd(22)} ${String(c.exact).padStart(3)}/${String(c.steps).padEnd(3)} ${JSON.stringify(kinds[task] ?? {})}`,
  );

// 4. online SR on dev seeds
if (values.online) {
  const policy = student.policy('dev', 'think', 15);
  const eps = await runEpisodes(
    handle,
    server,
    train.flatMap((t) => devSeeds.map((s) => job('dev-online', 'student', t, s))),
    () => policy,
    { env: defaultEnvOptions, episodeTimeoutMs: 30_000, seed: 0, tracePath: join(work, 'dev-online.jsonl') },
  );
  const sr = eps.reduce((a, e) => a + e.success, 0) / eps.length;
  lines.push(`dev online SR ${(100 * sr).toFixed(1)} % over ${eps.length} episodes`);
  const per: Record<string, number> = {};
  for (const e of eps) per[e.task] = (per[e.task] ?? 0) + e.success;
  lines.push(`  ${JSON.stringify(per)}`);
}
student.dispose();
await handle.close();
await server.close();
process.stdout.write(`${lines.join('\n')}\n`);
