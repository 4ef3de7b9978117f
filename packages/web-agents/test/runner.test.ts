// The runner (brief §3.6; acceptance criterion 6): a hanging page is cut off by the episode timeout
// and retried; a renderer crash (chrome://crash) and a closed browser both recover; a run killed
// half-way resumes to the same episode keys and outcomes as an uninterrupted run; a missing browser
// is a clear error.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assertChromium, BrowserMissingError, launchBrowser } from '../src/browser/launch.js';
import { createTaskServer, type TaskServer } from '../src/browser/server.js';
import { readEpisodes } from '../src/data/trace.js';
import { defaultEnvOptions } from '../src/env/env.js';
import { noisyPolicy } from '../src/experts/noisy.js';
import { oraclePolicy } from '../src/experts/oracle.js';
import { BrowserHandle, type EpisodeJob, runEpisode, runEpisodes } from '../src/runner/episodes.js';
import { hasBrowser } from './browser-helpers.js';

const job = (task: string, seed: number): EpisodeJob => ({
  key: `r/${task}/${seed}`,
  phase: 'r',
  task,
  seed,
  policy: 'oracle',
  ckpt: null,
  evalMode: null,
});

test('a missing browser is an error naming the path, the variable and the fix', async () => {
  expect(() => assertChromium('/nonexistent/chromium')).toThrow(BrowserMissingError);
  expect(() => assertChromium('/nonexistent/chromium')).toThrow(
    /'\/nonexistent\/chromium'.*apt-get install -y chromium.*WEB_AGENTS_CHROMIUM/s,
  );
  await expect(launchBrowser({ executablePath: '/nonexistent/chromium' })).rejects.toThrow(/apt-get install/);
});

describe.skipIf(!hasBrowser)('runner recovery and resume', () => {
  let server: TaskServer;
  let dir: string;
  beforeAll(async () => {
    server = await createTaskServer();
    dir = mkdtempSync(join(tmpdir(), 'wa-runner-'));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const options = (extra: object = {}) => ({
    env: defaultEnvOptions,
    episodeTimeoutMs: 30_000,
    seed: 0,
    tracePath: join(dir, 'x.jsonl'),
    ...extra,
  });

  test('a hanging page is cut off by the episode timeout, then retried', async () => {
    const handle = new BrowserHandle();
    try {
      const e = await runEpisode(
        handle,
        server,
        job('login-user', 1),
        oraclePolicy,
        options({
          episodeTimeoutMs: 4000,
          beforeStep: async (
            env: { currentPage?: { evaluate(s: string): Promise<unknown> } },
            _job: EpisodeJob,
            step: number,
            attempt: number,
          ) => {
            if (attempt === 0 && step === 1) await env.currentPage!.evaluate('for (;;) {}'); // the renderer hangs
          },
        }),
      );
      expect(e.attempts).toBe(2);
      expect(e.success).toBe(1);
    } finally {
      await handle.close();
    }
  });

  test('a renderer crash mid-episode recovers', async () => {
    const handle = new BrowserHandle();
    try {
      const e = await runEpisode(
        handle,
        server,
        job('enter-password', 2),
        oraclePolicy,
        options({
          beforeStep: async (
            env: { currentPage?: { goto(u: string): Promise<unknown> } },
            _job: EpisodeJob,
            step: number,
            attempt: number,
          ) => {
            if (attempt === 0 && step === 1)
              await env.currentPage!.goto('chrome://crash').catch(() => undefined);
          },
        }),
      );
      expect(e.success).toBe(1);
      expect(e.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      await handle.close();
    }
  });

  test('a closed browser mid-episode is relaunched', async () => {
    const handle = new BrowserHandle();
    try {
      const e = await runEpisode(
        handle,
        server,
        job('login-user', 3),
        oraclePolicy,
        options({
          beforeStep: async (_env: unknown, _job: EpisodeJob, step: number, attempt: number) => {
            if (attempt === 0 && step === 1) await (await handle.get()).close();
          },
        }),
      );
      expect(e.success).toBe(1);
      expect(e.attempts).toBe(2);
    } finally {
      await handle.close();
    }
  });

  test('a run killed half-way resumes to the same keys and outcomes', async () => {
    const jobs = ['click-checkboxes', 'login-user', 'search-engine'].flatMap((task) =>
      [0, 1].map((seed) => job(task, 40 + seed)),
    );
    const policy = noisyPolicy(0.3);
    const handle = new BrowserHandle();
    try {
      const full = join(dir, 'full.jsonl');
      await runEpisodes(handle, server, jobs, () => policy, options({ tracePath: full }));
      const part = join(dir, 'part.jsonl');
      await runEpisodes(handle, server, jobs.slice(0, 3), () => policy, options({ tracePath: part }));
      appendFileSync(part, '{"key":"r/truncated-by-a-kill'); // a kill mid-write leaves a partial line
      const done = new Set(readEpisodes(part).map((e) => e.key));
      expect(done.size).toBe(3);
      await runEpisodes(handle, server, jobs, () => policy, options({ tracePath: part }), done);
      const strip = (path: string) =>
        readEpisodes(path)
          .map((e) => ({
            key: e.key,
            success: e.success,
            raw: e.rawReward,
            actions: e.steps.map((s) => s.action),
          }))
          .sort((a, b) => a.key.localeCompare(b.key));
      expect(strip(part)).toEqual(strip(full));
    } finally {
      await handle.close();
    }
  });
});
