// The LLM expert against lab's loopback fake server only (§4.2, §10 #8).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from 'core-tensor';
import { createLogger } from 'lab';
import {
  completionReply,
  errorReply,
  type FakeLlmServer,
  refusalReply,
  startFakeLlmServer,
} from 'lab/testing';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { loadCodebook } from '../src/codebooks.js';
import { askArc, createLlmClient, probabilityOfA } from '../src/expert-llm.js';
import { runLlmExpert } from '../src/llm-run.js';
import { buildMessages, causalVerbs, drawVerbs } from '../src/prompts.js';

const fakeKey = 'sk-fake-test-key-123';
const letterReply = (pA: number, letters: 'both' | 'only-a' = 'both') =>
  completionReply([pA >= 0.5 ? 'A' : 'B'], {
    logprobs: [
      [
        {
          token: pA >= 0.5 ? 'A' : 'B',
          logprob: Math.log(Math.max(pA, 1 - pA)),
          topLogprobs:
            letters === 'both'
              ? [
                  { token: 'A', logprob: Math.log(pA) },
                  { token: ' B', logprob: Math.log(1 - pA) },
                ]
              : [
                  { token: 'A', logprob: Math.log(pA) },
                  { token: 'The', logprob: Math.log(0.01) },
                ],
        },
      ],
    ],
  });

let dir = '';
let server: FakeLlmServer | undefined;
const realFetch = globalThis.fetch;
const dialled: string[] = [];
beforeAll(() => {
  process.env.CAUSAL_EXPERT_LLM_API_KEY = fakeKey;
  // Fail the test if anything but loopback is dialled.
  globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    dialled.push(url.hostname);
    if (url.hostname !== '127.0.0.1') throw new Error(`test dialled a non-loopback host: ${url.hostname}`);
    return realFetch(input, init);
  }) as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
  expect(dialled.every((host) => host === '127.0.0.1')).toBe(true);
});
const tempDir = () => {
  dir = mkdtempSync(join(tmpdir(), 'causal-expert-llm-'));
  return dir;
};
const codebook = loadCodebook('asia');
const ask = (client: ReturnType<typeof createLlmClient>, swapOrder = false) =>
  askArc({ client, codebook, template: 'chat-ab', nVerbs: 1, swapOrder }, 'smoke', 'lung');

describe('prompts', () => {
  test('byte-exact chat-ab prompt with our codebook wording', () => {
    const messages = buildMessages({
      codebook,
      first: 'smoke',
      second: 'lung',
      verb: 'causes',
      template: 'chat-ab',
    });
    expect(messages).toEqual([
      { role: 'system', content: 'You are an expert in diagnosis of lung disease in a chest clinic.' },
      {
        role: 'user',
        content:
          'Which of the following two options is more likely to be true?\n(A) being a smoker causes having lung cancer\n(B) having lung cancer causes being a smoker\nAnswer with one letter, A or B.',
      },
    ]);
  });
});

describe('verb draws (one per edge per run, as the official code)', () => {
  test('k distinct verbs from the 20, the same for the same stream', () => {
    const verbs = drawVerbs(new Rng('verbs'), 5);
    expect(new Set(verbs).size).toBe(5);
    for (const verb of verbs) expect(causalVerbs).toContain(verb);
    expect(drawVerbs(new Rng('verbs'), 5)).toEqual(verbs);
    expect(() => drawVerbs(new Rng('verbs'), 21)).toThrow(
      /verb count 21 is invalid; valid: an integer in \[1, 20\]/,
    );
  });

  test('the first verb is uniform over the 20: 4000 draws, chi-square below its 0.999 quantile (43.8)', () => {
    const rng = new Rng('verb-uniformity');
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const [verb] = drawVerbs(rng, 1);
      counts.set(verb!, (counts.get(verb!) ?? 0) + 1);
    }
    expect(counts.size).toBe(20);
    const chiSquare = [...counts.values()].reduce((s, c) => s + (c - 200) ** 2 / 200, 0);
    expect(chiSquare).toBeLessThan(43.82); // χ²(19) 0.999 quantile
  });
});

