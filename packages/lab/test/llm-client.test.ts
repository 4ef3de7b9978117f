// The LLM client against a scripted fake server on loopback: wire format, retries and their waits,
// failures named by status or field, refusals as data, the cache replaying offline, and the API key
// sent in the Authorization header but found in no cache file, log line or error.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  completionReply,
  errorReply,
  type FakeLlmServer,
  refusalReply,
  startFakeLlmServer,
} from 'lab/testing';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  type ChatClientOptions,
  type ChatRequest,
  createChatClient,
  createLogger,
  InputError,
  LlmCache,
  LlmError,
} from '../src/index.js';
import { collectLog, makeTempDir } from './helpers.js';

const apiKey = 'sk-fake-4f9c2e-DO-NOT-LEAK';
const question: ChatRequest = { messages: [{ role: 'user', content: 'Is the sky blue? Answer yes or no.' }] };

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let server: FakeLlmServer | undefined;
beforeEach(async () => {
  temp = await makeTempDir('llm-client');
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await temp.remove();
});

/** A client of `server` whose sleeps are recorded instead of waited. */
function clientFor(fake: FakeLlmServer, options: Partial<ChatClientOptions> = {}) {
  const waits: number[] = [];
  const client = createChatClient({
    model: 'fake-model',
    baseUrl: fake.baseUrl,
    env: { OPENAI_API_KEY: apiKey },
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
  return { client, waits };
}

/** The error `promise` rejects with (the test fails when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error(`expected a rejection with an Error, got ${outcome}`);
  return outcome;
}

describe('createChatClient: requests and answers', () => {
  test('sends the OpenAI wire format and returns n choices in camelCase', async () => {
    server = await startFakeLlmServer(() =>
      completionReply(['yes', 'no', 'yes'], { usage: { promptTokens: 12, completionTokens: 3 } }),
    );
    const { client } = clientFor(server);
    const answer = await client.complete({
      messages: [
        { role: 'system', content: 'You answer in one word.' },
        { role: 'user', content: 'Is the sky blue?' },
      ],
      temperature: 0.7,
      n: 3,
      maxTokens: 5,
      seed: 42,
      logprobs: true,
      topLogprobs: 2,
      stop: ['\n'],
    });

    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.authorization).toBe(`Bearer ${apiKey}`);
    expect(sent.body).toEqual({
      model: 'fake-model',
      messages: [
        { role: 'system', content: 'You answer in one word.' },
        { role: 'user', content: 'Is the sky blue?' },
      ],
      temperature: 0.7,
      n: 3,
      max_tokens: 5,
      seed: 42,
      logprobs: true,
      top_logprobs: 2,
      stop: ['\n'],
    });

    expect(answer.fromCache).toBe(false);
    expect(answer.choices.map((choice) => choice.text)).toEqual(['yes', 'no', 'yes']);
    expect(answer.choices[0]).toEqual({ index: 0, text: 'yes', finishReason: 'stop' });
    expect(answer.usage).toEqual({ promptTokens: 12, completionTokens: 3, totalTokens: 15 });
    expect(client.stats()).toEqual({
      requests: 1,
      cacheHits: 0,
      retries: 0,
      promptTokens: 12,
      completionTokens: 3,
    });
  });

  test('leaves out the fields a request does not set', async () => {
    server = await startFakeLlmServer(() => completionReply(['yes']));
    const { client } = clientFor(server);
    await client.complete(question);
    expect(server.requests[0]!.body).toEqual({ model: 'fake-model', messages: question.messages });
  });

  test('token logprobs come back with their top alternatives', async () => {
    const logprobs = [
      [
        {
          token: 'A',
          logprob: -0.1,
          topLogprobs: [
            { token: 'A', logprob: -0.1 },
            { token: 'B', logprob: -2.4 },
          ],
        },
      ],
    ];
    server = await startFakeLlmServer(() => completionReply(['A'], { logprobs }));
    const { client } = clientFor(server);
    const answer = await client.complete({ ...question, maxTokens: 1, logprobs: true, topLogprobs: 10 });
    expect(answer.choices[0]!.logprobs).toEqual(logprobs[0]);
  });

  test('a refusal is returned as data, not thrown', async () => {
    server = await startFakeLlmServer(() => refusalReply("I can't help with that."));
    const { client } = clientFor(server);
    const answer = await client.complete(question);
    expect(answer.choices).toEqual([
      { index: 0, text: null, refusal: "I can't help with that.", finishReason: 'stop' },
    ]);
    expect(answer.usage).toBeUndefined();
  });

  test('baseUrl defaults to $OPENAI_BASE_URL of the env, trailing slash dropped', async () => {
    server = await startFakeLlmServer(() => completionReply(['yes']));
    const client = createChatClient({
      model: 'fake-model',
      env: { OPENAI_BASE_URL: `${server.baseUrl}/`, OPENAI_API_KEY: apiKey },
    });
    expect(client.baseUrl).toBe(server.baseUrl);
    await client.complete(question);
    expect(server.requests.map((request) => request.path)).toEqual(['/v1/chat/completions']);
  });
  test('sends no header taken from process.env behind the caller (OPENAI_ORG_ID, OPENAI_CUSTOM_HEADERS)', async () => {
    // openai would add these to every request, to whatever endpoint; lab's client is given its env.
    vi.stubEnv('OPENAI_ORG_ID', 'org-from-process-env');
    vi.stubEnv('OPENAI_PROJECT_ID', 'proj-from-process-env');
    vi.stubEnv('OPENAI_CUSTOM_HEADERS', 'X-Proxy-Token: proxy-secret\nX-Team: ml');
    try {
      server = await startFakeLlmServer(() => completionReply(['yes']));
      const { client } = clientFor(server);
      await client.complete(question);
    } finally {
      vi.unstubAllEnvs();
    }
    const sent = JSON.stringify(server.requests[0]!.headers);
    for (const leaked of ['org-from-process-env', 'proj-from-process-env', 'proxy-secret', 'x-team']) {
      expect(sent).not.toContain(leaked);
    }
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });
});

describe('createChatClient: bad input is named before any request', () => {
  test('temperature -1 and n 0 name both fields and their values', async () => {
    server = await startFakeLlmServer(() => completionReply(['yes']));
    const { client } = clientFor(server);
    const error = await rejection(client.complete({ ...question, temperature: -1, n: 0 }));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('request.temperature: Too small: expected number to be >=0 (got -1)');
    expect(error.message).toContain('request.n: Too small: expected number to be >=1 (got 0)');
    expect(server.requests).toHaveLength(0);
    expect(client.stats().requests).toBe(0);
  });

  test('empty messages, a bad role, an unknown field and topLogprobs without logprobs', async () => {
    server = await startFakeLlmServer(() => completionReply(['yes']));
    const { client } = clientFor(server);
    const empty = await rejection(client.complete({ messages: [] }));
    expect(empty.message).toContain('request.messages: Too small');
    // Casts stand for a caller whose values come from a file, not from typed code.
    const badRole = { messages: [{ role: 'robot', content: 'hi' }] } as unknown as ChatRequest;
    expect((await rejection(client.complete(badRole))).message).toContain('request.messages.0.role');
    const misspelt = { ...question, max_tokens: 5 } as unknown as ChatRequest;
    expect((await rejection(client.complete(misspelt))).message).toContain('Unrecognized key: "max_tokens"');
    const noLogprobs = await rejection(client.complete({ ...question, topLogprobs: 5 }));
    expect(noLogprobs.message).toContain('request.topLogprobs: needs logprobs: true');
    expect(server.requests).toHaveLength(0);
  });

  test('bad options: a misspelt baseURL, a key given as apiKeyEnv, a non-http URL', () => {
    const misspelt = { model: 'm', baseURL: 'http://x' } as unknown as ChatClientOptions;
    expect(() => createChatClient(misspelt)).toThrow('Unrecognized key: "baseURL"');
    let error: unknown;
    try {
      createChatClient({ model: 'm', apiKeyEnv: apiKey });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(String(error)).toContain('options.apiKeyEnv: must be the NAME of an environment variable');
    expect(String(error)).not.toContain(apiKey);
    expect(() => createChatClient({ model: 'm', baseUrl: 'ftp://127.0.0.1/v1' })).toThrow(
      'options.baseUrl: must be an http(s) URL',
    );
    expect(() => createChatClient({ model: '' })).toThrow('options.model');
  });

  test('a missing key names the environment variable to set, and no request is made', async () => {
    server = await startFakeLlmServer(() => completionReply(['yes']));
    const { client } = clientFor(server, { apiKeyEnv: 'MY_STUDY_LLM_API_KEY', env: {} });
    const error = await rejection(client.complete(question));
    expect(error).toBeInstanceOf(LlmError);
    expect(error.message).toContain('set the environment variable MY_STUDY_LLM_API_KEY');
    expect(server.requests).toHaveLength(0);
  });
});

describe('createChatClient: retries and failures', () => {
  test('429 then success is retried after the Retry-After seconds', async () => {
    server = await startFakeLlmServer((_body, call) =>
      call === 0 ? errorReply(429, 'slow down', { 'retry-after': '3' }) : completionReply(['yes']),
    );
    const log = collectLog();
    const { client, waits } = clientFor(server, { log: createLogger([log.sink]) });
    const answer = await client.complete(question);
    expect(answer.choices[0]!.text).toBe('yes');
    expect(waits).toEqual([3000]);
    expect(server.requests).toHaveLength(2);
    expect(client.stats().retries).toBe(1);
    expect(log.text()).toContain('llm: HTTP 429 from POST');
    expect(log.text()).toContain('retry 1 of 4 in 3000 ms');
  });

  test('Retry-After beyond the cap (default 60 s) fails at once, naming the wait, the cap and the option', async () => {
    // A server asking for 86400 s would otherwise park the run for a day.
    server = await startFakeLlmServer((_body, call) =>
      call === 0
        ? errorReply(429, 'daily quota used up', { 'retry-after': '86400' })
        : completionReply(['yes']),
    );
    const { client, waits } = clientFor(server);
    const error = await rejection(client.complete(question));
    expect(error).toBeInstanceOf(LlmError);
    expect(error.message).toContain('HTTP 429');
    expect(error.message).toContain('the server asked to wait 86400 s (Retry-After), more than the 60 s cap');
    expect(error.message).toContain('raise the client option maxRetryAfterMs');
    expect(error.message).toContain('daily quota used up');
    if (!(error instanceof LlmError) || error.failure.kind !== 'retry-after-too-long') throw error;
    expect(error.failure).toMatchObject({ status: 429, retryAfterMs: 86_400_000, maxRetryAfterMs: 60_000 });
    expect(waits).toEqual([]);
    expect(server.requests).toHaveLength(1);
    expect(client.stats().retries).toBe(0);
  });

  test('Retry-After up to the cap is waited; maxRetryAfterMs raises the cap', async () => {
    server = await startFakeLlmServer((_body, call) =>
      call % 2 === 0
        ? errorReply(503, 'busy', { 'retry-after': call === 0 ? '60' : '600' })
        : completionReply(['yes']),
    );
    const atCap = clientFor(server);
    expect((await atCap.client.complete(question)).choices[0]!.text).toBe('yes');
    expect(atCap.waits).toEqual([60_000]); // exactly the default cap: waited

    const raised = clientFor(server, { maxRetryAfterMs: 600_000 });
    expect((await raised.client.complete(question)).choices[0]!.text).toBe('yes');
    expect(raised.waits).toEqual([600_000]);
    expect(() => createChatClient({ model: 'm', maxRetryAfterMs: -1 })).toThrow('options.maxRetryAfterMs');
  });

  test('500 on every try fails after maxRetries + 1 attempts, naming the status', async () => {
    server = await startFakeLlmServer(() => errorReply(500, 'upstream exploded'));
    const { client, waits } = clientFor(server, { maxRetries: 3 });
    const error = await rejection(client.complete(question));
    expect(error).toBeInstanceOf(LlmError);
    expect(error.message).toContain('HTTP 500');
    expect(error.message).toContain('after 4 attempts');
    expect(error.message).toContain('upstream exploded');
    expect(server.requests).toHaveLength(4);
    expect(waits).toEqual([500, 1000, 2000]); // exponential from 500 ms
  });

  test('400 fails at once with the status and the body', async () => {
    server = await startFakeLlmServer(() => errorReply(400, "'n' must be at most 8 for this model"));
    const { client, waits } = clientFor(server);
    const error = await rejection(client.complete(question));
    expect(error.message).toMatch(/HTTP 400 .* after 1 attempt: .*'n' must be at most 8/);
    expect(server.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  test('a slow server times out, is retried, then fails naming the timeout', async () => {
    // 1 s: long enough for a loopback request to reach the server on a loaded machine (at 100 ms
    // a request could time out before the server saw it, so it counted one request, not two).
    server = await startFakeLlmServer(() => ({ ...completionReply(['late']), delayMs: 5_000 }));
    const { client, waits } = clientFor(server, { timeoutMs: 1_000, maxRetries: 1 });
    const error = await rejection(client.complete(question));
    expect(error).toBeInstanceOf(LlmError);
    expect(error.message).toContain('timed out after 1000 ms');
    expect(server.requests).toHaveLength(2);
    expect(waits).toEqual([500]);
  });

  test('the timeout covers the body: headers at once, the rest of the body too late, is a timeout', async () => {
    server = await startFakeLlmServer(() => ({ ...completionReply(['late']), stallBodyMs: 5_000 }));
    const { client, waits } = clientFor(server, { timeoutMs: 1_000, maxRetries: 1 });
    const error = await rejection(client.complete(question));
    expect(error.message).toContain('timed out after 1000 ms');
    expect(server.requests).toHaveLength(2);
    expect(waits).toEqual([500]);
  });

  test("an error body in vLLM's shape (no `error` field) is quoted in the error", async () => {
    const body = {
      object: 'error',
      message: "This model's maximum context length is 2048 tokens",
      code: 400,
    };
    server = await startFakeLlmServer(() => ({ status: 400, json: body }));
    const { client } = clientFor(server);
    const error = await rejection(client.complete(question));
    expect(error.message).toContain('HTTP 400');
    expect(error.message).toContain("This model's maximum context length is 2048 tokens");
  });

  test('a refused connection is retried, then fails naming the endpoint', async () => {
    const closed = await startFakeLlmServer(() => completionReply(['yes']));
    await closed.close();
    const { client, waits } = clientFor(closed, { maxRetries: 2 });
    const error = await rejection(client.complete(question));
    expect(error.message).toContain(`could not reach POST ${closed.baseUrl}/chat/completions`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(waits).toEqual([500, 1000]);
  });

  test('a body that is not JSON is an error saying so, not retried', async () => {
    server = await startFakeLlmServer(() => ({ body: '<html>502 Bad Gateway</html>' }));
    const { client } = clientFor(server);
    const error = await rejection(client.complete(question));
    expect(error.message).toContain('LLM answer malformed: body is not JSON');
    expect(error.message).toContain('<html>502 Bad Gateway</html>');
    expect(server.requests).toHaveLength(1);
  });

  test('a body that breaks the schema names each bad field and what was expected', async () => {
    server = await startFakeLlmServer(() => ({
      json: {
        choices: [{ index: 0, message: { content: 42 }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 'ten', completion_tokens: 1, total_tokens: 11 },
      },
    }));
    const { client } = clientFor(server);
    const error = await rejection(client.complete(question));
    expect(error.message).toContain('LLM answer malformed at choices.0.message.content: expected string');
    expect(error.message).toContain('at usage.prompt_tokens: expected number');
    if (!(error instanceof LlmError) || error.failure.kind !== 'malformed') throw error;
    expect(error.failure.issues.map((issue) => issue.path)).toEqual([
      'choices.0.message.content',
      'usage.prompt_tokens',
    ]);
  });

  test('an answer with no choices is malformed', async () => {
    server = await startFakeLlmServer(() => ({ json: { choices: [] } }));
    const { client } = clientFor(server);
    expect((await rejection(client.complete(question))).message).toContain('at choices: Too small');
  });
});

describe('createChatClient: cache', () => {
  test('a cached request is answered without a request, fromCache true', async () => {
    server = await startFakeLlmServer(() => completionReply(['yes', 'no']));
    const cache = new LlmCache({ dir: temp.dir, mode: 'read-write' });
    const { client } = clientFor(server, { cache });
    const first = await client.complete({ ...question, n: 2 });
    const second = await client.complete({ n: 2, ...question }); // same request, keys in another order
    expect(server.requests).toHaveLength(1);
    expect(first.fromCache).toBe(false);
    expect(second).toEqual({ ...first, fromCache: true });
    expect(client.stats()).toMatchObject({ requests: 2, cacheHits: 1 });
    await client.complete({ ...question, n: 2, temperature: 1 }); // another request: asked
    expect(server.requests).toHaveLength(2);
  });

  test('a read-only cache replays offline with no key, and a miss says how to record one', async () => {
    server = await startFakeLlmServer(() => completionReply(['yes']));
    const recorder = clientFor(server, { cache: new LlmCache({ dir: temp.dir, mode: 'read-write' }) });
    await recorder.client.complete(question);
    await server.close();

    const replay = clientFor(server, { cache: new LlmCache({ dir: temp.dir, mode: 'read-only' }), env: {} });
    expect((await replay.client.complete(question)).fromCache).toBe(true);
    const error = await rejection(replay.client.complete({ ...question, seed: 7 }));
    expect(error.message).toMatch(
      /^no cached answer for this request \(key [0-9a-f]{64}\) in .*; run with cache mode read-write and an endpoint to record one$/,
    );
    expect(error.message).toContain(temp.dir);
    server = undefined;
  });

  test('a key echoed in a 200 answer is cut out of the answer and of the cache file', async () => {
    // The server puts the Authorization header it got into the completion text.
    server = await startFakeLlmServer(() =>
      completionReply([`you sent ${server?.requests.at(-1)?.authorization}`]),
    );
    const log = collectLog();
    const cache = new LlmCache({ dir: temp.dir, mode: 'read-write' });
    const { client } = clientFor(server, { cache, log: createLogger([log.sink]) });
    const asked = { messages: [{ role: 'user' as const, content: `Repeat after me: ${apiKey}` }] };
    const answer = await client.complete(asked);

    expect(server.requests[0]!.authorization).toBe(`Bearer ${apiKey}`);
    expect(answer.choices[0]!.text).toBe('you sent Bearer [redacted]');
    const files = readdirSync(temp.dir);
    expect(files).toHaveLength(1);
    const text = readFileSync(join(temp.dir, files[0]!), 'utf8');
    expect(text).not.toContain(apiKey);
    expect(text).toContain('you sent Bearer [redacted]');
    expect(text).toContain('Repeat after me: [redacted]');
    expect(log.text()).toContain('the API key was echoed in the answer');
    expect(JSON.stringify(log.entries)).not.toContain(apiKey);

    // The replay gives what the live call gave.
    const replay = clientFor(server, { cache: new LlmCache({ dir: temp.dir, mode: 'read-only' }), env: {} });
    expect(await replay.client.complete(asked)).toEqual({ ...answer, fromCache: true });
  });

  test('a placeholder key shorter than 8 characters (a local server) leaves answers untouched', async () => {
    server = await startFakeLlmServer(() => completionReply(['x marks the spot']));
    const cache = new LlmCache({ dir: temp.dir, mode: 'read-write' });
    const { client } = clientFor(server, { cache, env: { OPENAI_API_KEY: 'x' } });
    expect((await client.complete(question)).choices[0]!.text).toBe('x marks the spot');
    const [file] = readdirSync(temp.dir);
    expect(readFileSync(join(temp.dir, file!), 'utf8')).toContain('x marks the spot');
  });

  test('the API key is sent, yet is in no cache file, log line or error', async () => {
    // Call 0: 429 (a log line); 1: an answer (a cache file); 2: a 400 that echoes the header back.
    server = await startFakeLlmServer((_body, call) => {
      if (call === 0) return errorReply(429, 'slow down');
      if (call === 1) return completionReply(['yes']);
      return errorReply(400, `bad key ${server?.requests.at(-1)?.authorization}`);
    });
    const log = collectLog();
    const cache = new LlmCache({ dir: temp.dir, mode: 'read-write' });
    const { client } = clientFor(server, { cache, log: createLogger([log.sink]) });
    await client.complete(question);
    const error = await rejection(client.complete({ ...question, seed: 1 }));

    expect(server.requests.every((request) => request.authorization === `Bearer ${apiKey}`)).toBe(true);
    expect(error.message).toContain('HTTP 400');
    expect(error.message).toContain('bad key Bearer [redacted]');
    const thrown = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    expect(thrown).not.toContain(apiKey);
    expect(log.entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(log.entries)).not.toContain(apiKey);
    const files = readdirSync(temp.dir);
    expect(files).toHaveLength(1);
    for (const file of files) expect(readFileSync(join(temp.dir, file), 'utf8')).not.toContain(apiKey);
    expect(JSON.stringify(client)).not.toContain(apiKey);
  });
});
