// Walking a study's zod config schema: which keys exist (for --set and for presets), what type
// each holds and its default (the paper's value), so errors and --help can list what is valid.
import { z } from 'zod';
import type { JsonValue } from './json-value.js';

type Schema = z.core.$ZodType;

export interface ConfigField {
  /** Dotted path, e.g. 'optimiser.lr'. */
  key: string;
  /** Short type text, e.g. 'number > 0', 'integer in [1, 100]', 'one of "adam" | "sgd"'. */
  type: string;
  /** The schema's default (the paper's value), when it has one. */
  defaultValue: JsonValue | undefined;
}

/** Strips wrappers that do not change which keys exist: default, optional, nullable, readonly, ... */
export function unwrapSchema(schema: Schema): Schema {
  if (
    schema instanceof z.core.$ZodDefault ||
    schema instanceof z.core.$ZodPrefault ||
    schema instanceof z.core.$ZodOptional ||
    schema instanceof z.core.$ZodNullable ||
    schema instanceof z.core.$ZodNonOptional ||
    schema instanceof z.core.$ZodReadonly ||
    schema instanceof z.core.$ZodCatch
  ) {
    return unwrapSchema(schema._zod.def.innerType);
  }
  if (schema instanceof z.core.$ZodPipe) return unwrapSchema(schema._zod.def.in);
  return schema;
}

/** The object schema's fields, or undefined when `schema` (unwrapped) is not an object. */
export function objectShape(schema: Schema): Record<string, Schema> | undefined {
  const inner = unwrapSchema(schema);
  return inner instanceof z.core.$ZodObject ? inner._zod.def.shape : undefined;
}

/** True for a record (free keys): `--set` may name any key below it. */
export function isRecordSchema(schema: Schema): boolean {
  return unwrapSchema(schema) instanceof z.core.$ZodRecord;
}

/** True for z.int() and z.number().int(): an integer format on the schema itself or among its checks. */
function isIntegerSchema(schema: z.core.$ZodNumber): boolean {
  const defs: object[] = [schema._zod.def, ...(schema._zod.def.checks ?? []).map((check) => check._zod.def)];
  return defs.some((def) => 'format' in def && typeof def.format === 'string' && def.format.includes('int'));
}

/** The number's bounds from its checks: ' ≥ 1', ' > 0', ' in [0, 1]', ' in (0, 1]'; empty when it has none. */
function numberBounds(schema: z.core.$ZodNumber): string {
  let lower: { value: number; inclusive: boolean } | undefined;
  let upper: { value: number; inclusive: boolean } | undefined;
  for (const check of schema._zod.def.checks ?? []) {
    const def = check._zod.def as { check?: string; value?: unknown; inclusive?: boolean };
    if (typeof def.value !== 'number') continue;
    if (def.check === 'greater_than') lower = { value: def.value, inclusive: def.inclusive === true };
    if (def.check === 'less_than') upper = { value: def.value, inclusive: def.inclusive === true };
  }
  if (lower && upper) {
    return ` in ${lower.inclusive ? '[' : '('}${lower.value}, ${upper.value}${upper.inclusive ? ']' : ')'}`;
  }
  if (lower) return ` ${lower.inclusive ? '≥' : '>'} ${lower.value}`;
  if (upper) return ` ${upper.inclusive ? '≤' : '<'} ${upper.value}`;
  return '';
}

/** A short, human description of what `schema` accepts. */
export function describeSchema(schema: Schema): string {
  const inner = unwrapSchema(schema);
  if (inner instanceof z.core.$ZodNumber) {
    return `${isIntegerSchema(inner) ? 'integer' : 'number'}${numberBounds(inner)}`;
  }
  if (inner instanceof z.core.$ZodEnum) {
    return `one of ${Object.values(inner._zod.def.entries)
      .map((value) => JSON.stringify(value))
      .join(' | ')}`;
  }
  if (inner instanceof z.core.$ZodLiteral) {
    return inner._zod.def.values.map((value) => JSON.stringify(value)).join(' | ');
  }
  if (inner instanceof z.core.$ZodTuple) return `[${inner._zod.def.items.map(describeSchema).join(', ')}]`;
  if (inner instanceof z.core.$ZodArray) return `${describeSchema(inner._zod.def.element)}[]`;
  if (inner instanceof z.core.$ZodUnion) return inner._zod.def.options.map(describeSchema).join(' | ');
  return inner._zod.def.type;
}

function defaultOf(schema: Schema): JsonValue | undefined {
  const result = z.safeParse(schema, undefined);
  return result.success ? z.json().safeParse(result.data).data : undefined;
}

/** Every leaf field of an object schema, depth first, with its dotted key, type and default. */
export function configFields(schema: Schema, prefix = ''): ConfigField[] {
  const shape = objectShape(schema);
  if (shape === undefined) return [];
  const fields: ConfigField[] = [];
  for (const [name, field] of Object.entries(shape)) {
    const key = prefix === '' ? name : `${prefix}.${name}`;
    if (objectShape(field) === undefined) {
      fields.push({ key, type: describeSchema(field), defaultValue: defaultOf(field) });
    } else {
      fields.push(...configFields(field, key));
    }
  }
  return fields;
}

/**
 * Checks that the dotted `key` names a field of `schema`. Returns undefined when it does, otherwise
 * why not (the unknown segment, or a segment that is not an object).
 */
export function keyProblem(schema: Schema, key: string): string | undefined {
  const segments = key.split('.');
  let current = schema;
  for (const [index, segment] of segments.entries()) {
    if (isRecordSchema(current)) return undefined;
    const shape = objectShape(current);
    const parent = segments.slice(0, index).join('.');
    if (shape === undefined) return `'${parent}' is ${describeSchema(current)}, not an object with keys`;
    const field = shape[segment];
    if (field === undefined || !Object.hasOwn(shape, segment)) {
      return parent === '' ? `unknown key '${segment}'` : `'${parent}' has no key '${segment}'`;
    }
    current = field;
  }
  return undefined;
}