describe('LLM expert on a loopback fake server', () => {
  test('A/B extraction from top logprobs, the request body and no key in the cache', async () => {
    server = await startFakeLlmServer(() => letterReply(0.8));
    const client = createLlmClient({
      mode: 'record',
      model: 'fake-model',
      baseUrl: server.baseUrl,
      cacheDir: tempDir(),
    });
    const { pForward } = await ask(client);
    expect(pForward).toBeCloseTo(0.8, 10);
    const body = server.requests[0]!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      model: 'fake-model',
      temperature: 0,
      max_tokens: 1,
      logprobs: true,
      top_logprobs: 10,
    });
    expect(server.requests[0]!.authorization).toBe(`Bearer ${fakeKey}`);
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file), 'utf8')).not.toContain(fakeKey);
  });

  test('swapOrder averages P(i→j) over both option orders', async () => {
    server = await startFakeLlmServer((_, call) => letterReply(call === 0 ? 0.9 : 0.3));
    const client = createLlmClient({
      mode: 'record',
      model: 'fake-model',
      baseUrl: server.baseUrl,
      cacheDir: tempDir(),
    });
    // first order: P(A = smoke→lung) = 0.9; swapped: P(A = lung→smoke) = 0.3 → P(smoke→lung) = 0.7
    expect((await ask(client, true)).pForward).toBeCloseTo(0.8, 10);
  });

  test('a letter missing from the top-k gets the smallest listed logprob', async () => {
    server = await startFakeLlmServer(() => letterReply(0.9, 'only-a'));
    const client = createLlmClient({
      mode: 'record',
      model: 'fake-model',
      baseUrl: server.baseUrl,
      cacheDir: tempDir(),
    });
    expect((await ask(client)).pForward).toBeCloseTo(0.9 / (0.9 + 0.01), 10);
  });

  test('without logprobs, 10 answers at temperature 1 give (votes + 1)/12', async () => {
    server = await startFakeLlmServer((_, call) =>
      call === 0
        ? completionReply(['A'])
        : completionReply(['A', 'A', 'B', 'A', 'A', 'B', 'A', 'A', 'A', 'B']),
    );
    const client = createLlmClient({
      mode: 'record',
      model: 'fake-model',
      baseUrl: server.baseUrl,
      cacheDir: tempDir(),
    });
    expect((await ask(client)).pForward).toBeCloseTo(8 / 12, 10);
    expect(server.requests[1]!.body).toMatchObject({ temperature: 1, n: 10 });
  });

  test('cache: a hit makes no request; replay of a missing answer is an error', async () => {
    server = await startFakeLlmServer(() => letterReply(0.7));
    const cacheDir = tempDir();
    const recorder = createLlmClient({
      mode: 'record',
      model: 'fake-model',
      baseUrl: server.baseUrl,
      cacheDir,
    });
    await ask(recorder);
    expect(server.requests).toHaveLength(1);
    const replay = createLlmClient({
      mode: 'replay',
      model: 'fake-model',
      baseUrl: server.baseUrl,
      cacheDir,
    });
    const again = await ask(replay);
    expect(again.answers[0]!.fromCache).toBe(true);
    expect(server.requests).toHaveLength(1);
    await expect(
      askArc({ client: replay, codebook, template: 'chat-ab', nVerbs: 1, swapOrder: false }, 'tub', 'either'),
    ).rejects.toThrow(/no cached answer for this request/);
  });

  test('a malformed body is rejected naming the field; a refusal names the edge', async () => {
    server = await startFakeLlmServer(() => ({ json: { choices: [{ index: 0, message: { content: 7 } }] } }));
    const bad = createLlmClient({
      mode: 'record',
      model: 'fake-model',
      baseUrl: server.baseUrl,
      cacheDir: tempDir(),
    });
    await expect(ask(bad)).rejects.toThrow(/malformed at choices\.0\.message\.content/);
    await server.close();
    server = await startFakeLlmServer(() => refusalReply('I cannot help with that'));
    const refused = createLlmClient({
      mode: 'record',
      model: 'fake-model',
      baseUrl: server.baseUrl,
      cacheDir: join(dir, 'b'),
    });
    await expect(ask(refused)).rejects.toThrow(
      /no answer for the edge smoke–lung .*refusal: 'I cannot help with that'/,
    );
  });

  test('429 and 5xx are retried; an answer without A or B is an error quoting the tokens', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, advanceTimeDelta: 200 });
    try {
      server = await startFakeLlmServer((_, call) =>
        call === 0 ? errorReply(429, 'slow down') : call === 1 ? errorReply(503, 'busy') : letterReply(0.6),
      );
      const client = createLlmClient({
        mode: 'record',
        model: 'fake-model',
        baseUrl: server.baseUrl,
        cacheDir: tempDir(),
      });
      expect((await ask(client)).pForward).toBeCloseTo(0.6, 10);
      expect(server.requests).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
    expect(() =>
      probabilityOfA(
        {
          choices: [
            {
              index: 0,
              text: 'X',
              finishReason: 'stop',
              logprobs: [{ token: 'X', logprob: -0.1, topLogprobs: [{ token: 'Y', logprob: -3 }] }],
            },
          ],
          fromCache: false,
        },
        'the edge a–b',
      ),
    ).toThrow(/no A or B among the top tokens for the edge a–b: "X", "Y"/);
  });

  test('a run over asia records every undirected edge and calibrates; the key is never written', async () => {
    server = await startFakeLlmServer(() => letterReply(0.75));
    const cacheDir = tempDir();
    const results = await runLlmExpert({
      mode: 'record',
      model: 'fake-model',
      baseUrl: server.baseUrl,
      template: 'chat-ab',
      nVerbs: 2,
      swapOrder: false,
      wording: 'codebook',
      networks: ['asia'],
      etas: [0.1],
      cacheDir,
      log: createLogger([]),
    });
    expect(results[0]!.answers).toHaveLength(3 * 2);
    expect(results[0]!.calibration.answers).toBe(3);
    for (const file of readdirSync(cacheDir))
      expect(readFileSync(join(cacheDir, file), 'utf8')).not.toContain(fakeKey);
  });

  test('each run draws a verb per edge: 4 runs over asia ask with more than one verb per edge', async () => {
    server = await startFakeLlmServer(() => letterReply(0.75));
    const results = await runLlmExpert({
      mode: 'record',
      model: 'fake-model',
      baseUrl: server.baseUrl,
      template: 'chat-ab',
      nVerbs: 1,
      swapOrder: false,
      wording: 'codebook',
      networks: ['asia'],
      etas: [0.1],
      runs: 4,
      cacheDir: tempDir(),
      log: createLogger([]),
    });
    const answers = results[0]!.answers;
    expect(answers).toHaveLength(3 * 4);
    expect(results[0]!.runs).toBe(4);
    const verbsByEdge = new Map<string, Set<string>>();
    for (const a of answers)
      verbsByEdge.set(`${a.from}-${a.to}`, (verbsByEdge.get(`${a.from}-${a.to}`) ?? new Set()).add(a.verb));
    expect(verbsByEdge.size).toBe(3);
    // With the first verb every time, each edge would have one; 4 uniform draws repeat one verb
    // with probability 1 − (19·18·17)/20³ ≈ 0.27 per edge, so all three at one: 0.02.
    expect([...verbsByEdge.values()].some((verbs) => verbs.size > 1)).toBe(true);
    // The prompt sent carries the drawn verb.
    const prompts = server.requests.map((r) => JSON.stringify(r.body));
    for (const a of answers) expect(prompts.some((p) => p.includes(` ${a.verb} `))).toBe(true);
  });

  test('without an endpoint in the config or the environment the error names the variables', async () => {
    await expect(
      runLlmExpert({
        mode: 'record',
        model: 'm',
        template: 'chat-ab',
        nVerbs: 1,
        swapOrder: false,
        wording: 'codebook',
        networks: ['asia'],
        etas: [0.1],
        env: {},
        log: createLogger([]),
      }),
    ).rejects.toThrow(/needs CAUSAL_EXPERT_LLM_BASE_URL .* and CAUSAL_EXPERT_LLM_MODEL/);
  });
});
