// JSON values: what a summary, a metric record, a checkpoint state and a pool job's args and result
// may hold. Checked at the boundary so a bad value fails with its path instead of being silently
// turned into `null` (NaN) or dropped (undefined, functions) by JSON.stringify.
import { z } from 'zod';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** zod's JSON schema, used when reading files back. */
export const JsonValue: z.ZodType<JsonValue> = z.json();
export const JsonObject: z.ZodType<JsonObject> = z.record(z.string(), z.json());

/** Returns a description of the first non-JSON value inside `value`, or undefined when it is JSON. */
export function findNonJson(value: unknown, path = '$'): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot hold`;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const problem = findNonJson(item, `${path}[${index}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      return `${path} is a ${prototype?.constructor?.name ?? 'class instance'}, not a plain object`;
    }
    for (const [key, item] of Object.entries(value)) {
      const problem = findNonJson(item, `${path}.${key}`);
      if (problem) return problem;
    }
    return undefined;
  }
  return `${path} is ${typeof value}, which JSON cannot hold`;
}

/** Throws when `value` is not plain JSON; `label` names it in the message (e.g. 'summary'). */
export function assertJson(value: unknown, label: string): asserts value is JsonValue {
  const problem = findNonJson(value, label);
  if (problem)
    throw new TypeError(
      `${problem} (values must be JSON: finite numbers, strings, booleans, null, arrays, plain objects)`,
    );
}

/** Deep equality of two JSON values (key order ignored). */
export function isJsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => isJsonEqual(item, b[i]!))
    );
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => key in b && isJsonEqual(a[key]!, b[key]!));
}

/** `value` as a JSON object, or an error naming `label` and the first non-JSON part. */
export function toJsonObject(value: unknown, label: string): JsonObject {
  assertJson(value, label);
  const parsed = JsonObject.safeParse(value);
  if (!parsed.success) throw new TypeError(`${label} must be a JSON object`);
  return parsed.data;
}
