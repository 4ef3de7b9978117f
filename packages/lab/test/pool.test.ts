// The process pool: jobs run in worker processes that initialise the tf backend themselves;
// results come back in input order; a failing job is reported with its args; finished jobs are
// kept in the checkpoint folder and not run again.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { createLogger, PoolJobError, runJobs } from '../src/index.js';
import { createCachedPool } from '../src/job-cache.js';
import { argsPreview, defaultLeakCheck, localJobRunner, type Pool } from '../src/pool.js';
import { createRunContext, type RunContextParts } from '../src/run-context.js';
import { collectLog, makeTempDir } from './helpers.js';

const jobsModule = new URL('./fixtures/pool-jobs.ts', import.meta.url);
const Identity = z.object({ index: z.number(), pid: z.number(), backend: z.string() });
const options = { size: 2, backend: 'wasm' as const };

describe('runJobs', () => {
  test('results come back in input order, from two worker processes on the requested backend', async () => {
    // The first two jobs meet in two workers at once; then earlier jobs sleep longer, so they
    // finish after later ones.
    const meeting = await makeTempDir('rendezvous');
    const dir = meeting.dir;
    const meet = [0, 1].map((index) => ({
      module: jobsModule,
      fn: 'rendezvousIdentity',
      args: { index, dir, parties: 2 },
    }));
    const delays = [300, 100, 0, 0];
    const delayed = delays.map((delayMs, i) => ({
      module: jobsModule,
      fn: 'delayedIdentity',
      args: { index: i + 2, delayMs },
    }));
    const jobs = [...meet, ...delayed];
    const results = await runJobs(jobs, Identity, options);
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(new Set(results.map((r) => r.pid)).size).toBe(2);
    expect(results.every((r) => r.pid !== process.pid && r.backend === 'wasm')).toBe(true);
    await meeting.remove();
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine

  test('tf work in a worker; a module path works as well as a URL', async () => {
    const results = await runJobs(
      [{ module: jobsModule.pathname, fn: 'tensorSum', args: { n: 10 } }],
      z.number(),
      options,
    );
    expect(results).toEqual([45]);
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine

  test('a failing job is reported with its function, args and the worker stack', async () => {
    const jobs = [0, 1, 2, 3].map((index) => ({
      module: jobsModule,
      fn: 'failAt',
      args: { index, failAt: 2 },
    }));
    const error = await runJobs(jobs, z.number(), options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PoolJobError);
    if (!(error instanceof PoolJobError)) return;
    expect(error.index).toBe(2);
    expect(error.job.args).toEqual({ index: 2, failAt: 2 });
    expect(error.message).toContain('pool job 2 failed: failAt({"index":2,"failAt":2})');
    expect(error.message).toContain('job 2 fails on purpose');
    expect(error.workerStack).toContain('pool-jobs.ts');
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine

  test('a missing export, a non-JSON result and a result that fails its schema are errors', async () => {
    const missing = await runJobs(
      [{ module: jobsModule, fn: 'nope', args: null }],
      z.number(),
      options,
    ).catch((e: Error) => e.message);
    expect(missing).toContain(
      "has no exported function 'nope'; it exports: delayedIdentity, failAt, notJson, rendezvousIdentity, tensorSum",
    );
    const notJson = await runJobs(
      [{ module: jobsModule, fn: 'notJson', args: null }],
      z.unknown(),
      options,
    ).catch((e: Error) => e.message);
    expect(notJson).toContain('result.when is a Date, not a plain object');
    const wrong = await runJobs(
      [{ module: jobsModule, fn: 'tensorSum', args: { n: 3 } }],
      z.string(),
      options,
    ).catch((e: Error) => e.message);
    expect(wrong).toContain('result does not match its schema');
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine

  test('no jobs, no workers', async () => {
    expect(await runJobs([], z.number(), options)).toEqual([]);
  });
});

describe('the leak check', () => {
  const leakJobs = new URL('./fixtures/leak-jobs.ts', import.meta.url);
  const leaky = { module: leakJobs, fn: 'leakTensors', args: { count: 3 } };
  const clean = { module: leakJobs, fn: 'cleanTensors', args: { count: 3 } };
  const single = { size: 1, backend: 'wasm' as const };

  test("in 'fail' mode a job that leaks fails with the count; a clean job in the same worker passes", async () => {
    expect(await runJobs([clean, clean], z.number(), { ...single, leakCheck: 'fail' })).toEqual([3, 3]);
    const error = await runJobs([clean, leaky], z.number(), { ...single, leakCheck: 'fail' }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PoolJobError);
    if (!(error instanceof PoolJobError)) return;
    expect(error.index).toBe(1);
    expect(error.message).toMatch(
      /^pool job 1 failed: leakTensors\(\{"count":3\}\) from .*leak-jobs\.ts: leaked 3 tensors: (\d+) before, (\d+) after/,
    );
    const [, before, after] = /(\d+) before, (\d+) after/.exec(error.message)!;
    expect(Number(after) - Number(before)).toBe(3);
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine

  test('a job is named by its arguments cut to 300 characters, so a leak warning stays one readable line', () => {
    expect(argsPreview({ count: 3 })).toBe('{"count":3}');
    const long = argsPreview({ keys: Array.from({ length: 200 }, (_, i) => `episode-${i}`) });
    expect(long).toMatch(/^\{"keys":\["episode-0",.{250,}… \(\d{4} characters\)$/);
    expect(long.length).toBeLessThan(330);
  });

  test("in 'warn' mode the leak is logged with the count and the result kept; 'off' says nothing", async () => {
    const log = collectLog();
    const warned = await runJobs([leaky, clean], z.number(), {
      ...single,
      leakCheck: 'warn',
      log: createLogger([log.sink]),
    });
    expect(warned).toEqual([3, 3]);
    const warnings = log.entries.filter((entry) => entry.level === 'warn').map((entry) => entry.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^pool job 0 leakTensors\(\{"count":3\}\) from .*leak-jobs\.ts leaked 3 tensors: \d+ before, \d+ after; result kept/,
    );
    const quiet = collectLog();
    const off = await runJobs([leaky], z.number(), {
      ...single,
      leakCheck: 'off',
      log: createLogger([quiet.sink]),
    });
    expect(off).toEqual([3]);
    expect(quiet.entries.filter((entry) => entry.level === 'warn')).toEqual([]);
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine

  test("the default is 'fail' under vitest, and 'fail' for a smoke run's pool, 'warn' for others outside tests", () => {
    expect(defaultLeakCheck()).toBe('fail');
    const vitest = process.env.VITEST;
    try {
      delete process.env.VITEST;
      expect(defaultLeakCheck('smoke')).toBe('fail');
      expect(defaultLeakCheck('default')).toBe('warn');
      expect(defaultLeakCheck('paper')).toBe('warn');
    } finally {
      process.env.VITEST = vitest;
    }
  });

  test("ctx.pool passes the preset's leak check on, unless the map call names its own", async () => {
    const seen: unknown[] = [];
    const pool: Pool = {
      size: 1,
      map: async (_jobs, _result, options) => {
        seen.push(options?.leakCheck);
        return [];
      },
    };
    const ctxFor = (preset: string) =>
      createRunContext({ pool, preset } as Pick<RunContextParts, 'pool' | 'preset'> as RunContextParts);
    await ctxFor('smoke').pool.map([], z.number());
    await ctxFor('smoke').pool.map([], z.number(), { leakCheck: 'warn' });
    await ctxFor('default').pool.map([], z.number()); // under vitest: 'fail'
    expect(seen).toEqual(['fail', 'warn', 'fail']);
  });

  test('a leaking job is not stored in the checkpoint, so a rerun runs it again', async () => {
    const temp = await makeTempDir('pool-leak');
    const pool = createCachedPool({
      dir: temp.dir,
      size: 1,
      log: createLogger([]),
      run: localJobRunner({ ...options, size: 1 }),
    });
    const error = await pool.map([clean, leaky], z.number()).catch((caught: unknown) => caught);
    expect(error instanceof PoolJobError && error.message).toContain('leaked 3 tensors');
    expect(readdirSync(temp.dir)).toHaveLength(1);
    expect(await pool.map([leaky], z.number(), { leakCheck: 'warn' })).toEqual([3]);
    await temp.remove();
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine
});

describe('ctx.pool keeps finished jobs', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir('pool');
  });
  afterAll(() => temp.remove());

  test('a second map of the same jobs returns the stored results without running them', async () => {
    const log = collectLog();
    const logger = createLogger([log.sink]);
    const pool = createCachedPool({
      dir: temp.dir,
      size: 2,
      log: logger,
      run: localJobRunner({ ...options, log: logger }),
    });
    const jobs = [0, 1].map((index) => ({
      module: jobsModule,
      fn: 'delayedIdentity',
      args: { index, delayMs: 0 },
    }));
    const first = await pool.map(jobs, Identity);
    expect(readdirSync(temp.dir)).toHaveLength(2);
    const more = [...jobs, { module: jobsModule, fn: 'delayedIdentity', args: { index: 2, delayMs: 0 } }];
    const second = await pool.map(more, Identity);
    // Same pids: the first two came from disk, not from new worker processes.
    expect(second.slice(0, 2)).toEqual(first);
    expect(second[2]!.index).toBe(2);
    expect(log.text()).toContain('pool: 2 of 3 jobs restored from the checkpoint');
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine

  test("a failure is reported by the index in the caller's list", async () => {
    const pool = createCachedPool({
      dir: temp.dir,
      size: 2,
      log: createLogger([]),
      run: localJobRunner(options),
    });
    const jobs = [0, 1, 2].map((index) => ({ module: jobsModule, fn: 'failAt', args: { index, failAt: 2 } }));
    await pool.map(jobs.slice(0, 2), z.number());
    const error = await pool.map(jobs, z.number()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PoolJobError);
    expect(error instanceof PoolJobError && error.index).toBe(2);
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine
});

describe('PoolJobError', () => {
  test('names the job with its arguments cut short, so a dataset argument does not flood the log', () => {
    const big = { rows: Array.from({ length: 1000 }, (_, i) => i) };
    const error = new PoolJobError(3, { module: 'file:///jobs.ts', fn: 'train', args: big }, 'boom');
    expect(error.message).toContain('pool job 3 failed: train({"rows":[0,1,2');
    expect(error.message).toMatch(/… \(\d+ characters\)\) from file:\/\/\/jobs\.ts: boom/);
    expect(error.message.length).toBeLessThan(500);
  });
});
