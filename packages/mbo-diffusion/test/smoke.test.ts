// The `smoke` preset end to end (brief §9 A5, A10, A11): every output of §5.6, a verdict for every
// claim, no exact-oracle query before phase 'final', no leaked tensors in the parent; then a second
// run with the same seed is killed mid-way, restarted, skips its finished jobs and ends with the
// same summary (timings aside).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { initBackend } from 'core-tensor';
import { expectNoLeaks } from 'core-tensor/testing';
import { type LogEntry, type RunResult, recheckRun, runExperiment } from 'lab';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { experiment } from '../src/experiment.js';
import type { Summary } from '../src/summary.js';

const quiet = { logSinks: [(_entry: LogEntry) => {}], interactive: false } as const;
const withoutTiming = (summary: Summary) => ({ ...summary, timing: undefined });

describe('smoke preset', () => {
  let root: string;
  let result: RunResult<Summary>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mbo-smoke-'));
    await initBackend('wasm');
    result = await expectNoLeaks(
      () =>
        runExperiment(experiment, {
          preset: 'smoke',
          seed: 7,
          backend: 'wasm',
          outRoot: join(root, 'a'),
          poolSize: 2,
          ...quiet,
        }),
      'smoke run',
    );
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  test('writes every output of §5.6', () => {
    expect(result.status).toBe('complete');
    for (const file of [
      'config.json',
      'metrics.jsonl',
      'summary.json',
      'claims.json',
      'report.md',
      'points.csv',
      'correlations.csv',
      'wins.md',
      'final.csv',
      'final.md',
      'tradeoff.csv',
      'oracle-queries.json',
      'scatter-tfbind8-v0-cfg.svg',
      'scatter-tfbind8-v0-cg.svg',
      'scatter-manifold-bumps-noisy-d32-v0-cfg.svg',
      'correlations-bars.svg',
      'guidance-tradeoff-cfg.svg',
      'generator-gate.md',
      'correlations-within-w.md',
      'units/points.csv',
      'units/trials.csv',
    ]) {
      expect(existsSync(join(result.runDir, file)), file).toBe(true);
    }
    const metrics = readFileSync(join(result.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n');
    // 4 CFG tasks × 2 models + 1 c.g. model, 2 checkpoints, 2 w each
    expect(metrics.filter((line) => line.includes('"kind":"validate"'))).toHaveLength(9 * 2 * 2);
  });

  test('no exact-oracle query before the final phase, and the budget holds', () => {
    const summary = result.summary!;
    expect(summary.tasks).toHaveLength(4);
    for (const task of summary.tasks) {
      expect(task.queriesBeforeFinal).toBe(0);
      expect(task.queries).toBeGreaterThan(0);
      expect(task.queries).toBeLessThanOrEqual(task.maxQueries);
      expect(task.testLabelReads).toBe(1);
    }
  });

  test('every claim of the brief gets a verdict', () => {
    const claims = JSON.parse(readFileSync(join(result.runDir, 'claims.json'), 'utf8')) as {
      id: string;
      verdict: string;
    }[];
    expect(claims.map((c) => c.id)).toEqual([
      'metric-ranking',
      'cfg-weak',
      'cg-stronger',
      'noisy-agreement-sign',
      'noisy-no-gain',
      'beats-dbest',
      'guidance-diversity',
      'best-high-w',
    ]);
    for (const claim of claims)
      expect(['reproduced', 'not reproduced', 'inconclusive']).toContain(claim.verdict);
    const report = readFileSync(join(result.runDir, 'report.md'), 'utf8');
    expect(report).toContain('Wins (ours over');
    expect(report).toContain('random search (D_train');
  });

  test('the final table has every rule and the reference rows', () => {
    const summary = result.summary!;
    const rules = summary.final
      .filter((row) => row.task === 'tfbind8-v0' && row.variant === 'cfg')
      .map((r) => r.rule);
    expect(rules).toEqual(['cdsm', 'fd', 'dc', 'reward', 'agreement', 'oracle-best']);
    const tfbind = summary.tasks.find((t) => t.task === 'tfbind8-v0')!;
    expect(tfbind.dBest).toBeCloseTo(0.43929616, 5);
    // random search draws from D_train only (issue 16): never above D(best), its mean near D_train's
    expect(tfbind.randomSearch.p100.mean).toBeLessThanOrEqual(tfbind.dBest!);
    expect(Math.abs(tfbind.randomSearch.mean.mean! - tfbind.trainMean!)).toBeLessThan(0.05);
    expect(tfbind.designBenchId).toBe('TFBind8-Exact-v0');
    // Design-Bench convention: every rule's row aggregates finalTrials (8) trials
    for (const row of summary.final) expect(row.row.p100.n).toBe(8);
  });

  test('every claim carries the generator gate of the tasks it reads, and recheck agrees', async () => {
    const claims = JSON.parse(readFileSync(join(result.runDir, 'claims.json'), 'utf8')) as {
      id: string;
      verdict: string;
      gates: { name: string; passed: boolean }[];
    }[];
    for (const claim of claims) {
      expect(
        claim.gates.some((g) => g.name.startsWith('generator-')),
        claim.id,
      ).toBe(true);
      if (claim.gates.some((g) => !g.passed)) expect(claim.verdict, claim.id).toBe('inconclusive');
    }
    expect(result.summary!.generator.map((g) => g.task).sort()).toEqual(
      result.summary!.tasks.map((t) => t.task).sort(),
    );
    const recheck = await recheckRun(result.runDir, experiment);
    expect(recheck.changed).toEqual([]);
  }, 120_000);

  test('a killed run resumes, skips finished jobs and gives the same summary', async () => {
    const out = join(root, 'b');
    const script = fileURLToPath(new URL('../src/experiment.ts', import.meta.url));
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const child = spawn(
      process.execPath,
      [
        '--import',
        tsx,
        script,
        '--preset',
        'smoke',
        '--seed',
        '7',
        '--out',
        out,
        '--workers',
        '2',
        '--backend',
        'wasm',
      ],
      { detached: true, stdio: 'ignore', env: { ...process.env, CI: 'true' } },
    );
    const jobsDir = () => {
      const preset = join(out, 'mbo-diffusion', 'smoke');
      if (!existsSync(preset)) return undefined;
      const run = readdirSync(preset).find((name) => name.endsWith('seed7'));
      return run ? join(preset, run, 'checkpoint', 'jobs') : undefined;
    };
    // wait until the four oracle jobs and at least one model job are stored, then kill the whole group
    for (let waited = 0; waited < 900_000; waited += 250) {
      const dir = jobsDir();
      if (dir && existsSync(dir) && readdirSync(dir).filter((f) => f.endsWith('.json')).length >= 5) break;
      await new Promise((done) => setTimeout(done, 250));
    }
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((done) => setTimeout(done, 500));
    const entries: LogEntry[] = [];
    const resumed = await runExperiment(experiment, {
      preset: 'smoke',
      seed: 7,
      backend: 'wasm',
      outRoot: out,
      poolSize: 2,
      logSinks: [(entry) => entries.push(entry)],
      interactive: false,
    });
    expect(resumed.status).toBe('complete');
    expect(entries.some((e) => e.message.includes('restored from the checkpoint'))).toBe(true);
    expect(withoutTiming(resumed.summary!)).toEqual(withoutTiming(result.summary!));
  });
});
