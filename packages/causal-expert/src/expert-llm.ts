// The LLM expert (§4.2, ours): an OpenAI-compatible chat endpoint through lab's createChatClient,
// with lab's LlmCache so a run replays offline. P(A) comes from the first token's top logprobs:
// p_A = e^{ℓA}/(e^{ℓA} + e^{ℓB}), a letter missing from the top-k gets the smallest listed logprob
// (an upper bound); without logprobs, 10 answers at temperature 1 give (votes + 1)/12.
// The base URL and model come from the environment (zod-checked); the key is read by the client
// at request time from CAUSAL_EXPERT_LLM_API_KEY and never written anywhere.
import { join } from 'node:path';
import type { Rng } from 'core-tensor';
import {
  type ChatClient,
  type ChatCompletion,
  type ChatRequest,
  createChatClient,
  LlmCache,
  type Logger,
} from 'lab';
import { z } from 'zod';
import type { Codebook } from './codebooks.js';
import { dataDir } from './oracle.js';
import { buildMessages, causalVerbs, drawVerbs, type Template } from './prompts.js';

export const apiKeyEnv = 'CAUSAL_EXPERT_LLM_API_KEY';

export const LlmEnv = z.object({
  CAUSAL_EXPERT_LLM_BASE_URL: z.url({ protocol: /^https?$/ }),
  CAUSAL_EXPERT_LLM_MODEL: z.string().min(1),
});

export class LlmAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LlmAnswerError';
  }
}

export const LlmMode = z.enum(['replay', 'record', 'off']);
export type LlmMode = z.infer<typeof LlmMode>;

export function llmCacheDir(model: string): string {
  return join(dataDir, 'llm-cache', model.replace(/[^A-Za-z0-9._-]/g, '_'));
}

/** A client for `mode` (replay: a cache miss is an error; record: a miss asks the endpoint). */
export function createLlmClient(options: {
  mode: LlmMode;
  model: string;
  baseUrl: string;
  cacheDir?: string;
  log?: Logger;
}): ChatClient {
  if (options.mode === 'off') throw new Error("LLM mode is 'off'; valid modes for a client: replay, record");
  const cache = new LlmCache({
    dir: options.cacheDir ?? llmCacheDir(options.model),
    mode: options.mode === 'replay' ? 'read-only' : 'read-write',
  });
  return createChatClient({
    model: options.model,
    baseUrl: options.baseUrl,
    apiKeyEnv,
    timeoutMs: 30_000, // §4.2: time out at 30 s
    maxRetries: 3, // §4.2: retry 429/5xx three times
    cache,
    ...(options.log ? { log: options.log } : {}),
  });
}

const isLetter = (token: string, letter: 'A' | 'B') => token.trim().toUpperCase() === letter;

/** P(A) from the first generated token's top logprobs, or null when the server sent none. */
export function probabilityOfA(completion: ChatCompletion, context: string): number | null {
  const choice = completion.choices[0]!;
  if (choice.text === null)
    throw new LlmAnswerError(
      `the model gave no answer for ${context}${choice.refusal ? ` (refusal: '${choice.refusal}')` : ''}`,
    );
  const first = choice.logprobs?.[0];
  if (!first) return null;
  const candidates = [{ token: first.token, logprob: first.logprob }, ...first.topLogprobs];
  const best = (letter: 'A' | 'B') =>
    candidates
      .filter((c) => isLetter(c.token, letter))
      .reduce((m, c) => Math.max(m, c.logprob), Number.NEGATIVE_INFINITY);
  let logA = best('A');
  let logB = best('B');
  if (logA === Number.NEGATIVE_INFINITY && logB === Number.NEGATIVE_INFINITY)
    throw new LlmAnswerError(
      `no A or B among the top tokens for ${context}: ${candidates.map((c) => JSON.stringify(c.token)).join(', ')}`,
    );
  const floor = Math.min(...candidates.map((c) => c.logprob)); // a missing letter: the smallest listed logprob
  if (logA === Number.NEGATIVE_INFINITY) logA = floor;
  if (logB === Number.NEGATIVE_INFINITY) logB = floor;
  const max = Math.max(logA, logB);
  return Math.exp(logA - max) / (Math.exp(logA - max) + Math.exp(logB - max));
}

/** (votes for A + 1)/(n + 2) over sampled answers (§4.2 fallback: n = 10 gives /12). */
export function voteProbabilityOfA(completion: ChatCompletion, context: string): number {
  const letters = completion.choices.map((c) =>
    (c.text ?? '').trim().toUpperCase().replace(/^\(/, '').charAt(0),
  );
  const votes = letters.filter((l) => l === 'A').length;
  const valid = letters.filter((l) => l === 'A' || l === 'B').length;
  if (valid === 0)
    throw new LlmAnswerError(`no sampled answer was A or B for ${context}: ${JSON.stringify(letters)}`);
  return (votes + 1) / (completion.choices.length + 2);
}

export interface LlmExpertOptions {
  client: ChatClient;
  codebook: Codebook;
  template: Template;
  nVerbs: number;
  swapOrder: boolean;
  /**
   * Draws the nVerbs verbs of each question at random, as the official code does per edge and per
   * run; give one stream per (edge, run). Without it the first nVerbs of the list are used.
   */
  verbRng?: Rng;
}

export interface LlmAnswer {
  from: string;
  to: string;
  verb: string;
  swapped: boolean;
  /** P(from → to) from this one question. */
  pForward: number;
  fromCache: boolean;
}

/** Asks about the pair (from, to); returns P(from → to) averaged over verbs and orders (probability space). */
export async function askArc(
  options: LlmExpertOptions,
  from: string,
  to: string,
): Promise<{ pForward: number; answers: LlmAnswer[] }> {
  const answers: LlmAnswer[] = [];
  const verbs = options.verbRng
    ? drawVerbs(options.verbRng, options.nVerbs)
    : causalVerbs.slice(0, options.nVerbs);
  for (const verb of verbs) {
    for (const swapped of options.swapOrder ? [false, true] : [false]) {
      const [first, second] = swapped ? [to, from] : [from, to];
      const messages = buildMessages({
        codebook: options.codebook,
        first,
        second,
        verb,
        template: options.template,
      });
      const context = `the edge ${from}–${to} (verb '${verb}'${swapped ? ', swapped' : ''})`;
      const request: ChatRequest = {
        messages,
        temperature: 0,
        maxTokens: 1,
        logprobs: true,
        topLogprobs: 10,
      };
      const completion = await options.client.complete(request);
      let pA = probabilityOfA(completion, context);
      let fromCache = completion.fromCache;
      if (pA === null) {
        const sampled = await options.client.complete({ messages, temperature: 1, maxTokens: 1, n: 10 });
        pA = voteProbabilityOfA(sampled, context);
        fromCache = fromCache && sampled.fromCache;
      }
      answers.push({ from, to, verb, swapped, pForward: swapped ? 1 - pA : pA, fromCache });
    }
  }
  return { pForward: answers.reduce((s, a) => s + a.pForward, 0) / answers.length, answers };
}
