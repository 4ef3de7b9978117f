// The optional LLM expert against lab's fake loopback server (acceptance criterion 8): a valid
// answer is parsed into an action, a malformed answer becomes lastActionError in the env, 429 is
// retried, a bad payload is rejected by zod, token usage is counted, and a second run is served from
// the cache with 0 requests. No network beyond 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from 'core-tensor';
import { completionReply, errorReply, startFakeLlmServer } from 'lab/testing';
import { afterAll, describe, expect, test } from 'vitest';
import { createTaskServer } from '../src/browser/server.js';
import { defaultEnvOptions } from '../src/env/env.js';
import type { Obs } from '../src/env/obs.js';
import { createLlmExpert, extractAction } from '../src/experts/llm.js';
import { BrowserHandle, runEpisode } from '../src/runner/episodes.js';
import { hasBrowser } from './browser-helpers.js';

const obs: Obs = {
  goal: 'Click on the "Ok" button.',
  url: 'http://x/t/click-button/0/index.html',
  step: 0,
  elements: [],
  focusedBid: null,
  lastAction: null,
  lastActionError: null,
  pageState: null,
};
const env = { WEB_AGENTS_LLM_API_KEY: 'sk-fake-test-key' };
const dirs: string[] = [];
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wa-llm-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const ctx = () => ({ rng: new Rng(1), taskId: 'click-button', advice: undefined, episode: {} });

describe('LLM expert', () => {
  test('extracts <action> and <think>; without tags the raw text goes to the parser', () => {
    expect(extractAction("<think>the button is 5</think><action> click('5') </action>")).toEqual({
      action: "click('5')",
      thought: 'the button is 5',
    });
    expect(extractAction('I would click it').action).toBe('I would click it');
  });

  test('retries 429, counts tokens, then replays from the cache with 0 requests', async () => {
    const server = await startFakeLlmServer((_body, call) =>
      call === 0
        ? errorReply(429, 'slow down')
        : completionReply(["<think>ok</think><action>click('3')</action>"], {
            usage: { promptTokens: 50, completionTokens: 7 },
          }),
    );
    try {
      const cacheDir = tmp();
      const first = createLlmExpert({
        baseUrl: server.baseUrl,
        model: 'fake',
        cacheDir,
        env,
        sleep: async () => {},
      });
      expect((await first.policy.act(obs, ctx())).action).toBe("click('3')");
      expect(first.client.stats()).toMatchObject({
        requests: 1,
        retries: 1,
        promptTokens: 50,
        completionTokens: 7,
      });
      expect(server.requests[1]!.authorization).toBe('Bearer sk-fake-test-key');
      const before = server.requests.length;
      const second = createLlmExpert({
        baseUrl: server.baseUrl,
        model: 'fake',
        cacheDir,
        env,
        sleep: async () => {},
      });
      expect((await second.policy.act(obs, ctx())).action).toBe("click('3')");
      expect(server.requests.length).toBe(before);
      expect(second.client.stats().cacheHits).toBe(1);
    } finally {
      await server.close();
    }
  });

  test('a payload that is not a chat completion is rejected by zod with a clear error', async () => {
    const server = await startFakeLlmServer(() => ({ json: { choices: 'nope' } }));
    try {
      const expert = createLlmExpert({
        baseUrl: server.baseUrl,
        model: 'fake',
        cacheDir: tmp(),
        env,
        sleep: async () => {},
      });
      await expect(expert.policy.act(obs, ctx())).rejects.toThrow(/malformed/);
    } finally {
      await server.close();
    }
  });

  test.skipIf(!hasBrowser)(
    'a malformed answer becomes lastActionError on the next observation; the episode goes on',
    async () => {
      const server = await startFakeLlmServer(() =>
        completionReply(['<think>hmm</think><action>click the button please</action>']),
      );
      const tasks = await createTaskServer();
      const handle = new BrowserHandle();
      try {
        const expert = createLlmExpert({
          baseUrl: server.baseUrl,
          model: 'fake',
          cacheDir: tmp(),
          env,
          sleep: async () => {},
        });
        const job = {
          key: 'llm/1',
          phase: 'llm',
          task: 'click-button',
          seed: 1,
          policy: 'llm',
          ckpt: null,
          evalMode: null,
        };
        const e = await runEpisode(handle, tasks, job, expert.policy, {
          env: { ...defaultEnvOptions, horizon: 2 },
          episodeTimeoutMs: 20_000,
          seed: 0,
          tracePath: '/dev/null',
        });
        expect(e.error).toBeNull();
        expect(e.nSteps).toBe(2);
        expect(e.steps[0]!.error).toMatch(/expected|unexpected|unknown verb/);
        expect(e.steps[1]!.obs.lastActionError).toBe(e.steps[0]!.error);
        const prompt = JSON.stringify(server.requests.at(-1)!.body);
        expect(prompt).toContain('error:'); // the error is shown to the model in the history
        expect(prompt).not.toContain('sk-fake-test-key');
      } finally {
        await handle.close();
        await tasks.close();
        await server.close();
      }
    },
  );
});
