// The LLM answer cache: a key that depends on what was asked and nothing else, one atomically
// written file per answer, the three modes, and corrupt files named instead of silently re-asked.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { z } from 'zod';
import {
  cacheKey,
  canonicalJson,
  InputError,
  LlmCache,
  LlmCacheError,
  type LlmCacheOptions,
} from '../src/index.js';
import { makeTempDir } from './helpers.js';

const request = { messages: [{ role: 'user', content: 'Is the sky blue?' }], temperature: 0, n: 2 };
const keyInput = { baseUrl: 'http://127.0.0.1:8000/v1', model: 'tiny', request };
const Answer = z.object({ text: z.string() });

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir('llm-cache');
});
afterEach(() => temp.remove());

describe('cacheKey', () => {
  test('is the sha256 hex of { baseUrl, model, request }, whatever the key order', () => {
    const key = cacheKey(keyInput);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const reordered = { request: { n: 2, temperature: 0, messages: request.messages }, model: 'tiny' };
    expect(cacheKey({ ...reordered, baseUrl: keyInput.baseUrl })).toBe(key);
    expect(cacheKey({ ...keyInput, request: { ...request, seed: undefined } })).toBe(key);
  });

  test('changes with the endpoint, the model and every request field', () => {
    const key = cacheKey(keyInput);
    const variants = [
      { ...keyInput, baseUrl: 'http://127.0.0.1:8001/v1' },
      { ...keyInput, model: 'tiny-2' },
      { ...keyInput, request: { ...request, temperature: 1 } },
      { ...keyInput, request: { ...request, messages: [{ role: 'user', content: 'Is the sea blue?' }] } },
    ];
    const keys = new Set(variants.map((variant) => cacheKey(variant)));
    expect(keys.size).toBe(variants.length);
    expect(keys.has(key)).toBe(false);
  });

  test('canonicalJson sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null }, skipped: undefined })).toBe(
      '{"a":{"c":null,"d":[3,1]},"b":1}',
    );
  });
});

describe('LlmCache', () => {
  test('read-write: a miss is undefined, a write is one JSON file read back as written', async () => {
    const cache = new LlmCache({ dir: temp.dir, mode: 'read-write' });
    const key = cacheKey(keyInput);
    expect(await cache.read(key, Answer)).toBeUndefined();
    await cache.write(key, { model: 'tiny', request, response: { text: 'yes' } });

    expect(readdirSync(temp.dir)).toEqual([`${key}.json`]); // no temp file left
    const file = JSON.parse(readFileSync(join(temp.dir, `${key}.json`), 'utf8'));
    expect(Object.keys(file).sort()).toEqual(['key', 'model', 'request', 'response', 'savedAt']);
    const cached = await cache.read(key, Answer);
    expect(cached).toMatchObject({ key, model: 'tiny', request, response: { text: 'yes' } });
    expect(cached?.path).toBe(join(temp.dir, `${key}.json`));
    expect(Number.isNaN(Date.parse(cached?.savedAt ?? ''))).toBe(false);
  });

  test('read-only: a hit is read, a miss is an error saying how to record one, nothing is written', async () => {
    const key = cacheKey(keyInput);
    await new LlmCache({ dir: temp.dir, mode: 'read-write' }).write(key, {
      model: 'tiny',
      request,
      response: { text: 'yes' },
    });
    const cache = new LlmCache({ dir: temp.dir, mode: 'read-only' });
    expect((await cache.read(key, Answer))?.response).toEqual({ text: 'yes' });

    const missing = cacheKey({ ...keyInput, model: 'other' });
    const error = await cache.read(missing, Answer).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LlmCacheError);
    expect(String(error)).toContain(
      `no cached answer for this request (key ${missing}) in ${temp.dir}; ` +
        'run with cache mode read-write and an endpoint to record one',
    );
    await cache.write(missing, { model: 'other', request, response: { text: 'no' } });
    expect(existsSync(join(temp.dir, `${missing}.json`))).toBe(false);
  });

  test('off: never reads, never writes', async () => {
    const cache = new LlmCache({ dir: join(temp.dir, 'off'), mode: 'off' });
    const key = cacheKey(keyInput);
    await cache.write(key, { model: 'tiny', request, response: { text: 'yes' } });
    expect(await cache.read(key, Answer)).toBeUndefined();
    expect(existsSync(join(temp.dir, 'off'))).toBe(false);
  });

  test('a corrupt file is an error naming the file and what is wrong', async () => {
    const cache = new LlmCache({ dir: temp.dir, mode: 'read-write' });
    const key = cacheKey(keyInput);
    const path = join(temp.dir, `${key}.json`);

    writeFileSync(path, '{"key": "trunc');
    await expect(cache.read(key, Answer)).rejects.toThrow(`LLM cache file ${path} is corrupt: not JSON`);

    writeFileSync(path, JSON.stringify({ key, model: 'tiny', request, savedAt: 7, response: {} }));
    await expect(cache.read(key, Answer)).rejects.toThrow(/savedAt: Invalid input: expected string/);

    writeFileSync(path, JSON.stringify({ key, model: 'tiny', request, savedAt: '', response: { text: 1 } }));
    await expect(cache.read(key, Answer)).rejects.toThrow(/response\.text: Invalid input: expected string/);

    writeFileSync(path, JSON.stringify({ key: 'abc', model: 'tiny', request, savedAt: '', response: {} }));
    await expect(cache.read(key, Answer)).rejects.toThrow('it holds key abc');
  });

  test('bad options name the field and the valid modes', () => {
    const options = { dir: temp.dir, mode: 'replay' } as unknown as LlmCacheOptions;
    expect(() => new LlmCache(options)).toThrow(InputError);
    expect(() => new LlmCache(options)).toThrow(/LlmCache\.mode: .*read-write \| read-only \| off/);
  });
});
