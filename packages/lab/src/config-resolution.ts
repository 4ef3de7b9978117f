// From the paper's defaults to the config a run uses: schema defaults (the paper's values), then
// the chosen preset, then the --set overrides, validated once by the study's schema. Every problem
// is reported with the key, the bad value and what is valid, before any work starts.
import { z } from 'zod';
import { configFields, describeSchema, keyProblem, objectShape, unwrapSchema } from './config-schema.js';
import { InputError, type InputProblem } from './input-error.js';
import type { JsonObject, JsonValue } from './json-value.js';

type Schema = z.core.$ZodType;

/** `--set` overrides: dotted key → value, in the order given. */
export type ConfigOverrides = Record<string, JsonValue>;

/** A preset: a partial config holding only what differs from the paper's values. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema of the field at a dotted key, or undefined when the key is free (inside a record) or unknown. */
function fieldAt(schema: Schema, key: string): Schema | undefined {
  let current: Schema | undefined = schema;
  for (const segment of key.split('.')) {
    const shape: Record<string, Schema> | undefined =
      current === undefined ? undefined : objectShape(current);
    current = shape?.[segment];
  }
  return current;
}

/** A --set value as the field wants it: JSON when it parses, else the text; text fields keep the text. */
function interpretValue(field: Schema | undefined, text: string): JsonValue {
  const inner = field === undefined ? undefined : unwrapSchema(field);
  const wantsText =
    inner instanceof z.core.$ZodString ||
    (inner instanceof z.core.$ZodEnum &&
      Object.values(inner._zod.def.entries).every((v) => typeof v === 'string'));
  let parsed: JsonValue | undefined;
  try {
    parsed = z.json().parse(JSON.parse(text));
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (wantsText && typeof parsed !== 'string')) return text;
  return parsed;
}

function validKeysText(schema: Schema): string {
  return configFields(schema)
    .map((field) => field.key)
    .join(', ');
}

/** Parses repeated `--set key=value` flags against the schema; unknown keys are errors naming the valid ones. */
export function parseSetFlags(schema: Schema, flags: readonly string[]): ConfigOverrides {
  const overrides: ConfigOverrides = {};
  const problems: InputProblem[] = [];
  for (const flag of flags) {
    const equals = flag.indexOf('=');
    const key = equals < 0 ? '' : flag.slice(0, equals).trim();
    if (key === '') {
      problems.push({
        key: `--set ${flag}`,
        message: `expected key=value, e.g. --set ${configFields(schema)[0]?.key ?? 'key'}=1`,
      });
      continue;
    }
    const problem = keyProblem(schema, key);
    if (problem !== undefined) {
      problems.push({ key: `--set ${key}`, message: `${problem}; valid keys: ${validKeysText(schema)}` });
      continue;
    }
    overrides[key] = interpretValue(fieldAt(schema, key), flag.slice(equals + 1));
  }
  if (problems.length > 0) throw new InputError(problems);
  return overrides;
}

/** `{ 'a.b': 1 }` → `{ a: { b: 1 } }`. */
export function nestOverrides(overrides: ConfigOverrides): JsonObject {
  const nested: JsonObject = {};
  for (const [key, value] of Object.entries(overrides)) {
    const segments = key.split('.');
    let target = nested;
    for (const segment of segments.slice(0, -1)) {
      const next = target[segment];
      if (isPlainObject(next)) target = next;
      else {
        const created: JsonObject = {};
        target[segment] = created;
        target = created;
      }
    }
    target[segments.at(-1)!] = value;
  }
  return nested;
}

/** Deep merge of plain objects; arrays and other values in `override` replace those in `base`. */
export function mergeDeep(
  base: Record<string, unknown>,
  override: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? mergeDeep(current, value) : value;
  }
  return merged;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** The override (by dotted key) that set the value at `path`, if one did. */
function overrideAt(
  overrides: ConfigOverrides,
  path: readonly PropertyKey[],
): [string, JsonValue] | undefined {
  for (let length = path.length; length > 0; length--) {
    const key = pathText(path.slice(0, length));
    if (Object.hasOwn(overrides, key)) return [key, overrides[key]!];
  }
  return undefined;
}

