// The run folder's lock (lock.json), piece by piece: taken by exclusive create; a stale lock (its
// process dead, on this host) is taken over by exactly one of the processes racing for it, even when
// a takeover guard was left by a dead process; a lock from another host is reported, never taken;
// a process releases only its own lock.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { acquireRunLock, RunLockedError } from '../src/run-lock.js';
import { makeTempDir, startTsx } from './helpers.js';

const lockTakerPath = new URL('./fixtures/lock-taker.ts', import.meta.url).pathname;

/** The pid of a process that has exited (a stand-in for a run killed with kill -9). */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  return pid;
}

function lockJson(lock: { pid: number; host?: string; startedAt?: string; nonce?: string }): string {
  return `${JSON.stringify({ host: hostname(), startedAt: '2025-01-01T00:00:00.000Z', ...lock }, null, 2)}\n`;
}

describe('the run folder lock', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let count = 0;
  const newRunDir = async () => {
    const dir = join(temp.dir, `run-${count++}`);
    await mkdir(dir);
    return dir;
  };
  beforeAll(async () => {
    temp = await makeTempDir('run-lock');
  });
  afterAll(() => temp.remove());

  test('a second taker is refused with the holder named; a release frees the folder', async () => {
    const runDir = await newRunDir();
    const lock = await acquireRunLock(runDir);
    const refused = await acquireRunLock(runDir).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RunLockedError);
    expect(String(refused)).toContain(
      `is being run by process ${process.pid} on ${hostname()} since ${lock.lock.startedAt}`,
    );
    await lock.release();
    expect(readdirSync(runDir)).toEqual([]);
    await (await acquireRunLock(runDir)).release();
  });

  test('takers racing in one process over a stale lock: exactly one wins, every time', async () => {
    for (let round = 0; round < 20; round++) {
      const runDir = await newRunDir();
      writeFileSync(join(runDir, 'lock.json'), lockJson({ pid: deadPid() }));
      const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => acquireRunLock(runDir)));
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const outcome of outcomes)
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(RunLockedError);
      for (const outcome of won) await outcome.value.release();
      expect(readdirSync(runDir)).toEqual([]); // no lock, guard or temp file left
    }
  }, 60_000); // 20 rounds of file-system races: a hang guard, generous for a loaded 2-core CI machine

  test('processes racing over a stale lock: exactly one wins, round after round', async () => {
    const rounds = 30;
    const runDirs: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const runDir = await newRunDir();
      writeFileSync(join(runDir, 'lock.json'), lockJson({ pid: deadPid() }));
      runDirs.push(runDir);
    }
    const goPrefix = join(temp.dir, 'go');
    const takers = [1, 2, 3, 4].map(() => startTsx(lockTakerPath, [goPrefix, ...runDirs]));
    const lines = takers.map(linesOf);
    // Each round starts when every contender is ready for it, so they race for real.
    for (let round = 0; round <= rounds; round++) {
      const marker = round === 0 ? 'ready' : `${round - 1} `;
      await Promise.all(lines.map((taker) => taker.waitFor(marker)));
      if (round < rounds) writeFileSync(`${goPrefix}-${round}`, '');
    }
    const results = await Promise.all(takers.map((taker) => taker.done));
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    for (let round = 0; round < rounds; round++) {
      const outcomes = lines.map((taker) => taker.all().find((line) => line.startsWith(`${round} `)) ?? '');
      expect(
        outcomes.filter((line) => line === `${round} won`),
        `round ${round}`,
      ).toHaveLength(1);
      expect(
        outcomes.filter((line) => line.includes('lost:') && line.includes('is being run by process')),
      ).toHaveLength(3);
    }
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine

  test('a takeover guard left by a dead process does not block the folder', async () => {
    const runDir = await newRunDir();
    const stale = lockJson({ pid: deadPid() });
    writeFileSync(join(runDir, 'lock.json'), stale);
    // The guard a killed taker held while taking over exactly this lock (named for its content).
    const guardName = `lock.json.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
    writeFileSync(join(runDir, guardName), lockJson({ pid: deadPid() }));
    const lock = await acquireRunLock(runDir);
    expect(JSON.parse(readFileSync(join(runDir, 'lock.json'), 'utf8')).pid).toBe(process.pid);
    await lock.release();
    expect(readdirSync(runDir)).toEqual([]);
  }, 60_000); // waits out a dead guard: a hang guard for a loaded machine

  test('a lock left by an earlier process with our pid (pids are reused) is stale', async () => {
    const runDir = await newRunDir();
    writeFileSync(join(runDir, 'lock.json'), lockJson({ pid: process.pid, nonce: 'an-earlier-holding' }));
    await (await acquireRunLock(runDir)).release();
  });

  test('a lock from another host is reported, never taken over', async () => {
    const runDir = await newRunDir();
    const foreign = lockJson({ pid: deadPid(), host: 'another-host' });
    writeFileSync(join(runDir, 'lock.json'), foreign);
    const refused = acquireRunLock(runDir);
    await expect(refused).rejects.toThrow(RunLockedError);
    await expect(refused).rejects.toThrow(
      /is locked by process \d+ on host another-host since 2025-01-01T00:00:00.000Z; .* not taken over: if that run is gone, delete .*lock.json/,
    );
    expect(readFileSync(join(runDir, 'lock.json'), 'utf8')).toBe(foreign);
  });

  test('a process releases only its own lock', async () => {
    const runDir = await newRunDir();
    const lock = await acquireRunLock(runDir);
    // Another holder's lock in its place (as if ours had been taken over): release leaves it.
    const other = lockJson({ pid: process.ppid, nonce: 'someone-else' });
    writeFileSync(join(runDir, 'lock.json'), other);
    await lock.release();
    expect(readFileSync(join(runDir, 'lock.json'), 'utf8')).toBe(other);
  });
});

/** The contender's output lines, and a wait for a line starting with `prefix` (or for its exit, so the test cannot hang on it). */
function linesOf(taker: ReturnType<typeof startTsx>) {
  let text = '';
  let exited = false;
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  taker.child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    wake();
  });
  taker.child.on('exit', () => {
    exited = true;
    wake();
  });
  const all = () => text.split('\n');
  const waitFor = async (prefix: string): Promise<void> => {
    while (!exited && !all().some((line) => line.startsWith(prefix)))
      await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { all, waitFor };
}
