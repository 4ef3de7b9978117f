// A client for OpenAI-compatible chat endpoints (OpenAI, vLLM, llama.cpp's server, Ollama). The
// HTTP request itself is the openai package's (URL, headers, body, connection errors); lab keeps on
// top what studies rely on: zod checks of requests and answers, its own retry loop (429, 5xx,
// network errors, timeouts; Retry-After honoured up to a cap; waits through an injectable Sleep),
// the LlmCache that makes a run replay offline, the counters and the LlmError shape. The API key is
// read from the environment at request time and goes only into the Authorization header: never onto
// the client, into a cache key or file, a log line or an error (an echoed key is cut out of errors,
// answers and cache files). Prompts and reading the answers belong to studies.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { z } from 'zod';
import { InputError, type InputProblem } from './input-error.js';
import { cacheKey, LlmCache } from './llm-cache.js';
import { excerpt, LlmError, type LlmFailure, parseAnswer, redacted, redactedJson } from './llm-error.js';
import {
  type ChatCompletion,
  ChatCompletionWire,
  ChatRequest,
  toCompletion,
  wireRequest,
} from './llm-wire.js';
import type { Logger } from './logger.js';

export type Sleep = (ms: number) => Promise<void>;
export type Env = Readonly<Record<string, string | undefined>>;

export const defaultBaseUrl = 'https://api.openai.com/v1';

const HttpUrl = z.url({
  protocol: /^https?$/,
  error: 'must be an http(s) URL such as http://127.0.0.1:8000/v1',
});

export const ChatClientOptions = z.strictObject({
  model: z.string().min(1),
  baseUrl: HttpUrl.optional(), // default: $OPENAI_BASE_URL, else https://api.openai.com/v1
  apiKeyEnv: z // the NAME of the variable holding the key, never the key (so upper case only)
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, 'must be the NAME of an environment variable (A-Z, 0-9, _), not the key')
    .default('OPENAI_API_KEY'),
  timeoutMs: z.number().int().positive().default(60_000), // per HTTP request, body included
  maxRetries: z.number().int().min(0).default(4), // extra tries after the first, on 429, 5xx, network, timeout
  maxRetryAfterMs: z.number().int().min(0).default(60_000), // longest Retry-After waited; a longer one fails
  // Plumbing, injectable for tests:
  env: z.custom<Env>((value) => typeof value === 'object' && value !== null, 'must be an object').optional(),
  sleep: z.custom<Sleep>((value) => typeof value === 'function', 'must be a function').optional(),
  cache: z.instanceof(LlmCache).optional(),
  log: z
    .custom<Logger>(
      (value) => typeof value === 'object' && value !== null && 'info' in value && 'warn' in value,
      'must be a Logger',
    )
    .optional(),
});
export type ChatClientOptions = z.input<typeof ChatClientOptions>;

export interface ChatClientStats {
  /** complete() calls that passed validation. */
  requests: number;
  /** Of those, answered from the cache. */
  cacheHits: number;
  /** HTTP requests repeated after a 429, 5xx, network error or timeout. */
  retries: number;
  /** Tokens of answers from the endpoint (cached answers cost nothing and are not counted). */
  promptTokens: number;
  completionTokens: number;
}

export interface ChatClient {
  readonly model: string;
  readonly baseUrl: string;
  complete(request: ChatRequest): Promise<ChatCompletion>;
  stats(): ChatClientStats;
}

/** Backoff before retry `retry` (1, 2, ...): 500 ms, 1 s, 2 s, 4 s, ... */
export function backoffMs(retry: number): number {
  return 500 * 2 ** (retry - 1);
}

const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** `Retry-After` in milliseconds when it is a number of seconds (an HTTP date is not used). */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || !/^\s*\d+(\.\d+)?\s*$/.test(header)) return undefined;
  return Math.round(Number(header) * 1000);
}

type Attempt =
  | { kind: 'answer'; status: number; text: string; retryAfterMs: number | undefined }
  | { kind: 'timeout' }
  | { kind: 'network'; reason: string };

/** The messages down an error's cause chain, with their codes: `fetch failed: ECONNREFUSED: connect ...`. */
function networkReason(error: unknown): string {
  const parts: string[] = [];
  // openai wraps fetch's error in an APIConnectionError ("Connection error."): start from its cause.
  let current: unknown = error instanceof APIConnectionError && error.cause ? error.cause : error;
  for (let depth = 0; depth < 4 && current !== undefined; depth++) {
    if (!(current instanceof Error)) {
      parts.push(String(current));
      break;
    }
    const code = 'code' in current && typeof current.code === 'string' ? `${current.code}: ` : '';
    parts.push(`${code}${current.message}`);
    current = current.cause;
  }
  return parts.join(': ');
}

