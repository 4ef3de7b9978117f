// Per-task tests in real Chromium (acceptance criteria 2–5): the oracle solves 10 seeds of every task
// in `input` mode (and 1 in `locator` mode; verify-suite runs more); reward rules (wrong target −1, truncation 0, a second
// end() ignored); no reward text and no hidden parameters in observations; the random policy's SR is
// reported per task (mean ≤ 20 %); ≥ 1,000 malformed action strings come back as lastActionError
// with a valid next observation.
import { Rng } from 'core-tensor';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAction } from '../src/actions/parser.js';
import { createTaskServer, type TaskServer } from '../src/browser/server.js';
import { axtreeText } from '../src/env/axtree.js';
import { defaultEnvOptions, WebEnv } from '../src/env/env.js';
import { Obs } from '../src/env/obs.js';
import { randomPolicy } from '../src/experts/noisy.js';
import { oraclePolicy } from '../src/experts/oracle.js';
import { BrowserHandle, type EpisodeJob, runEpisode } from '../src/runner/episodes.js';
import { generateInstance, listSuiteTasks } from '../src/tasks/registry.js';
import { hasBrowser } from './browser-helpers.js';

// The 26-task suite. The nine opt-in breadth tasks are checked by breadth-tasks.test.ts here and
// on 200 seeds by verify-breadth.ts (README): eight more tasks in this file pushed the concurrent
// CI tests of other packages past their timeouts on 2 cores.
const tasks = listSuiteTasks().map((t) => t.id);
const job = (task: string, seed: number, policy = 'oracle'): EpisodeJob => ({
  key: `t/${policy}/${task}/${seed}`,
  phase: 't',
  task,
  seed,
  policy,
  ckpt: null,
  evalMode: null,
});

describe.skipIf(!hasBrowser)('task suite in Chromium', () => {
  let server: TaskServer;
  let handle: BrowserHandle;
  const options = { env: defaultEnvOptions, episodeTimeoutMs: 30_000, seed: 0, tracePath: '/dev/null' };
  beforeAll(async () => {
    server = await createTaskServer();
    handle = new BrowserHandle();
  });
  afterAll(async () => {
    await handle.close();
    await server.close();
  });

  test.each(tasks)('%s: the oracle succeeds on 10 seeds (input) and 1 (locator)', async (task) => {
    for (let seed = 0; seed < 10; seed++) {
      const e = await runEpisode(handle, server, job(task, 500 + seed), oraclePolicy, options);
      expect(
        e.success,
        `${task} seed ${500 + seed}: ${e.error} ${e.steps.map((s) => `${s.action} → ${s.error}`).join('; ')}`,
      ).toBe(1);
      for (const step of e.steps) {
        const text = axtreeText(step.obs.elements);
        expect(text).not.toMatch(/reward|__task|WOB/i);
        expect(step.obs.elements.some((el) => /reward/i.test(`${el.name} ${el.text}`))).toBe(false);
      }
    }
    const locatorHandle = new BrowserHandle();
    try {
      for (let seed = 0; seed < 1; seed++) {
        const e = await runEpisode(locatorHandle, server, job(task, 600 + seed), oraclePolicy, {
          ...options,
          // a generous actionability wait: under CI's load 500 ms expired after a dispatched click
          env: { ...defaultEnvOptions, backend: 'locator', locatorTimeoutMs: 10_000 },
        });
        expect(
          e.success,
          `${task} locator seed ${600 + seed}: ${e.error} ${e.steps.map((s) => `${s.action} → ${s.error}`).join('; ')}`,
        ).toBe(1);
      }
    } finally {
      await locatorHandle.close();
    }
  });

  test('the random well-formed policy: SR per task, mean ≤ 20 %', async () => {
    const sr: Record<string, number> = {};
    for (const task of tasks) {
      let wins = 0;
      for (let seed = 0; seed < 3; seed++)
        wins += (await runEpisode(handle, server, job(task, 700 + seed, 'random'), randomPolicy, options))
          .success;
      sr[task] = wins / 3;
    }
    console.log('random-policy SR per task:', JSON.stringify(sr));
    const mean = Object.values(sr).reduce((a, b) => a + b, 0) / tasks.length;
    expect(mean).toBeLessThanOrEqual(0.2);
  });

  test('reward rules: wrong target −1, truncation 0, a second end() ignored', async () => {
    const browser = await handle.get();
    const env = new WebEnv(browser, server, { ...defaultEnvOptions, horizon: 3 });
    try {
      // click-button: any other button ends with −1
      let obs = await env.reset('click-button', 11);
      const target = String(generateInstance('click-button', 11).params.target);
      const wrong = obs.elements.find((el) => el.role === 'button' && el.name !== target)!;
      let result = await env.step(`click('${wrong.bid}')`);
      expect(result).toMatchObject({ done: true, rawReward: -1, endReason: 'task' });
      // the page ignores a second end(): the first reward stands
      await env.currentPage!.evaluate(() =>
        (window as unknown as { WOB: { end(r: number): void } }).WOB.end(1),
      );
      expect(
        await env.currentPage!.evaluate(
          () => (window as unknown as { WOB: { rawReward: number } }).WOB.rawReward,
        ),
      ).toBe(-1);
      // truncation at H gives 0
      obs = await env.reset('enter-text', 3);
      for (let t = 0; t < 3; t++) result = await env.step('noop(0)');
      expect(result).toMatchObject({ done: true, rawReward: 0, truncated: true, endReason: 'horizon' });
      // click-checkboxes: partial raw reward (correct − wrong)/n; success = raw > 0
      obs = await env.reset('click-checkboxes', 5);
      const submit = obs.elements.find((el) => el.domId === 'submit')!;
      result = await env.step(`click('${submit.bid}')`);
      const params = generateInstance('click-checkboxes', 5).params.targets as string[];
      const n = obs.elements.filter((el) => el.role === 'checkbox').length;
      expect(result.rawReward).toBeCloseTo((n - params.length - params.length) / n, 6);
    } finally {
      await env.close();
    }
  });

  test('1,000 malformed or failing actions: lastActionError and a valid next observation, never a throw', async () => {
    const browser = await handle.get();
    const env = new WebEnv(browser, server, { ...defaultEnvOptions, horizon: 5000 });
    const rng = new Rng('env-fuzz');
    const pieces = [
      "click('",
      "fill('",
      "select_option('",
      "press('",
      ')',
      '(',
      "'",
      '"',
      ',',
      '999',
      '12',
      'x',
      '[',
      ']',
      '=',
      'go_back',
      ' ',
    ];
    try {
      await env.reset('login-user', 1);
      let errors = 0;
      for (let i = 0; i < 1000; i++) {
        let text = Array.from({ length: 1 + rng.int(6) }, () => rng.choice(pieces)).join('');
        if (parseAction(text).ok) text = `click('no-such-bid-${i}')`; // well-formed but failing: unknown bid
        const result = await env.step(text);
        expect(() => Obs.parse(result.obs)).not.toThrow();
        expect(result.done).toBe(false);
        if (result.obs.lastActionError) errors++;
      }
      expect(errors).toBe(1000);
    } finally {
      await env.close();
    }
  });
});
