// BIF reader (§3.1): the bnlearn-repository layout written by bnlearn's write.bif.
// Roots use `table p1, …, pk;`; children have one keyed row per parent configuration
// `(s_A, s_B) p1, …, pk;` with parents in the order of the `probability ( X | A, B )` header.
// State index = declaration order. An unkeyed `table` for a node with parents is rejected.
// Strict (issue 18): every CPT row sums to 1 within 1e-6, no self-loop, no repeated parent, state
// or row, no directed cycle, no empty file; each error names the file, line and column.
import { readFileSync } from 'node:fs';
import { type FilePosition, InputFileError } from './input-file-error.js';

export interface BifNode {
  name: string;
  states: string[];
  /** Parent node indices, in the order of the probability header. */
  parents: number[];
  /** CPT rows, one per parent configuration (first parent varies slowest), each `states.length` long. */
  cpt: Float64Array;
}

export interface BayesNet {
  name: string;
  nodes: BifNode[];
}

export class BifParseError extends InputFileError {
  constructor(position: FilePosition, expected: string, found: string) {
    super(position, expected, found);
    this.name = 'BifParseError';
  }
}

/** How far a CPT row's sum may be from 1: bnlearn's and pcalg's networks are normalised to 1e-7 or better. */
export const rowSumTolerance = 1e-6;

/** Number of parent configurations of node `index` (product of parent cardinalities). */
export function parentConfigurations(net: BayesNet, index: number): number {
  let rows = 1;
  for (const parent of net.nodes[index]!.parents) rows *= net.nodes[parent]!.states.length;
  return rows;
}

/** Free parameters: Σ (|X| − 1) · Π |parents| (the §2.2 "params" column). */
export function parameterCount(net: BayesNet): number {
  let total = 0;
  for (let i = 0; i < net.nodes.length; i++)
    total += (net.nodes[i]!.states.length - 1) * parentConfigurations(net, i);
  return total;
}

export function arcCount(net: BayesNet): number {
  return net.nodes.reduce((sum, node) => sum + node.parents.length, 0);
}

const variableHeader = /^variable\s+(\S+)\s*\{$/;
const typeLine = /^type\s+discrete\s*\[\s*(\d+)\s*\]\s*\{(.*)\}\s*;$/;
const probabilityHeader = /^probability\s*\(\s*([^|)\s]+)\s*(?:\|\s*([^)]*))?\)\s*\{$/;
const keyedRow = /^\(([^)]*)\)\s*(.*);$/;
const tableRow = /^table\s+(.*);$/;

/** A comma-separated list inside `raw` starting at character `from`: each item trimmed, with its 1-based column. */
function listItems(raw: string, from: number, to = raw.length): { text: string; column: number }[] {
  const items: { text: string; column: number }[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i < to && raw[i] !== ',') continue;
    const piece = raw.slice(start, i);
    const lead = piece.length - piece.trimStart().length;
    items.push({ text: piece.trim(), column: start + lead + 1 });
    start = i + 1;
  }
  return items;
}

/** The parsing state: the lines, the cursor and the error helpers. */
class BifCursor {
  readonly lines: string[];
  index = 0;
  constructor(
    text: string,
    readonly source: string,
  ) {
    this.lines = text.split(/\r?\n/);
  }
  get raw(): string {
    return this.lines[this.index] ?? '';
  }
  get line(): string {
    return this.raw.trim();
  }
  /** 1-based column of the first non-blank character of the current line. */
  get indentColumn(): number {
    return this.raw.length - this.raw.trimStart().length + 1;
  }
  /** Moves to the next non-blank line and returns it trimmed ('' at the end). */
  next(): string {
    this.index++;
    while (this.index < this.lines.length && this.line === '') this.index++;
    return this.line;
  }
  fail(expected: string, column = this.indentColumn, found?: string): never {
    const atEnd = this.index >= this.lines.length;
    throw new BifParseError(
      { file: this.source, line: Math.min(this.index, this.lines.length - 1) + 1, column },
      expected,
      found ?? (atEnd ? '<end of file>' : this.line),
    );
  }
  /** Skips `property` lines, then expects `}`. */
  closeBlock(what: string): void {
    let line = this.next();
    while (line.startsWith('property')) line = this.next();
    if (line !== '}') this.fail(`'}' closing ${what}`);
  }
}

/** Non-negative numbers at `items`, checked one by one (column of the bad one). */
function probabilities(cursor: BifCursor, items: { text: string; column: number }[]): number[] {
  return items.map(({ text, column }) => {
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || value < 0)
      cursor.fail('a non-negative probability', column, text);
    return value;
  });
}

