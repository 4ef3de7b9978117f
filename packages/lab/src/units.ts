// Unit tables: the unit-level outcomes a run's verdicts rest on (one row per episode, task, seed or
// cell), written as CSV under units/ in the run folder, small enough to commit (gzip-compressed
// past 1 MB). Claims are always decided on the tables as read back from disk, so rechecking a run
// from its folder (recheck.ts) gives the same claims.json as the run itself.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { writeFileAtomic } from './atomic-write.js';
import type { UnitTables } from './claims.js';
import { toCsv } from './csv.js';
import type { TableRow } from './table-rows.js';

/** A unit table's row schema: a flat object of numbers, strings and booleans. */
export type UnitSchema = z.ZodObject<Record<string, z.ZodType<number | string | boolean>>>;
export type UnitSchemas = Record<string, UnitSchema>;
export type UnitsOf<Schemas extends UnitSchemas> = {
  [Name in keyof Schemas]: readonly z.output<Schemas[Name]>[];
};

/** Above this size a table is written gzip-compressed (name.csv.gz). */
export const gzipThresholdBytes = 1_000_000;

export function unitsFolder(runDir: string): string {
  return join(runDir, 'units');
}

function tablePaths(runDir: string, name: string): { csv: string; gz: string } {
  const csv = join(unitsFolder(runDir), `${name}.csv`);
  return { csv, gz: `${csv}.gz` };
}

/** Writes one unit table atomically, after checking every row against its schema. */
export async function writeUnitTable(
  runDir: string,
  name: string,
  schema: UnitSchema,
  rows: readonly Record<string, unknown>[],
): Promise<string> {
  const checked = z.array(schema).safeParse(rows);
  if (!checked.success) {
    throw new Error(`unit table '${name}' does not match its schema: ${z.prettifyError(checked.error)}`);
  }
  const columns = Object.keys(schema.shape);
  const text = toCsv(checked.data as TableRow[], columns);
  const paths = tablePaths(runDir, name);
  if (Buffer.byteLength(text) <= gzipThresholdBytes) {
    await writeFileAtomic(paths.csv, text);
    return paths.csv;
  }
  await writeFileAtomic(paths.gz, gzipSync(text));
  return paths.gz;
}

/** The field's base zod type, through optional/nullable/default wrappers. */
function baseType(field: z.ZodType): z.ZodType {
  let current: z.ZodType = field;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/** A CSV cell back to the value the schema expects: numbers and booleans are written as JavaScript prints them. */
function cellValue(text: string, field: z.ZodType): unknown {
  const base = baseType(field);
  const options = base instanceof z.ZodUnion ? (base.options as z.ZodType[]) : [base];
  if (options.some((option) => option instanceof z.ZodNumber || option instanceof z.ZodNaN))
    return text === '' ? Number.NaN : Number(text);
  if (base instanceof z.ZodBoolean) return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}

async function readTableText(runDir: string, name: string): Promise<string | undefined> {
  const paths = tablePaths(runDir, name);
  if (existsSync(paths.csv)) return readFile(paths.csv, 'utf8');
  if (existsSync(paths.gz)) return gunzipSync(await readFile(paths.gz)).toString('utf8');
  return undefined;
}

/**
 * Reads every declared unit table back from the run folder, each row checked by its schema. A
 * table the run did not write reads as empty; a malformed one is an error naming file and row.
 */
export async function readUnitTables<Schemas extends UnitSchemas>(
  runDir: string,
  schemas: Schemas,
): Promise<UnitsOf<Schemas>> {
  const tables: UnitTables = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const text = await readTableText(runDir, name);
    if (text === undefined) {
      tables[name] = [];
      continue;
    }
    const records: Record<string, string>[] = parse(text, { columns: true, skip_empty_lines: true });
    tables[name] = records.map((record, index) => {
      const row = Object.fromEntries(
        Object.entries(schema.shape).map(([key, field]) => [key, cellValue(record[key] ?? '', field)]),
      );
      const parsed = schema.safeParse(row);
      if (!parsed.success) {
        throw new Error(
          `units/${name}.csv row ${index + 2} does not match its schema: ${z.prettifyError(parsed.error)}`,
        );
      }
      return parsed.data;
    });
  }
  return tables as UnitsOf<Schemas>;
}
