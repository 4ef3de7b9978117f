// How an LLM request fails, as data (LlmFailure) and as an error (LlmError) naming the endpoint and
// the attempts; and the API key's redaction from every text that leaves the client: error messages,
// body excerpts, answers and cache files.
import { ChatCompletionWire } from './llm-wire.js';

/** Why a request failed. Every text in here has had the API key cut out. */
export type LlmFailure =
  | { kind: 'missing-key'; envVar: string }
  | { kind: 'status'; status: number; bodyExcerpt: string }
  | { kind: 'network'; reason: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'malformed'; issues: { path: string; message: string }[]; bodyExcerpt: string }
  /** The server asked (Retry-After) for a longer wait than the client's maxRetryAfterMs. */
  | {
      kind: 'retry-after-too-long';
      status: number;
      retryAfterMs: number;
      maxRetryAfterMs: number;
      bodyExcerpt: string;
    };

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
    case 'retry-after-too-long':
      return (
        `LLM request failed: HTTP ${failure.status} from ${endpoint} after ${tries}: the server asked to ` +
        `wait ${failure.retryAfterMs / 1000} s (Retry-After), more than the ${failure.maxRetryAfterMs / 1000} s ` +
        'cap; raise the client option maxRetryAfterMs to wait that long, or try again later ' +
        `(body: ${failure.bodyExcerpt})`
      );
    case 'malformed': {
      const issues = failure.issues.map((issue) =>
        issue.path === '' ? `: ${issue.message}` : ` at ${issue.path}: ${issue.message}`,
      );
      return `LLM answer malformed${issues.join(';')} (${endpoint}; body: ${failure.bodyExcerpt})`;
    }
  }
}

/** `text` with every occurrence of `secret` replaced, so an echoed key cannot leak into an error. */
export function redacted(text: string, secret: string): string {
  return text.split(secret).join('[redacted]');
}

/**
 * Keys shorter than this are placeholders for local servers that need none ("x", "EMPTY",
 * "ollama"): cutting them out of answers would mangle the model's text and protect nothing.
 * Errors are still redacted whatever the length.
 */
const minRedactedKeyLength = 8;

/** A JSON value with `secret` cut out of every string in it; `found` tells whether it was there. */
export function redactedJson<T>(value: T, secret: string): { value: T; found: boolean } {
  if (secret.length < minRedactedKeyLength) return { value, found: false };
  const hits = { count: 0 };
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'string' || !item.includes(secret)) return item;
    hits.count++;
    return redacted(item, secret);
  });
  // Object keys need no pass: requests and answers are zod-parsed, so their keys are the schema's.
  return hits.count === 0 ? { value, found: false } : { value: JSON.parse(text) as T, found: true };
}

const excerptLength = 300;

export function excerpt(text: string, secret: string): string {
  const oneLine = redacted(text, secret).replace(/\s+/g, ' ').trim();
  if (oneLine === '') return '(empty body)';
  return oneLine.length > excerptLength ? `${oneLine.slice(0, excerptLength)}…` : oneLine;
}

/** The answer checked against the wire schema, or the failure naming each bad field. */
export function parseAnswer(text: string, secret: string): ChatCompletionWire | LlmFailure {
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
