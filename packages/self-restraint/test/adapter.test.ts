// U16 and D6: the OpenAI-compatible adapter on lab's loopback fake server: n choices, top-up when a
// server returns fewer, 429 retried, malformed answers get a clear error, the key never reaches the
// cache files, and a cached ReSearch run replays with zero HTTP calls.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChatClient, LlmCache } from 'lab';
import { completionReply, errorReply, type FakeReply, refusalReply, startFakeLlmServer } from 'lab/testing';
import { describe, expect, it } from 'vitest';
import {
  LlmClaimSplitter,
  LlmSelfEvaluator,
  OpenAICompatiblePolicy,
  researchTopic,
} from '../src/adapters/openai.js';

const KEY = 'sk-fake-test-key-123456';
const env = { TEST_LLM_KEY: KEY };
const noSleep = async () => {};

interface Body {
  messages: { content: string }[];
  n?: number;
}

/** A scripted model: biographies, claim splits, self-evaluations. */
function worldScript(options: { maxChoices?: number } = {}) {
  return (raw: unknown): FakeReply => {
    const body = raw as Body;
    const prompt = body.messages[0]!.content;
    if (prompt.startsWith('Split the text')) {
      const text = prompt.slice(prompt.lastIndexOf('Text: ') + 6).trim();
      return completionReply([
        text
          .split('. ')
          .map((s) => `- ${s.replace(/\.$/, '')}.`)
          .join('\n'),
      ]);
    }
    if (prompt.startsWith('Here are several texts'))
      return completionReply([prompt.includes('Paris') ? '90' : '20']);
    const n = Math.min(body.n ?? 1, options.maxChoices ?? 128);
    return completionReply(
      Array.from({ length: n }, (_, i) =>
        i % 2 === 0 ? 'Ada was born in Paris. Ada was a chemist' : 'Ada was born in Paris. Ada was a pilot',
      ),
    );
  };
}

const client = (baseUrl: string, cache?: LlmCache) =>
  createChatClient({
    model: 'fake-model',
    baseUrl,
    apiKeyEnv: 'TEST_LLM_KEY',
    env,
    sleep: noSleep,
    ...(cache ? { cache } : {}),
  });

describe('OpenAI-compatible policy', () => {
  it('asks for n samples in one request', async () => {
    const server = await startFakeLlmServer(worldScript());
    const policy = new OpenAICompatiblePolicy(client(server.baseUrl), { temperature: 1, maxTokens: 64 });
    expect(await policy.sample('Ada', [], 5)).toHaveLength(5);
    expect(server.requests).toHaveLength(1);
    expect((server.requests[0]!.body as Body).n).toBe(5);
    await server.close();
  });
  it('tops up when the server returns fewer choices than asked', async () => {
    const server = await startFakeLlmServer(worldScript({ maxChoices: 2 }));
    const policy = new OpenAICompatiblePolicy(client(server.baseUrl), { temperature: 1, maxTokens: 64 });
    expect(await policy.sample('Ada', ['Ada was born in Paris.'], 5)).toHaveLength(5);
    expect(server.requests.map((r) => (r.body as Body).n)).toEqual([5, 3, 1]);
    expect((server.requests[0]!.body as Body).messages[0]!.content).toContain('- Ada was born in Paris.');
    await server.close();
  });
  it('retries a 429', async () => {
    const server = await startFakeLlmServer((body, call) =>
      call === 0 ? errorReply(429, 'slow down') : worldScript()(body),
    );
    const policy = new OpenAICompatiblePolicy(client(server.baseUrl), { temperature: 1, maxTokens: 64 });
    expect(await policy.sample('Ada', [], 2)).toHaveLength(2);
    expect(server.requests).toHaveLength(2);
    await server.close();
  });
  it('gives a clear error on malformed answers', async () => {
    const server = await startFakeLlmServer((_, call) =>
      call === 0 ? { json: { choices: [{ index: 0 }] } } : refusalReply('no'),
    );
    const policy = new OpenAICompatiblePolicy(client(server.baseUrl), { temperature: 1, maxTokens: 64 });
    await expect(policy.sample('Ada', [], 1)).rejects.toThrow(/malformed.*choices\.0\.message/);
    await expect(policy.sample('Ada', [], 1)).rejects.toThrow(/malformed answer for 'Ada'.*must be a string/);
    await server.close();
  });
  it('rejects a claim split without "- " lines and a self-evaluation that is not 0–100', async () => {
    const server = await startFakeLlmServer(() => completionReply(['no facts here']));
    await expect(new LlmClaimSplitter(client(server.baseUrl)).split('x')).rejects.toThrow(
      /no line starting with "- "/,
    );
    expect(() => LlmSelfEvaluator.parse('maybe')).toThrow(/'maybe' is not an integer from 0 to 100/);
    expect(() => LlmSelfEvaluator.parse('250')).toThrow(/not an integer from 0 to 100/);
    expect(LlmSelfEvaluator.parse('Score: 85')).toBe(0.85);
    const evaluator = new LlmSelfEvaluator(client(server.baseUrl));
    expect(await evaluator.estimate('Ada', 'Ada was a pilot.', ['a', 'b'])).toBe(0); // retried once, then unscored
    expect(evaluator.unscored).toBe(1);
    await server.close();
  });
});