/** zod issues as problems, each naming where the bad value came from (a --set flag or the preset). */
function issueProblems(
  schema: Schema,
  issues: readonly z.core.$ZodIssue[],
  source: { preset: string; overrides: ConfigOverrides },
): InputProblem[] {
  return issues.map((issue) => {
    const field = fieldAt(schema, pathText(issue.path));
    const valid = field === undefined ? '' : ` (valid: ${describeSchema(field)})`;
    const override = overrideAt(source.overrides, issue.path);
    const key =
      override === undefined
        ? `preset '${source.preset}': ${pathText(issue.path) || '(config)'}`
        : `--set ${override[0]}=${JSON.stringify(override[1])}`;
    return { key, message: `${issue.message}${valid}` };
  });
}

/** Names of the presets, for messages. */
export function presetNamesText(presets: Record<string, unknown>): string {
  return Object.keys(presets).join(', ');
}

/**
 * The config of a run: schema defaults, then `presets[preset]`, then `overrides`, parsed by `schema`.
 * Throws an InputError naming every bad key or value and what is valid.
 */
export function resolveConfig<Config extends z.ZodObject>(
  schema: Config,
  presets: Record<string, object>,
  preset: string,
  overrides: ConfigOverrides,
): z.output<Config> {
  const presetValues = presets[preset];
  if (presetValues === undefined || !Object.hasOwn(presets, preset)) {
    throw new InputError([
      { key: '--preset', message: `unknown preset '${preset}'; valid presets: ${presetNamesText(presets)}` },
    ]);
  }
  const problems: InputProblem[] = [];
  for (const key of Object.keys(overrides)) {
    const problem = keyProblem(schema, key);
    if (problem !== undefined)
      problems.push({ key: `--set ${key}`, message: `${problem}; valid keys: ${validKeysText(schema)}` });
  }
  if (problems.length > 0) throw new InputError(problems);
  const input = mergeDeep({ ...presetValues }, nestOverrides(overrides));
  const result = schema.safeParse(input);
  if (!result.success)
    throw new InputError(issueProblems(schema, result.error.issues, { preset, overrides }));
  return result.data;
}

/** Unknown keys inside a preset object (a typo there would otherwise be stripped silently by zod). */
function unknownPresetKeys(schema: Schema, value: Record<string, unknown>, prefix: string): string[] {
  const shape = objectShape(schema);
  if (shape === undefined) return [];
  const unknown: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const dotted = prefix === '' ? key : `${prefix}.${key}`;
    const field = shape[key];
    if (field === undefined || !Object.hasOwn(shape, key)) unknown.push(dotted);
    else if (isPlainObject(item)) unknown.push(...unknownPresetKeys(field, item, dotted));
  }
  return unknown;
}

/** Problems with a study's presets: missing required names, unknown keys, invalid values. */
export function presetProblems(
  schema: z.ZodObject,
  presets: Record<string, object>,
  required: readonly string[],
): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const name of required) {
    if (!Object.hasOwn(presets, name))
      problems.push({
        key: `presets.${name}`,
        message: `missing; every study defines ${required.join(', ')}`,
      });
  }
  for (const [name, values] of Object.entries(presets)) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      problems.push({
        key: `presets.${name}`,
        message: 'preset names are lower-case words with dashes (they name a folder)',
      });
    }
    if (!isPlainObject(values)) {
      problems.push({ key: `presets.${name}`, message: 'must be an object of overrides' });
      continue;
    }
    for (const key of unknownPresetKeys(schema, values, '')) {
      problems.push({
        key: `presets.${name}.${key}`,
        message: `unknown key; valid keys: ${validKeysText(schema)}`,
      });
    }
    const result = schema.safeParse(values);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = fieldAt(schema, pathText(issue.path));
        const valid = field === undefined ? '' : ` (valid: ${describeSchema(field)})`;
        problems.push({
          key: `presets.${name}.${pathText(issue.path)}`,
          message: `${issue.message}${valid}`,
        });
      }
    }
  }
  return problems;
}
