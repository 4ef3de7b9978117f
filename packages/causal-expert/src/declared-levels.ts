// Declared state counts (issue 18 point 3): the number of levels of a discrete variable comes
// from what the user declares (a BIF network's states, or a levels JSON), not from the largest
// code that happens to occur in the sample. pcalg's disCItest takes them as `nlev`; with a state
// that never occurs, the G² degrees of freedom (and so the n < 10·df rule and the test count)
// depend on it.
//
// Levels JSON: an object from variable name to either a count (an integer from 1 to 255) or the
// list of its state names in code order, e.g. {"asia": 2, "smoke": ["yes", "no"]}.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { BayesNet } from './bif.js';
import { InputFileError, positionAt } from './input-file-error.js';

export interface DeclaredVariable {
  levels: number;
  /** State names in code order, when declared (a BIF network always declares them). */
  states: string[] | null;
}

export interface DeclaredLevels {
  /** Where the declaration came from (a path), for messages. */
  source: string;
  variables: Map<string, DeclaredVariable>;
  /** 'all': every data column must be declared (a network); 'some': undeclared columns use the observed codes. */
  covers: 'all' | 'some';
}

/** Codes are stored as bytes (Uint8Array), so a variable has at most 255 levels. */
export const maxLevels = 255;

export function declaredFromNetwork(net: BayesNet, source: string): DeclaredLevels {
  const variables = new Map<string, DeclaredVariable>();
  for (const node of net.nodes)
    variables.set(node.name, { levels: node.states.length, states: [...node.states] });
  return { source, variables, covers: 'all' };
}

const StateList = z
  .array(z.string().min(1))
  .min(1)
  .max(maxLevels)
  .refine((states) => new Set(states).size === states.length, 'state names must be distinct');
const LevelsEntry = z.union([z.number().int().min(1).max(maxLevels), StateList]);
const LevelsFile = z.record(z.string().min(1), LevelsEntry);

/** The line and column of a JSON.parse error, read from its "position N" (Node's message). */
function jsonErrorPosition(text: string, message: string): { line: number; column: number } {
  const offset = /position (\d+)/.exec(message);
  return offset ? positionAt(text, Number(offset[1])) : { line: 1, column: 1 };
}

export function parseLevelsJson(text: string, source = 'levels JSON'): DeclaredLevels {
  if (text.trim() === '')
    throw new InputFileError(
      { file: source, line: 1, column: 1 },
      'a JSON object of variable → level count or state names',
      '<empty file>',
    );
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputFileError({ file: source, ...jsonErrorPosition(text, message) }, 'valid JSON', message);
  }
  const parsed = LevelsFile.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path[0];
    const offset = typeof key === 'string' ? text.indexOf(JSON.stringify(key)) : -1;
    throw new InputFileError(
      { file: source, ...positionAt(text, Math.max(offset, 0)) },
      `for each variable an integer from 1 to ${maxLevels} or a list of distinct state names`,
      `${typeof key === 'string' ? `${key}: ` : ''}${issue.message}`,
    );
  }
  const variables = new Map<string, DeclaredVariable>();
  for (const [name, entry] of Object.entries(parsed.data))
    variables.set(
      name,
      typeof entry === 'number' ? { levels: entry, states: null } : { levels: entry.length, states: entry },
    );
  return { source, variables, covers: 'some' };
}

export function readLevelsJson(path: string): DeclaredLevels {
  return parseLevelsJson(readFileSync(path, 'utf8'), path);
}