describe('ReSearch against the endpoint', () => {
  it('selects the confident answer, and a cached run replays with zero HTTP calls and no key on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-llm-cache-'));
    const server = await startFakeLlmServer(worldScript());
    const run = async (c: ReturnType<typeof client>) =>
      researchTopic(
        'Ada',
        {
          policy: new OpenAICompatiblePolicy(c, { temperature: 1, maxTokens: 64 }),
          splitter: new LlmClaimSplitter(c),
          evaluator: new LlmSelfEvaluator(c),
        },
        { rounds: 2, samplesPerRound: 4, rho: 0.5 },
      );
    const first = await run(client(server.baseUrl, new LlmCache({ dir, mode: 'read-write' })));
    expect(first.samplesUsed).toBe(8);
    expect(first.abstained).toBe(false);
    expect(first.q).toBeGreaterThan(0);
    const calls = server.requests.length;
    expect(calls).toBeGreaterThan(0);
    const replay = await run(
      createChatClient({
        model: 'fake-model',
        baseUrl: server.baseUrl,
        apiKeyEnv: 'TEST_LLM_KEY',
        env: {},
        cache: new LlmCache({ dir, mode: 'read-only' }),
      }),
    );
    expect(replay).toEqual(first);
    expect(server.requests.length).toBe(calls);
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file), 'utf8')).not.toContain(KEY);
    await server.close();
  });
  it('abstains when every candidate has Q ≤ 0', async () => {
    const server = await startFakeLlmServer((raw) => {
      const prompt = (raw as Body).messages[0]!.content;
      if (prompt.startsWith('Split')) return completionReply(['- Bob was a sailor.']);
      if (prompt.startsWith('Here are')) return completionReply(['10']);
      return completionReply(Array.from({ length: (raw as Body).n ?? 1 }, () => 'Bob was a sailor.'));
    });
    const c = client(server.baseUrl);
    const record = await researchTopic(
      'Bob',
      {
        policy: new OpenAICompatiblePolicy(c, { temperature: 1, maxTokens: 64 }),
        splitter: new LlmClaimSplitter(c),
        evaluator: new LlmSelfEvaluator(c),
      },
      { rounds: 1, samplesPerRound: 3, rho: 0.5 },
    );
    expect(record.abstained).toBe(true);
    expect(record.target).toMatch(/I don't know enough about Bob/);
    await server.close();
  });
});

describe('research-llm command', () => {
  it('runs ReSearch over a topics file and writes the three JSONL files; bad flags are named', async () => {
    const { main } = await import('../src/research-llm.js');
    const { readJsonl, SftLine, RecordLine } = await import('../src/export.js');
    const { writeFileSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'sr-llm-cli-'));
    writeFileSync(join(dir, 'topics.txt'), 'Ada\nBob\n');
    const server = await startFakeLlmServer(worldScript());
    process.env.SR_TEST_KEY = KEY;
    const code = await main([
      '--base-url',
      server.baseUrl,
      '--model',
      'fake-model',
      '--topics',
      join(dir, 'topics.txt'),
      '--rounds',
      '2',
      '--samples',
      '2',
      '--out',
      join(dir, 'out'),
      '--cache',
      join(dir, 'cache'),
      '--api-key-env',
      'SR_TEST_KEY',
    ]);
    expect(code).toBe(0);
    expect(await readJsonl(join(dir, 'out', 'research-sft.jsonl'), SftLine)).toHaveLength(2);
    expect(
      (await readJsonl(join(dir, 'out', 'research-records.jsonl'), RecordLine))[0]!.candidates,
    ).toHaveLength(4);
    expect(await main(['--base-url', 'not-a-url', '--model', 'm', '--topics', 'x'])).toBe(2);
    delete process.env.SR_TEST_KEY;
    await server.close();
  });
});
