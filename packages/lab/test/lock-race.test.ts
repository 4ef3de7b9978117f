// Issue 12, point 7: after a kill -9, two reruns of the same command started together must not both
// continue the run folder (before the fix both did: every metrics line twice, one resume of two in
// config.json). The lock decides: exactly one continues, the other stops at once naming the holder.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RunRecord } from '../src/index.js';
import { demoCliPath, makeTempDir, startTsx } from './helpers.js';

function checkpointStep(runDir: string): number | undefined {
  try {
    return Number(JSON.parse(readFileSync(join(runDir, 'checkpoint', 'latest.json'), 'utf8')).step);
  } catch {
    return undefined;
  }
}

describe('two reruns of a killed run at once', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir('lock-race');
  });
  afterAll(() => temp.remove());

  test('exactly one continues, the other exits naming the holder; no metrics line twice, one resume', async () => {
    // 100 ms a step: the continuing rerun takes over 10 s, so the other one meets it still running.
    const command = [
      ...['--preset', 'smoke', '--seed', '3', '--backend', 'wasm', '--workers', '1'],
      ...['--set', 'stepDelayMs=100', '--out', temp.dir],
    ];
    const presetDir = join(temp.dir, 'demo', 'smoke');

    // Start a run and kill -9 it after its first checkpoint: it leaves a stale lock.json behind.
    const killed = startTsx(demoCliPath, command);
    let runDir: string | undefined;
    for (let waited = 0; waited < 60_000; waited += 50) {
      await sleep(50);
      if (runDir === undefined && existsSync(presetDir)) {
        const folders = readdirSync(presetDir, { withFileTypes: true }).filter((entry) =>
          entry.isDirectory(),
        );
        runDir = folders.map((entry) => join(presetDir, entry.name))[0];
      }
      if (runDir !== undefined && (checkpointStep(runDir) ?? 0) >= 20) break;
    }
    killed.child.kill('SIGKILL');
    expect((await killed.done).signal).toBe('SIGKILL');
    expect(runDir).toBeDefined();
    if (runDir === undefined) return;
    expect(readdirSync(runDir)).toContain('lock.json');

    // The same command twice, at once.
    const reruns = [startTsx(demoCliPath, command), startTsx(demoCliPath, command)];
    const results = await Promise.all(reruns.map((rerun) => rerun.done));
    const codes = results.map((result) => result.code);
    expect([...codes].sort(), results.map((r) => r.stderr).join('\n---\n')).toEqual([0, 2]);
    const winner = codes.indexOf(0);
    const won = results[winner]!;
    const lost = results[1 - winner]!;
    expect(won.stdout).toContain(`run folder: ${runDir}`);
    expect(won.stdout).toContain('continued from its checkpoint');
    // The loser names the holder: its pid, its host and since when.
    expect(lost.stderr).toContain('the run folder is in use (nothing was run)');
    expect(lost.stderr).toMatch(
      new RegExp(`is being run by process ${reruns[winner]!.child.pid} on ${hostname()} since \\d{4}-`),
    );
    expect(lost.stderr).not.toContain('    at '); // a message, not a stack trace

    // The run folder as one uninterrupted continuation left it.
    const lines = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n');
    expect(new Set(lines).size).toBe(lines.length);
    const steps = lines
      .map((line) => JSON.parse(line))
      .filter((m) => m.event === undefined)
      .map((m) => m.step);
    expect(steps).toEqual(Array.from({ length: 12 }, (_, i) => i * 10)); // smoke: 120 steps, one line every 10
    const record = RunRecord.parse(JSON.parse(readFileSync(join(runDir, 'config.json'), 'utf8')));
    expect(record.resumes).toHaveLength(1);
    expect(readFileSync(join(runDir, 'run.log'), 'utf8').match(/resumed from step/g)).toHaveLength(1);
    // No lock, no takeover guard and no temp file left behind.
    expect(readdirSync(runDir).filter((name) => name.includes('lock'))).toEqual([]);
    expect(readdirSync(presetDir)).toHaveLength(2); // the run folder and latest.json: no second run
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine
});
