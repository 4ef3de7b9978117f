// A client for OpenAI-compatible chat endpoints (OpenAI, vLLM, llama.cpp's server, Ollama), on
// Node's fetch. Requests and answers are zod-checked; 429, 5xx, network errors and timeouts are
// retried with backoff; an LlmCache makes a run replay offline. The API key is read from the
// environment at request time and goes only into the Authorization header: never onto the client,
// into a cache key or file, a log line or an error. Prompts and reading the answers belong to studies.
import { z } from 'zod';
import { InputError, type InputProblem } from './input-error.js';
import { cacheKey, LlmCache } from './llm-cache.js';
import {
  type ChatCompletion,
  ChatCompletionWire,
  ChatRequest,
  toCompletion,
  wireRequest,
} from './llm-wire.js';
import type { Logger } from './logger.js';

// ---------------------------------------------------------------------------------------------------
// Errors

/** Why a request failed. Every text in here has had the API key cut out. */
export type LlmFailure =
  | { kind: 'missing-key'; envVar: string }
  | { kind: 'status'; status: number; bodyExcerpt: string }
  | { kind: 'network'; reason: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'malformed'; issues: { path: string; message: string }[]; bodyExcerpt: string };

export class LlmError extends Error {
  readonly failure: LlmFailure;
  /** `POST <baseUrl>/chat/completions`. */
  readonly endpoint: string;
  /** HTTP requests made (0 when none could be made). */
  readonly attempts: number;

  constructor(failure: LlmFailure, endpoint: string, attempts: number) {
    super(llmFailureMessage(failure, endpoint, attempts));
    this.name = 'LlmError';
    this.failure = failure;
    this.endpoint = endpoint;
    this.attempts = attempts;
  }
}

function llmFailureMessage(failure: LlmFailure, endpoint: string, attempts: number): string {
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`;
  switch (failure.kind) {
    case 'missing-key':
      return `LLM API key missing: set the environment variable ${failure.envVar} (the key for ${endpoint})`;
    case 'status':
      return `LLM request failed: HTTP ${failure.status} from ${endpoint} after ${tries}: ${failure.bodyExcerpt}`;
    case 'network':
      return `LLM request failed: could not reach ${endpoint} (${failure.reason}) after ${tries}`;
    case 'timeout':
      return `LLM request timed out after ${failure.timeoutMs} ms (${endpoint}) on each of ${tries}`;
    case 'malformed': {
      const issues = failure.issues.map((issue) =>
        issue.path === '' ? `: ${issue.message}` : ` at ${issue.path}: ${issue.message}`,
      );
      return `LLM answer malformed${issues.join(';')} (${endpoint}; body: ${failure.bodyExcerpt})`;
    }
  }
}

/** `text` with every occurrence of `secret` replaced, so an echoed key cannot leak into an error. */
function redacted(text: string, secret: string): string {
  return text.split(secret).join('[redacted]');
}

const excerptLength = 300;

function excerpt(text: string, secret: string): string {
  const oneLine = redacted(text, secret).replace(/\s+/g, ' ').trim();
  if (oneLine === '') return '(empty body)';
  return oneLine.length > excerptLength ? `${oneLine.slice(0, excerptLength)}…` : oneLine;
}

/** The answer checked against the wire schema, or the failure naming each bad field. */
function parseAnswer(text: string, secret: string): ChatCompletionWire | LlmFailure {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return {
      kind: 'malformed',
      issues: [{ path: '', message: 'body is not JSON' }],
      bodyExcerpt: excerpt(text, secret),
    };
  }
  const parsed = ChatCompletionWire.safeParse(json);
  if (parsed.success) return parsed.data;
  return {
    kind: 'malformed',
    issues: parsed.error.issues.map((issue) => ({
      path: issue.path.join('.') || '(body)',
      message: redacted(issue.message.replace(/^Invalid input: /, ''), secret),
    })),
    bodyExcerpt: excerpt(text, secret),
  };
}

// ---------------------------------------------------------------------------------------------------
// The client

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

function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = 'code' in cause && typeof cause.code === 'string' ? `${cause.code}: ` : '';
    return `${error.message}: ${code}${cause.message}`;
  }
  return error.message;
}

/** One POST; the timer covers the headers and the whole body. */
async function post(url: string, apiKey: string, body: string, timeoutMs: number): Promise<Attempt> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body,
      signal: controller.signal,
    });
    const text = await response.text();
    return {
      kind: 'answer',
      status: response.status,
      text,
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
    };
  } catch (error) {
    if (controller.signal.aborted) return { kind: 'timeout' };
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
  const { model, apiKeyEnv, timeoutMs, maxRetries, cache, log } = parsed.data;
  const env = parsed.data.env ?? process.env;
  const sleep = parsed.data.sleep ?? defaultSleep;

  const baseUrlSetting = parsed.data.baseUrl ?? env.OPENAI_BASE_URL ?? defaultBaseUrl;
  const baseUrlCheck = HttpUrl.safeParse(baseUrlSetting);
  if (!baseUrlCheck.success) {
    throw new InputError(inputProblems(baseUrlCheck.error.issues, baseUrlSetting, 'OPENAI_BASE_URL'));
  }
  const baseUrl = baseUrlCheck.data.replace(/\/+$/, '');
  const url = `${baseUrl}/chat/completions`;
  const endpoint = `POST ${url}`;

  const counters: ChatClientStats = {
    requests: 0,
    cacheHits: 0,
    retries: 0,
    promptTokens: 0,
    completionTokens: 0,
  };

  /** Sends the request, retrying what may pass on a second try; returns the checked answer. */
  async function ask(request: ChatRequest): Promise<ChatCompletionWire> {
    const apiKey = env[apiKeyEnv];
    if (apiKey === undefined || apiKey === '') {
      throw new LlmError({ kind: 'missing-key', envVar: apiKeyEnv }, endpoint, 0);
    }
    const body = JSON.stringify(wireRequest(model, request));
    for (let attempts = 1; ; attempts++) {
      const attempt = await post(url, apiKey, body, timeoutMs);
      if (attempt.kind === 'answer' && attempt.status >= 200 && attempt.status < 300) {
        const answer = parseAnswer(attempt.text, apiKey);
        if ('choices' in answer) return answer;
        throw new LlmError(answer, endpoint, attempts);
      }
      const failure: LlmFailure =
        attempt.kind === 'answer'
          ? { kind: 'status', status: attempt.status, bodyExcerpt: excerpt(attempt.text, apiKey) }
          : attempt.kind === 'timeout'
            ? { kind: 'timeout', timeoutMs }
            : attempt;
      if (!isRetryable(attempt) || attempts > maxRetries) throw new LlmError(failure, endpoint, attempts);

      // Wait as the server asks (Retry-After), else back off exponentially, then try again.
      const waitMs = (attempt.kind === 'answer' ? attempt.retryAfterMs : undefined) ?? backoffMs(attempts);
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

      // Else from the endpoint, saved for the next run.
      const answer = await ask(request);
      counters.promptTokens += answer.usage?.prompt_tokens ?? 0;
      counters.completionTokens += answer.usage?.completion_tokens ?? 0;
      await cache?.write(key, { model, request, response: answer });
      return toCompletion(answer, false);
    },
    stats: () => ({ ...counters }),
  };
}