/**
 * The header names openai would add from process.env.OPENAI_CUSTOM_HEADERS ("Name: value" lines,
 * parsed as openai does), each set to null, which tells openai to leave it out.
 */
function envHeadersOff(): Record<string, null> {
  const lines = process.env.OPENAI_CUSTOM_HEADERS?.split('\n') ?? [];
  const names = lines
    .filter((line) => line.includes(':'))
    .map((line) => line.slice(0, line.indexOf(':')).trim());
  return Object.fromEntries(names.map((name) => [name, null]));
}

/**
 * An openai client for one complete() call, made when the request is sent and dropped after, so
 * the key is held by nothing that outlives the call. openai's own retries are off (lab's loop
 * retries, with its waits and the injected Sleep), and so is everything it would take from
 * process.env behind the caller's back, whatever `env` the caller gave: OPENAI_ORG_ID,
 * OPENAI_PROJECT_ID and OPENAI_CUSTOM_HEADERS (headers an endpoint that is not OpenAI has no
 * business seeing), OPENAI_ADMIN_KEY, OPENAI_WEBHOOK_SECRET and OPENAI_LOG (its request logging).
 * `fetch` keeps the body of an error answer as it came: openai keeps only its `error` field (vLLM's
 * `{ object: 'error', message }` would be lost) and lab's errors quote the body.
 */
function openaiFor(
  baseUrl: string,
  apiKey: string,
  timeoutMs: number,
  errorBodies: WeakMap<Headers, string>,
) {
  return new OpenAI({
    apiKey,
    baseURL: baseUrl,
    maxRetries: 0,
    timeout: timeoutMs,
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
    logLevel: 'off',
    defaultHeaders: envHeadersOff(),
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.ok) return response;
      const text = await response.text();
      const copy = new Response(text, { status: response.status, headers: response.headers });
      errorBodies.set(copy.headers, text);
      return copy;
    },
  });
}

/** One POST through openai; the timer covers the headers and the whole body. */
async function post(
  openai: OpenAI,
  body: ReturnType<typeof wireRequest>,
  apiKey: string,
  timeoutMs: number,
  errorBodies: WeakMap<Headers, string>,
): Promise<Attempt> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    // asResponse: the raw answer, so lab's zod check sees (and quotes) the body as it came.
    const response = await openai.chat.completions.create(body, { signal: controller.signal }).asResponse();
    const text = await response.text();
    return { kind: 'answer', status: response.status, text, retryAfterMs: undefined };
  } catch (error) {
    if (controller.signal.aborted || error instanceof APIConnectionTimeoutError) return { kind: 'timeout' };
    if (error instanceof APIError && error.status !== undefined && error.headers !== undefined) {
      return {
        kind: 'answer',
        status: error.status,
        text: errorBodies.get(error.headers) ?? error.message,
        retryAfterMs: retryAfterMs(error.headers.get('retry-after')),
      };
    }
    return { kind: 'network', reason: redacted(networkReason(error), apiKey) };
  } finally {
    clearTimeout(timer);
  }
}

function isRetryable(attempt: Attempt): boolean {
  return attempt.kind !== 'answer' || attempt.status === 429 || attempt.status >= 500;
}

