// What the two user commands (discover, amend) share, in lab's CLI conventions (lab/src/cli.ts):
// flags parsed by node:util parseArgs, every value checked before any work, bad input reported as
// lab's InputError (the flag, the value, what is valid). Exit codes: 0 done, 1 failed, 2 nothing
// was done (bad input or a bad input file). Outputs are rendered in full before anything is
// written, and written atomically (lab's writeFileAtomic), so a failure leaves no half file.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { type CliOutput, InputError, type InputProblem, parseStrictFlags, writeFileAtomic } from 'lab';
import type { Pdag } from '../graph.js';
import { formatDot, formatEdges, type GraphFormat, graphJson } from '../graph-format.js';
import { svgOfDot } from '../graph-svg.js';

export const processOutput: CliOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

type Flags = NonNullable<ParseArgsConfig['options']>;

/** Parses argv with lab's strict flag parser (a `--` is dropped; an unknown flag lists the valid ones). */
export function parseFlags<T extends Flags>(argv: readonly string[], flags: T) {
  return parseStrictFlags(argv, flags);
}

/**
 * A path as the user typed it: `pnpm --filter causal-expert run …` runs in the package folder, so
 * relative paths are taken from the folder the user ran pnpm in (pnpm's INIT_CWD).
 */
export function userPath(path: string, cwd = process.env.INIT_CWD ?? process.cwd()): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** A path for messages: relative to the folder pnpm ran in when inside it, else absolute. */
export function shownPath(path: string, cwd = process.env.INIT_CWD ?? process.cwd()): string {
  const inside = relative(cwd, path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

/** The text of an input file named by `flag`; a missing file is an input problem. */
export function readInput(flag: string, path: string, problems: InputProblem[]): string | null {
  if (!existsSync(path)) {
    problems.push({ key: flag, message: `file '${path}' does not exist` });
    return null;
  }
  return readFileSync(path, 'utf8');
}

/** A required flag's value, or an input problem. */
export function required(flag: string, value: string | undefined, problems: InputProblem[]): string | null {
  if (value === undefined || value === '') {
    problems.push({ key: `--${flag}`, message: 'is required' });
    return null;
  }
  return value;
}

/** A number flag within [min, max] (open ends when `open`; whole numbers when `integer`), or an input problem. */
export function numberFlag(
  flag: string,
  text: string,
  range: { min: number; max: number; open?: boolean; integer?: boolean },
  problems: InputProblem[],
): number | null {
  const value = Number(text);
  const inside = range.open
    ? value > range.min && value < range.max
    : value >= range.min && value <= range.max;
  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    !inside ||
    (range.integer && !Number.isInteger(value))
  ) {
    const bounds = range.open ? `(${range.min}, ${range.max})` : `[${range.min}, ${range.max}]`;
    const kind = range.integer ? 'an integer' : 'a number';
    problems.push({ key: `--${flag}`, message: `'${text}' is not valid; use ${kind} in ${bounds}` });
    return null;
  }
  return value;
}

/** One of `options`, or an input problem. */
export function choiceFlag<T extends string>(
  flag: string,
  text: string,
  options: readonly T[],
  problems: InputProblem[],
): T | null {
  const found = options.find((option) => option === text);
  if (found === undefined)
    problems.push({ key: `--${flag}`, message: `'${text}' is not valid; use one of ${options.join(', ')}` });
  return found ?? null;
}

export interface GraphDocument {
  pdag: Pdag;
  /** The edges header's text (before `nodes=` and `ntests=`). */
  comment: string;
  ntests: number | null;
  /** Extra fields of the JSON output. */
  details: Record<string, unknown>;
  /** Drawn under the DOT/SVG graph, one entry per line. */
  label: string[];
  highlight?: ReadonlySet<string>;
}

/** The file text of `doc` in `format` (SVG through Graphviz). */
export async function renderGraph(doc: GraphDocument, format: GraphFormat): Promise<string> {
  switch (format) {
    case 'edges':
      return formatEdges(doc.pdag, doc.comment, doc.ntests);
    case 'json':
      return `${JSON.stringify({ ...graphJson(doc.pdag), ntests: doc.ntests, ...doc.details }, null, 2)}\n`;
    case 'dot':
      return formatDot(doc.pdag, {
        label: doc.label,
        ...(doc.highlight ? { highlight: doc.highlight } : {}),
      });
    case 'svg':
      return svgOfDot(
        formatDot(doc.pdag, { label: doc.label, ...(doc.highlight ? { highlight: doc.highlight } : {}) }),
        doc.label.join(' '),
      );
  }
}

/** Writes every file atomically, after all were rendered. */
export async function writeOutputs(files: readonly { path: string; text: string }[]): Promise<void> {
  for (const file of files) await writeFileAtomic(file.path, file.text);
}

/** Runs a command body: maps bad input to exit 2 with every problem listed, a crash to exit 1. */
export async function runCommand(
  name: string,
  output: CliOutput,
  body: () => Promise<string>,
): Promise<number> {
  try {
    output.stdout(await body());
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      const lines = error.problems.map((p) => `  ${p.key}: ${p.message}`).join('\n');
      output.stderr(`${name}: invalid input (nothing written)\n${lines}\nSee --help for the flags.\n`);
      return 2;
    }
    if (error instanceof Error && 'failureKind' in error && error.failureKind === 'input') {
      output.stderr(`${name}: ${error.message} (nothing written)\n`);
      return 2;
    }
    output.stderr(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