/** One CPT row's values: k of them, summing to 1 within rowSumTolerance. */
function cptRow(cursor: BifCursor, node: BifNode, from: number): number[] {
  const raw = cursor.raw;
  const end = raw.lastIndexOf(';');
  const items = listItems(raw, from, end);
  const values = probabilities(cursor, items);
  const k = node.states.length;
  if (values.length !== k) cursor.fail(`${k} probabilities for '${node.name}'`, items[0]!.column);
  const sum = values.reduce((total, value) => total + value, 0);
  if (Math.abs(sum - 1) > rowSumTolerance)
    cursor.fail(
      `probabilities of '${node.name}' summing to 1 (within ${rowSumTolerance})`,
      items[0]!.column,
      `${items.map((item) => item.text).join(', ')} (sum ${sum})`,
    );
  return values;
}

interface ParsedVariables {
  nodes: BifNode[];
  index: Map<string, number>;
}

function parseVariable(cursor: BifCursor, vars: ParsedVariables): void {
  const name = variableHeader.exec(cursor.line)![1]!;
  if (vars.index.has(name)) cursor.fail(`a new variable name ('${name}' is declared twice)`);
  const type = typeLine.exec(cursor.next());
  if (!type) cursor.fail("'type discrete [ k ] { s1, …, sk };'");
  const open = cursor.raw.indexOf('{');
  const states = listItems(cursor.raw, open + 1, cursor.raw.lastIndexOf('}'));
  if (states.length !== Number(type[1]) || states.some((s) => s.text === ''))
    cursor.fail(`${type[1]} non-empty state names`);
  const seen = new Set<string>();
  for (const state of states) {
    if (seen.has(state.text)) cursor.fail(`distinct state names ('${state.text}' repeats)`, state.column);
    seen.add(state.text);
  }
  vars.index.set(name, vars.nodes.length);
  vars.nodes.push({ name, states: states.map((s) => s.text), parents: [], cpt: new Float64Array(0) });
  cursor.closeBlock(`the variable block of '${name}'`);
}

/** The header's parents, checked: declared, not the child itself, each once. */
function headerParents(cursor: BifCursor, vars: ParsedVariables, child: string): number[] {
  const raw = cursor.raw;
  const bar = raw.indexOf('|');
  if (bar < 0) return [];
  const items = listItems(raw, bar + 1, raw.indexOf(')', bar));
  const parents: number[] = [];
  for (const { text, column } of items) {
    const parent = vars.index.get(text);
    if (parent === undefined) cursor.fail(`a declared parent variable (unknown '${text}')`, column, text);
    if (text === child) cursor.fail(`a parent other than '${child}' itself (a self-loop)`, column, text);
    if (parents.includes(parent)) cursor.fail(`each parent once ('${text}' repeats)`, column, text);
    parents.push(parent);
  }
  return parents;
}

/** The row index a key `(s_A, s_B)` names; first parent varies slowest. */
function keyedRowIndex(cursor: BifCursor, vars: ParsedVariables, parents: number[]): number {
  const raw = cursor.raw;
  const open = raw.indexOf('(');
  const keys = listItems(raw, open + 1, raw.indexOf(')', open));
  if (keys.length !== parents.length) cursor.fail(`${parents.length} parent states in the row key`);
  let rowIndex = 0;
  keys.forEach((key, j) => {
    const parent = vars.nodes[parents[j]!]!;
    const state = parent.states.indexOf(key.text);
    if (state < 0)
      cursor.fail(`a state of '${parent.name}' (one of ${parent.states.join(', ')})`, key.column);
    rowIndex = rowIndex * parent.states.length + state;
  });
  return rowIndex;
}