/** zod issues as InputProblems naming the field and its bad value (but never an apiKeyEnv value). */
function inputProblems(issues: readonly z.core.$ZodIssue[], input: unknown, label: string): InputProblem[] {
  return issues.map((issue) => {
    const value = issue.path.includes('apiKeyEnv') ? undefined : valueAt(input, issue.path);
    const isShown = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    const got = isShown ? ` (got ${JSON.stringify(value)})` : '';
    return { key: [label, ...issue.path].join('.'), message: `${issue.message}${got}` };
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = Reflect.get(value, part);
  }
  return value;
}

/**
 * A chat client. Options are checked at once (an InputError names each bad one); the API key is
 * looked up in `env[apiKeyEnv]` (default process.env.OPENAI_API_KEY) only when a request must be
 * sent, so a run that replays from a read-only cache needs no key.
 */
export function createChatClient(options: ChatClientOptions): ChatClient {
  const parsed = ChatClientOptions.safeParse(options);
  if (!parsed.success) throw new InputError(inputProblems(parsed.error.issues, options, 'options'));
  const { model, apiKeyEnv, timeoutMs, maxRetries, maxRetryAfterMs, cache, log } = parsed.data;
  const env = parsed.data.env ?? process.env;
  const sleep = parsed.data.sleep ?? defaultSleep;

  const baseUrlSetting = parsed.data.baseUrl ?? env.OPENAI_BASE_URL ?? defaultBaseUrl;
  const baseUrlCheck = HttpUrl.safeParse(baseUrlSetting);
  if (!baseUrlCheck.success) {
    throw new InputError(inputProblems(baseUrlCheck.error.issues, baseUrlSetting, 'OPENAI_BASE_URL'));
  }
  const baseUrl = baseUrlCheck.data.replace(/\/+$/, '');
  const endpoint = `POST ${baseUrl}/chat/completions`;

  const counters: ChatClientStats = {
    requests: 0,
    cacheHits: 0,
    retries: 0,
    promptTokens: 0,
    completionTokens: 0,
  };

  /**
   * Sends the request, retrying what may pass on a second try. Returns the checked answer and the
   * request, both with the key cut out of every string (for the caller and the cache).
   */
  async function ask(request: ChatRequest): Promise<{ answer: ChatCompletionWire; request: ChatRequest }> {
    const apiKey = env[apiKeyEnv];
    if (apiKey === undefined || apiKey === '') {
      throw new LlmError({ kind: 'missing-key', envVar: apiKeyEnv }, endpoint, 0);
    }
    const errorBodies = new WeakMap<Headers, string>();
    const openai = openaiFor(baseUrl, apiKey, timeoutMs, errorBodies);
    const body = wireRequest(model, request);
    for (let attempts = 1; ; attempts++) {
      const attempt = await post(openai, body, apiKey, timeoutMs, errorBodies);
      if (attempt.kind === 'answer' && attempt.status >= 200 && attempt.status < 300) {
        const parsed = parseAnswer(attempt.text, apiKey);
        if (!('choices' in parsed)) throw new LlmError(parsed, endpoint, attempts);
        const answer = redactedJson(parsed, apiKey);
        if (answer.found) {
          log?.warn(`llm: the API key was echoed in the answer from ${endpoint}; cut out as [redacted]`, {
            model,
          });
        }
        return { answer: answer.value, request: redactedJson(request, apiKey).value };
      }
      const failure: LlmFailure =
        attempt.kind === 'answer'
          ? { kind: 'status', status: attempt.status, bodyExcerpt: excerpt(attempt.text, apiKey) }
          : attempt.kind === 'timeout'
            ? { kind: 'timeout', timeoutMs }
            : attempt;
      if (!isRetryable(attempt) || attempts > maxRetries) throw new LlmError(failure, endpoint, attempts);

      // Wait as the server asks (Retry-After, up to the cap), else back off exponentially, then try again.
      const askedMs = attempt.kind === 'answer' ? attempt.retryAfterMs : undefined;
      if (askedMs !== undefined && askedMs > maxRetryAfterMs && failure.kind === 'status') {
        const { status, bodyExcerpt } = failure;
        const tooLong: LlmFailure = {
          kind: 'retry-after-too-long',
          status,
          retryAfterMs: askedMs,
          maxRetryAfterMs,
          bodyExcerpt,
        };
        throw new LlmError(tooLong, endpoint, attempts);
      }
      const waitMs = askedMs ?? backoffMs(attempts);
      counters.retries++;
      const what = failure.kind === 'status' ? `HTTP ${failure.status}` : failure.kind;
      log?.warn(`llm: ${what} from ${endpoint}; retry ${attempts} of ${maxRetries} in ${waitMs} ms`, {
        model,
        retry: attempts,
        waitMs,
      });
      await sleep(waitMs);
    }
  }

  return {
    model,
    baseUrl,
    async complete(input) {
      const checked = ChatRequest.safeParse(input);
      if (!checked.success) throw new InputError(inputProblems(checked.error.issues, input, 'request'));
      const request = checked.data;
      counters.requests++;

      // From the cache when it holds this request (a read-only cache throws on a miss).
      const key = cacheKey({ baseUrl, model, request });
      const cached = await cache?.read(key, ChatCompletionWire);
      if (cached !== undefined) {
        counters.cacheHits++;
        return toCompletion(cached.response, true);
      }

      // Else from the endpoint, saved for the next run (key cut out of both, as in the answer returned).
      const asked = await ask(request);
      counters.promptTokens += asked.answer.usage?.prompt_tokens ?? 0;
      counters.completionTokens += asked.answer.usage?.completion_tokens ?? 0;
      await cache?.write(key, { model, request: asked.request, response: asked.answer });
      return toCompletion(asked.answer, false);
    },
    stats: () => ({ ...counters }),
  };
}
