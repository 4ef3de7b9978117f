// The on-disk cache of LLM answers, so a run that called an endpoint once replays offline. One JSON
// file per request, `<dir>/<key>.json`, holding { key, model, request, response, savedAt } and written
// atomically. The key is the sha256 of the canonical JSON of { baseUrl, model, request }: the API key
// is never part of it and never written (the client does not hand it over, and cuts it out of an
// answer or request that contains it before writing).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from './atomic-write.js';
import { InputError } from './input-error.js';
import { JsonObject } from './json-value.js';

/** read-write: hits are read, misses asked and saved; read-only: a miss is an error; off: no cache. */
export const LlmCacheMode = z.enum(['read-write', 'read-only', 'off']);
export type LlmCacheMode = z.infer<typeof LlmCacheMode>;

export const LlmCacheOptions = z.strictObject({
  dir: z.string().min(1),
  mode: LlmCacheMode,
});
export type LlmCacheOptions = z.infer<typeof LlmCacheOptions>;

/** What identifies an answer. The request is the validated request, before it becomes wire format. */
export interface CacheKeyInput {
  baseUrl: string;
  model: string;
  request: unknown;
}

export type LlmCacheFailure =
  | { kind: 'miss'; key: string; dir: string }
  | { kind: 'corrupt'; path: string; reason: string };

export class LlmCacheError extends Error {
  readonly failure: LlmCacheFailure;

  constructor(failure: LlmCacheFailure) {
    super(cacheFailureMessage(failure));
    this.name = 'LlmCacheError';
    this.failure = failure;
  }
}

function cacheFailureMessage(failure: LlmCacheFailure): string {
  switch (failure.kind) {
    case 'miss':
      return (
        `no cached answer for this request (key ${failure.key}) in ${failure.dir}; ` +
        'run with cache mode read-write and an endpoint to record one'
      );
    case 'corrupt':
      return `LLM cache file ${failure.path} is corrupt: ${failure.reason} (delete it to ask again)`;
  }
}

/**
 * JSON text with object keys sorted (by code unit, not locale) and undefined properties left out, so
 * two equal requests give the same text whatever order their keys were written in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const entries = Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}

/** sha256 hex of the canonical JSON of { baseUrl, model, request }. */
export function cacheKey(input: CacheKeyInput): string {
  const { baseUrl, model, request } = input;
  return createHash('sha256').update(canonicalJson({ baseUrl, model, request })).digest('hex');
}

/** One cache file read back; `response` has passed the caller's schema. */
export interface CachedAnswer<Response> {
  key: string;
  model: string;
  request: JsonObject;
  response: Response;
  savedAt: string;
  path: string;
}

const CacheFile = z.object({
  key: z.string(),
  model: z.string(),
  request: JsonObject,
  response: z.unknown(),
  savedAt: z.string(),
});

/** zod issues as `path: message` pairs; `prefix` names the part of the file that was checked. */
function issuesText(issues: readonly z.core.$ZodIssue[], prefix = ''): string {
  return issues
    .map(
      (issue) =>
        `${[prefix, ...issue.path].filter((part) => part !== '').join('.') || '(file)'}: ${issue.message}`,
    )
    .join('; ');
}

export class LlmCache {
  readonly dir: string;
  readonly mode: LlmCacheMode;

  constructor(options: LlmCacheOptions) {
    const parsed = LlmCacheOptions.safeParse(options);
    if (!parsed.success) {
      throw new InputError(
        parsed.error.issues.map((issue) => ({
          key: ['LlmCache', ...issue.path].join('.'),
          message: `${issue.message}; valid: { dir: a folder, mode: ${LlmCacheMode.options.join(' | ')} }`,
        })),
      );
    }
    this.dir = parsed.data.dir;
    this.mode = parsed.data.mode;
  }

  pathFor(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  /**
   * The cached answer for `key`, its response checked by `response`; undefined when the mode is off
   * or (read-write) nothing is cached yet. A miss in read-only mode, or a file that is not a valid
   * cache entry, throws an LlmCacheError.
   */
  async read<Response>(
    key: string,
    response: z.ZodType<Response>,
  ): Promise<CachedAnswer<Response> | undefined> {
    if (this.mode === 'off') return undefined;
    const path = this.pathFor(key);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
      if (this.mode === 'read-only') throw new LlmCacheError({ kind: 'miss', key, dir: this.dir });
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new LlmCacheError({ kind: 'corrupt', path, reason: `not JSON (${reason})` });
    }
    const file = CacheFile.safeParse(json);
    if (!file.success) {
      throw new LlmCacheError({ kind: 'corrupt', path, reason: issuesText(file.error.issues) });
    }
    if (file.data.key !== key) {
      throw new LlmCacheError({ kind: 'corrupt', path, reason: `it holds key ${file.data.key}` });
    }
    const parsedResponse = response.safeParse(file.data.response);
    if (!parsedResponse.success) {
      const reason = issuesText(parsedResponse.error.issues, 'response');
      throw new LlmCacheError({ kind: 'corrupt', path, reason });
    }
    return { ...file.data, response: parsedResponse.data, path };
  }

  /**
   * Saves an answer (read-write mode only; otherwise nothing is written). `request` and `response`
   * are JSON values; undefined properties are left out, as JSON.stringify does.
   */
  async write(key: string, entry: { model: string; request: unknown; response: unknown }): Promise<void> {
    if (this.mode !== 'read-write') return;
    const savedAt = new Date().toISOString();
    await writeJsonAtomic(this.pathFor(key), {
      key,
      model: entry.model,
      request: entry.request,
      response: entry.response,
      savedAt,
    });
  }
}