function parseProbability(cursor: BifCursor, vars: ParsedVariables, headerLines: Map<number, number>): void {
  const header = probabilityHeader.exec(cursor.line)!;
  const child = vars.index.get(header[1]!);
  if (child === undefined) cursor.fail(`a declared variable (unknown '${header[1]}')`);
  if (headerLines.has(child)) cursor.fail(`one probability block per variable ('${header[1]}' repeats)`);
  headerLines.set(child, cursor.index + 1);
  const node = vars.nodes[child]!;
  node.parents = headerParents(cursor, vars, node.name);
  const k = node.states.length;
  const rows = node.parents.reduce((r, p) => r * vars.nodes[p]!.states.length, 1);
  const cpt = new Float64Array(rows * k).fill(Number.NaN);
  const rowLines = new Map<number, number>();
  for (let row = cursor.next(); row !== '}'; row = cursor.next()) {
    if (row.startsWith('property')) continue;
    if (cursor.index >= cursor.lines.length)
      cursor.fail(`'}' closing the probability block of '${node.name}'`);
    let rowIndex = 0;
    let valuesFrom: number;
    if (tableRow.test(row)) {
      if (node.parents.length > 0)
        cursor.fail(
          `keyed rows '(s_A, …) p1, …;' for '${node.name}', which has parents (unkeyed 'table' is not supported)`,
        );
      valuesFrom = cursor.raw.indexOf('table') + 'table'.length;
    } else if (keyedRow.test(row)) {
      if (node.parents.length === 0) cursor.fail(`'table p1, …;' for root '${node.name}'`);
      rowIndex = keyedRowIndex(cursor, vars, node.parents);
      valuesFrom = cursor.raw.indexOf(')') + 1;
    } else {
      cursor.fail("a CPT row ('table …;' or '(states) …;') or '}'");
    }
    const earlier = rowLines.get(rowIndex);
    if (earlier !== undefined)
      cursor.fail(`one row per parent configuration of '${node.name}' (this one is also at line ${earlier})`);
    rowLines.set(rowIndex, cursor.index + 1);
    cpt.set(cptRow(cursor, node, valuesFrom), rowIndex * k);
  }
  if (cpt.some(Number.isNaN))
    cursor.fail(
      `a row for every parent configuration of '${node.name}'`,
      1,
      `${rowLines.size} of ${rows} rows`,
    );
  node.cpt = cpt;
}

/** A directed cycle among the parent lists as its node indices in order, or null. */
export function findCycle(parents: readonly (readonly number[])[]): number[] | null {
  const state = new Uint8Array(parents.length); // 0 new, 1 on the stack, 2 done
  const stack: number[] = [];
  const visit = (node: number): number[] | null => {
    state[node] = 1;
    stack.push(node);
    for (const parent of parents[node]!) {
      if (state[parent] === 1) return [...stack.slice(stack.indexOf(parent)), parent].reverse();
      if (state[parent] === 0) {
        const cycle = visit(parent);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state[node] = 2;
    return null;
  };
  for (let node = 0; node < parents.length; node++)
    if (state[node] === 0) {
      const cycle = visit(node);
      if (cycle) return cycle;
    }
  return null;
}

/** Parses BIF text. `source` names the file in errors. */
export function parseBif(text: string, source = 'BIF'): BayesNet {
  const cursor = new BifCursor(text, source);
  if (text.trim() === '')
    throw new BifParseError(
      { file: source, line: 1, column: 1 },
      "a BIF network ('network', 'variable' and 'probability' blocks)",
      '<empty file>',
    );
  let name = 'unknown';
  const vars: ParsedVariables = { nodes: [], index: new Map() };
  const headerLines = new Map<number, number>();
  for (; cursor.index < cursor.lines.length; cursor.index++) {
    const line = cursor.line;
    if (line === '' || line.startsWith('//')) continue;
    const network = /^network\s+(.+?)\s*\{$/.exec(line);
    if (network) {
      name = network[1]!;
      cursor.closeBlock('the network block');
    } else if (variableHeader.test(line)) parseVariable(cursor, vars);
    else if (probabilityHeader.test(line)) parseProbability(cursor, vars, headerLines);
    else cursor.fail("'network', 'variable' or 'probability' block");
  }
  const lastLine = cursor.lines.length;
  const missing = vars.nodes.filter((_, j) => !headerLines.has(j)).map((n) => n.name);
  if (vars.nodes.length === 0)
    throw new BifParseError({ file: source, line: lastLine, column: 1 }, 'at least one variable', 'none');
  if (missing.length > 0)
    throw new BifParseError(
      { file: source, line: lastLine, column: 1 },
      'a probability block for every variable',
      `none for ${missing.join(', ')}`,
    );
  const cycle = findCycle(vars.nodes.map((node) => node.parents));
  if (cycle)
    throw new BifParseError(
      { file: source, line: headerLines.get(cycle[cycle.length - 1]!)!, column: 1 },
      'an acyclic network (a DAG)',
      `the directed cycle ${cycle.map((i) => vars.nodes[i]!.name).join(' → ')}`,
    );
  return { name, nodes: vars.nodes };
}

export function readBif(path: string): BayesNet {
  return parseBif(readFileSync(path, 'utf8'), path);
}

export { writeBif } from './bif-write.js';
