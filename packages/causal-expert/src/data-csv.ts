// Data CSV reading (issue 18 points 3–4): a header of column names, then one row per sample.
// Discrete data are 0-based state codes, or state names when the variable's states are declared
// (a BIF network or a levels JSON); continuous data are numbers. Strict: an empty file, a row of
// the wrong length, an empty or non-numeric cell, a code out of the declared range: each is an
// error naming the file, line and column. Fields may be double-quoted ("a", "say ""hi""").
import { type DeclaredLevels, type DeclaredVariable, maxLevels } from './declared-levels.js';
import { InputFileError } from './input-file-error.js';
import type { ContinuousData, DiscreteData } from './sampler.js';

interface CsvField {
  text: string;
  /** 1-based column of the field's first character. */
  column: number;
}

interface CsvRow {
  line: number;
  fields: CsvField[];
}

/** Splits one line into fields; a quoted field may hold commas and doubled quotes. */
function splitLine(raw: string, line: number, source: string): CsvField[] {
  const fields: CsvField[] = [];
  let i = 0;
  for (;;) {
    const column = i + 1;
    let text = '';
    if (raw[i] === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= raw.length)
          throw new InputFileError({ file: source, line, column }, 'a closing double quote', raw.slice(i));
        if (raw[j] === '"' && raw[j + 1] === '"') {
          text += '"';
          j += 2;
        } else if (raw[j] === '"') break;
        else text += raw[j++];
      }
      i = j + 1;
      if (i < raw.length && raw[i] !== ',')
        throw new InputFileError(
          { file: source, line, column: i + 1 },
          "',' after a quoted field",
          raw.slice(i),
        );
    } else {
      const comma = raw.indexOf(',', i);
      const end = comma < 0 ? raw.length : comma;
      text = raw.slice(i, end).trim();
      i = end;
    }
    fields.push({ text, column });
    if (i >= raw.length) return fields;
    i++; // past the comma
  }
}

/** The header's names and every data row, each row as long as the header. Trailing blank lines are ignored. */
function readRows(text: string, source: string): { names: CsvField[]; rows: CsvRow[] } {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0)
    throw new InputFileError(
      { file: source, line: 1, column: 1 },
      'a header of column names',
      '<empty file>',
    );
  const names = splitLine(lines[0]!, 1, source);
  const seen = new Map<string, number>();
  for (const name of names) {
    if (name.text === '')
      throw new InputFileError({ file: source, line: 1, column: name.column }, 'a column name', '');
    if (seen.has(name.text))
      throw new InputFileError(
        { file: source, line: 1, column: name.column },
        `distinct column names ('${name.text}' is also column ${seen.get(name.text)})`,
        name.text,
      );
    seen.set(name.text, seen.size + 1);
  }
  if (lines.length === 1)
    throw new InputFileError({ file: source, line: 2, column: 1 }, 'at least one data row', '<end of file>');
  const rows = lines.slice(1).map((raw, i) => {
    const line = i + 2;
    const fields = splitLine(raw, line, source);
    if (fields.length !== names.length) {
      const at = fields[Math.min(fields.length, names.length) - 1]!;
      throw new InputFileError(
        {
          file: source,
          line,
          column: fields.length > names.length ? fields[names.length]!.column : at.column,
        },
        `${names.length} cells (one per column of the header)`,
        `${fields.length} cells: '${raw.slice(0, 80)}'`,
      );
    }
    return { line, fields };
  });
  return { names, rows };
}

function badCell(source: string, row: CsvRow, field: CsvField, expected: string): never {
  throw new InputFileError({ file: source, line: row.line, column: field.column }, expected, field.text);
}

/** Parses a CSV of numbers, header = column names (strict: every cell a finite number). */
export function parseCsvMatrix(text: string, source = 'CSV'): { names: string[]; rows: number[][] } {
  const { names, rows } = readRows(text, source);
  return {
    names: names.map((n) => n.text),
    rows: rows.map((row) =>
      row.fields.map((field, j) => {
        const value = Number(field.text);
        // Number('') is 0: an empty cell must not become a zero.
        if (field.text === '' || !Number.isFinite(value))
          badCell(source, row, field, `a number for '${names[j]!.text}'`);
        return value;
      }),
    ),
  };
}

export function continuousFromCsv(text: string, source = 'CSV'): ContinuousData {
  const { names, rows } = parseCsvMatrix(text, source);
  const d = names.length;
  const values = new Float64Array(rows.length * d);
  rows.forEach((row, r) => {
    values.set(row, r * d);
  });
  return { names, n: rows.length, d, values };
}

/** How a column's cells are read: codes below `limit`, or names of the declared states. */
interface ColumnReader {
  name: string;
  declared: DeclaredVariable | null;
  declaredIn: string;
  byName: Map<string, number> | null;
  limit: number;
}

function columnReader(
  name: CsvField,
  firstCell: string,
  declared: DeclaredLevels | undefined,
  source: string,
): ColumnReader {
  const variable = declared?.variables.get(name.text) ?? null;
  if (declared?.covers === 'all' && variable === null)
    throw new InputFileError(
      { file: source, line: 1, column: name.column },
      `a variable of ${declared.source} (one of ${[...declared.variables.keys()].join(', ')})`,
      name.text,
    );
  const states = variable?.states ?? null;
  // A column is read as state names when its states are declared and its first cell is one of them.
  const byName = states?.includes(firstCell) ? new Map(states.map((s, i) => [s, i])) : null;
  return {
    name: name.text,
    declared: variable,
    declaredIn: declared?.source ?? '',
    byName,
    limit: variable?.levels ?? maxLevels,
  };
}

function stateCode(reader: ColumnReader, field: CsvField, row: CsvRow, source: string): number {
  const code = reader.byName
    ? reader.byName.get(field.text)
    : /^\d+$/.test(field.text)
      ? Number(field.text)
      : -1;
  if (code === undefined || code < 0 || code >= reader.limit)
    badCell(
      source,
      row,
      field,
      reader.byName
        ? `a state of '${reader.name}' (one of ${[...reader.byName.keys()].join(', ')})`
        : `a state code of '${reader.name}' (an integer from 0 to ${reader.limit - 1}${reader.declared ? `, as declared in ${reader.declaredIn}` : ''})`,
    );
  return code;
}

/**
 * Discrete data from a CSV. `levels` per column: the declared count when `declared` names the
 * column, else the largest observed code + 1.
 */
export function discreteFromCsv(text: string, source = 'CSV', declared?: DeclaredLevels): DiscreteData {
  const { names, rows } = readRows(text, source);
  const d = names.length;
  const readers = names.map((name, j) => columnReader(name, rows[0]!.fields[j]!.text, declared, source));
  const values = new Uint8Array(rows.length * d);
  const observed = new Array<number>(d).fill(0);
  rows.forEach((row, r) => {
    row.fields.forEach((field, j) => {
      const code = stateCode(readers[j]!, field, row, source);
      values[r * d + j] = code;
      if (code + 1 > observed[j]!) observed[j] = code + 1;
    });
  });
  const levels = readers.map((reader, j) => reader.declared?.levels ?? observed[j]!);
  return { names: names.map((n) => n.text), n: rows.length, d, values, levels };
}
