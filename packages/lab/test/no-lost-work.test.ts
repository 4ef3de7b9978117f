// No lost work: the demo CLI is killed with SIGKILL after it wrote a checkpoint; rerunning the same
// command continues that run from the checkpoint (pool jobs come from disk, the training loop from
// the saved step) and ends with exactly the summary and metrics of an uninterrupted run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RunRecord, readMetrics } from '../src/index.js';
import { demoCliPath, makeTempDir, startTsx } from './helpers.js';

const StepPointer = (path: string): number | undefined => {
  try {
    return Number(JSON.parse(readFileSync(path, 'utf8')).step);
  } catch {
    return undefined;
  }
};

describe('a killed run continues where it stopped', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir('kill');
  });
  afterAll(() => temp.remove());

  test('SIGKILL after a checkpoint, rerun the same command: resumed, same summary as an uninterrupted run', async () => {
    const common = [
      '--preset',
      'smoke',
      '--seed',
      '7',
      '--backend',
      'wasm',
      '--workers',
      '2',
      '--out',
      temp.dir,
    ];
    const presetDir = join(temp.dir, 'demo', 'smoke');

    // The reference: the same seed, uninterrupted.
    const reference = await startTsx(demoCliPath, [...common, '--run-id', 'reference']).done;
    expect(reference.code, reference.stderr).toBe(0);
    const referenceDir = join(presetDir, 'reference');

    // Slowed down (10 ms a step) so there is time to kill it between two checkpoints.
    const command = [...common, '--set', 'stepDelayMs=10'];
    const killed = startTsx(demoCliPath, command);
    let runDir: string | undefined;
    let killedAtStep: number | undefined;
    for (let waited = 0; waited < 30_000 && killedAtStep === undefined; waited += 20) {
      await sleep(20);
      runDir ??= readdirSync(presetDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && entry.name !== 'reference')
        .map((entry) => join(presetDir, entry.name))[0];
      const step = runDir === undefined ? undefined : StepPointer(join(runDir, 'checkpoint', 'latest.json'));
      if (step !== undefined && step >= 40) {
        killed.child.kill('SIGKILL');
        killedAtStep = step;
      }
    }
    const killedResult = await killed.done;
    expect(killedResult.signal, killedResult.stderr).toBe('SIGKILL');
    expect(runDir).toBeDefined();
    if (runDir === undefined || killedAtStep === undefined) return;
    expect(killedAtStep).toBeLessThan(120);
    expect(existsSync(join(runDir, 'summary.json'))).toBe(false);

    // The same command again: it finds the unfinished run and continues it.
    const rerun = await startTsx(demoCliPath, command).done;
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain(`run folder: ${runDir}`);
    expect(rerun.stdout).toContain('continued from its checkpoint');
    const log = readFileSync(join(runDir, 'run.log'), 'utf8');
    const resumedStep = Number(/resumed from step (\d+)/.exec(log)?.[1]);
    expect(resumedStep).toBeGreaterThan(0);
    expect(resumedStep).toBeGreaterThanOrEqual(killedAtStep);
    expect(log).toContain('pool: 2 of 2 jobs restored from the checkpoint');

    // Bit-exact: the same summary and the same metric lines as the uninterrupted run.
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    expect(summary).toEqual(JSON.parse(readFileSync(join(referenceDir, 'summary.json'), 'utf8')));
    const metrics = readMetrics(join(runDir, 'metrics.jsonl'));
    expect(metrics).toContainEqual({ event: 'resumed', step: resumedStep });
    expect(metrics.filter((m) => m.event === undefined)).toEqual(
      readMetrics(join(referenceDir, 'metrics.jsonl')),
    );
    const record = RunRecord.parse(JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')));
    expect(record.resumes).toHaveLength(1);
  }, 60_000);
});
