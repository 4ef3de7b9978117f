// Resume, in process: a run that failed midway continues from its checkpoint (by --resume, by
// --run-id, or by rerunning the same command), gives the uninterrupted run's summary, and a run
// folder is never continued with another config or by two processes at once.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { InputError, RunFailedError, type RunOptions, readMetrics, runExperiment } from '../src/index.js';
import { demoExperiment } from './fixtures/demo-experiment.js';
import { makeTempDir } from './helpers.js';

const quiet = { backend: 'wasm', logSinks: [], interactive: false } as const;
const noPool = { poolSeeds: [] };

describe('resuming a failed run', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let referenceSummary: unknown;
  beforeAll(async () => {
    temp = await makeTempDir('resume');
    const reference = await runExperiment(demoExperiment, {
      ...quiet,
      preset: 'smoke',
      seed: 5,
      outRoot: temp.dir,
      runId: 'reference',
      overrides: noPool,
    });
    referenceSummary = reference.summary;
  }, 30_000);
  afterAll(() => temp.remove());

  async function failedRun(options: RunOptions): Promise<string> {
    const error = await runExperiment(demoExperiment, options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RunFailedError);
    if (!(error instanceof RunFailedError)) throw error;
    expect(readFileSync(join(error.runDir, 'failure.json'), 'utf8')).toContain(
      'failAtStep: stopping at step 70',
    );
    return error.runDir;
  }

  test('--resume RUN_DIR continues from the last checkpoint and matches the uninterrupted run', async () => {
    // failAtStep is a transient failure: it fires only in the run's first process.
    const runDir = await failedRun({
      ...quiet,
      preset: 'smoke',
      seed: 5,
      outRoot: temp.dir,
      overrides: { ...noPool, failAtStep: 70 },
    });
    const resumed = await runExperiment(demoExperiment, { ...quiet, resume: runDir });
    expect(resumed.isResumed).toBe(true);
    expect(resumed.summary).toEqual(referenceSummary);
    expect(readMetrics(join(runDir, 'metrics.jsonl'))).toContainEqual({ event: 'resumed', step: 60 });
  }, 30_000);

  test('rerunning the same command continues the unfinished run; --fresh starts a new one', async () => {
    const options = {
      ...quiet,
      preset: 'smoke',
      seed: 6,
      outRoot: temp.dir,
      overrides: { ...noPool, failAtStep: 70 },
    };
    const runDir = await failedRun(options);
    // --fresh and another seed do not pick it up...
    const fresh = await runExperiment(demoExperiment, { ...options, fresh: true, overrides: noPool });
    expect(fresh.runDir).not.toBe(runDir);
    expect(fresh.isResumed).toBe(false);
    const otherSeed = await failedRun({ ...options, seed: 7 });
    expect(otherSeed).not.toBe(runDir);
    // ...the same command does.
    const again = await runExperiment(demoExperiment, options);
    expect(again.runDir).toBe(runDir);
    expect(again.isResumed).toBe(true);
    expect(again.summary).toEqual(fresh.summary);
  }, 30_000);

  test('--run-id of a folder holding another config, or of a finished run', async () => {
    const conflict = runExperiment(demoExperiment, {
      ...quiet,
      preset: 'smoke',
      seed: 9,
      outRoot: temp.dir,
      runId: 'reference',
      overrides: noPool,
    });
    await expect(conflict).rejects.toThrow(InputError);
    await expect(conflict).rejects.toThrow("--seed: 9 differs from the run's seed 5");
    const finished = await runExperiment(demoExperiment, {
      ...quiet,
      preset: 'smoke',
      seed: 5,
      outRoot: temp.dir,
      runId: 'reference',
      overrides: noPool,
    });
    expect(finished.status).toBe('already complete');
  });

  test('a folder held by a live process is not continued by another', async () => {
    const runDir = await failedRun({
      ...quiet,
      preset: 'smoke',
      seed: 8,
      outRoot: temp.dir,
      overrides: { ...noPool, failAtStep: 70 },
    });
    // This test process's parent stands in for another live run holding the folder.
    writeFileSync(
      join(runDir, 'lock.json'),
      JSON.stringify({ pid: process.ppid, host: (await import('node:os')).hostname(), startedAt: 'now' }),
    );
    await expect(runExperiment(demoExperiment, { ...quiet, resume: runDir })).rejects.toThrow(
      `is being run by process ${process.ppid}`,
    );
  }, 30_000);
});
