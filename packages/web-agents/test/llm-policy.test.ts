// The LLM as an evaluated policy (issue 17 point 7) against lab's fake loopback server: it reads
// BrowserGym's observation dict (here with Chromium's own tree), a reply with no action or a
// malformed action is a recorded invalid step with a clear error and the episode goes on, and a
// good reply is executed. The `llm` preset fails at start without its environment variables.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completionReply, startFakeLlmServer } from 'lab/testing';
import { afterAll, describe, expect, test } from 'vitest';
import { createTaskServer } from '../src/browser/server.js';
import { defaultEnvOptions } from '../src/env/env.js';
import { requireLlmSettings } from '../src/experts/llm.js';
import { createLlmPolicy, readReply } from '../src/experts/llm-policy.js';
import { BrowserHandle, runEpisode } from '../src/runner/episodes.js';
import { hasBrowser } from './browser-helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wa-llm-policy-'));
  dirs.push(dir);
  return dir;
};

describe('LLM policy', () => {
  test('reads the action of a reply, or says why there is none', () => {
    expect(readReply("<think>5 is it</think><action> click( '5' ) </action>")).toEqual({
      action: "click('5')",
    });
    const none = readReply('I would click Submit');
    expect('invalid' in none && none.invalid).toMatch(/no <action>…<\/action>: "I would click Submit"/);
    const bad = readReply('<action>click the button</action>');
    expect('invalid' in bad && bad.invalid).toMatch(/LLM action "click the button" does not parse: /);
    const empty = readReply('<action> </action>');
    expect('invalid' in empty && empty.invalid).toMatch(/empty <action>/);
  });

  test('without WEB_AGENTS_LLM_* the run fails at start, naming the variables', () => {
    expect(() => requireLlmSettings({})).toThrow(
      /WEB_AGENTS_LLM_BASE_URL, WEB_AGENTS_LLM_MODEL, WEB_AGENTS_LLM_API_KEY are not set/,
    );
    expect(() =>
      requireLlmSettings({ WEB_AGENTS_LLM_BASE_URL: 'http://127.0.0.1:1/v1', WEB_AGENTS_LLM_MODEL: 'm' }),
    ).toThrow(/WEB_AGENTS_LLM_API_KEY is not set/);
  });

  test('the llm preset fails before any work without the variables', async () => {
    const saved = { ...process.env };
    for (const name of ['WEB_AGENTS_LLM_BASE_URL', 'WEB_AGENTS_LLM_MODEL', 'WEB_AGENTS_LLM_API_KEY'])
      delete process.env[name];
    try {
      const { experiment } = await import('../src/experiment.js');
      const out = tmp();
      const { runExperimentCli } = await import('lab');
      const errors: string[] = [];
      const code = await runExperimentCli(experiment, ['--preset', 'llm', '--out', out], {
        stdout: () => undefined,
        stderr: (text) => errors.push(text),
      });
      expect(code).not.toBe(0);
      expect(errors.join('\n')).toMatch(
        /WEB_AGENTS_LLM_BASE_URL, WEB_AGENTS_LLM_MODEL, WEB_AGENTS_LLM_API_KEY are not set/,
      );
    } finally {
      process.env = saved;
    }
  });

  test.skipIf(!hasBrowser)(
    'invalid replies are recorded steps with clear errors; a good reply is executed (cdp tree)',
    async () => {
      const prompts: string[] = [];
      const llm = await startFakeLlmServer((body, call) => {
        const user = JSON.stringify(body);
        prompts.push(user);
        if (call === 0) return completionReply(['I think the answer is the OK button']);
        if (call === 1) return completionReply(['<think>hmm</think><action>press the button</action>']);
        // read the target and its bid from the prompt, as a model would
        const text = (body as { messages: { content: string }[] }).messages[1]!.content;
        const target = /Click on the "(.+?)" button/.exec(text)![1]!;
        const bid = new RegExp(`\\[(\\d+)\\] button '${target}'`).exec(text)![1]!;
        return completionReply([`<think>found it</think><action>click('${bid}')</action>`]);
      });
      const tasks = await createTaskServer();
      const handle = new BrowserHandle();
      try {
        const { policy } = createLlmPolicy({
          baseUrl: llm.baseUrl,
          model: 'fake',
          cacheDir: tmp(),
          env: { WEB_AGENTS_LLM_API_KEY: 'sk-fake' },
          sleep: async () => {},
        });
        const job = {
          key: 'llm-policy/1',
          phase: 'eval-llm',
          task: 'click-button',
          seed: 11,
          policy: 'llm',
          ckpt: null,
          evalMode: null,
        };
        const e = await runEpisode(handle, tasks, job, policy, {
          env: { ...defaultEnvOptions, axtree: 'cdp', horizon: 5 },
          episodeTimeoutMs: 30_000,
          seed: 0,
          tracePath: '/dev/null',
        });
        expect(e.error).toBeNull();
        expect(e.nSteps).toBe(3);
        expect(e.steps[0]!.parsed).toBeNull();
        expect(e.steps[0]!.error).toMatch(/LLM reply has no <action>/);
        expect(e.steps[1]!.error).toMatch(/LLM action "press the button" does not parse/);
        expect(e.steps[2]!.error).toBeNull();
        expect(e.success).toBe(1);
        expect(prompts[0]).toContain('RootWebArea'); // Chromium's tree, not the tag table
        expect(prompts[1]).toContain('no <action>'); // the error is shown to the model
        expect(prompts.join('')).not.toContain('sk-fake');
      } finally {
        await handle.close();
        await tasks.close();
        await llm.close();
      }
    },
  );
});
