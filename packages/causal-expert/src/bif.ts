// BIF reader and writer (§3.1): the bnlearn-repository layout written by bnlearn's write.bif.
// Roots use `table p1, …, pk;`; children have one keyed row per parent configuration
// `(s_A, s_B) p1, …, pk;` with parents in the order of the `probability ( X | A, B )` header.
// State index = declaration order. An unkeyed `table` for a node with parents is rejected.
import { readFileSync } from 'node:fs';

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

export class BifParseError extends Error {
  constructor(
    readonly line: number,
    readonly expected: string,
    readonly found: string,
    source = 'BIF',
  ) {
    super(`${source} line ${line}: expected ${expected}, found '${found}'`);
    this.name = 'BifParseError';
  }
}

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

function parseNumbers(text: string, line: number, source: string): number[] {
  const values = text.split(',').map((part) => part.trim());
  return values.map((value) => {
    const number = Number(value);
    if (value === '' || !Number.isFinite(number) || number < 0)
      throw new BifParseError(line, 'a non-negative probability', value, source);
    return number;
  });
}

/** Parses BIF text. `source` names the file in errors. */
export function parseBif(text: string, source = 'BIF'): BayesNet {
  const lines = text.split(/\r?\n/);
  let name = 'unknown';
  const nodes: BifNode[] = [];
  const index = new Map<string, number>();
  const filled = new Set<number>();
  let i = 0;
  const fail = (expected: string) => {
    throw new BifParseError(i + 1, expected, (lines[i] ?? '<end of file>').trim(), source);
  };
  const next = () => {
    i++;
    while (i < lines.length && lines[i]!.trim() === '') i++;
    return (lines[i] ?? '').trim();
  };
  const closeBlock = () => {
    // Skips `property` lines, then expects `}`.
    let line = next();
    while (line.startsWith('property')) line = next();
    if (line !== '}') fail("'}' closing the block");
  };
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('//')) continue;
    const network = /^network\s+(.+?)\s*\{$/.exec(line);
    if (network) {
      name = network[1]!;
      let body = next();
      while (body.startsWith('property')) body = next();
      if (body !== '}') fail("'}' closing the network block");
      continue;
    }
    const variable = variableHeader.exec(line);
    if (variable) {
      const varName = variable[1]!;
      if (index.has(varName)) fail(`a new variable name ('${varName}' is declared twice)`);
      const type = typeLine.exec(next());
      if (!type) fail("'type discrete [ k ] { s1, …, sk };'");
      const states = type![2]!.split(',').map((s) => s.trim());
      if (states.length !== Number(type![1]) || states.some((s) => s === ''))
        fail(`${type![1]} non-empty state names`);
      index.set(varName, nodes.length);
      nodes.push({ name: varName, states, parents: [], cpt: new Float64Array(0) });
      closeBlock();
      continue;
    }
    const probability = probabilityHeader.exec(line);
    if (probability) {
      const child = index.get(probability[1]!);
      if (child === undefined) fail(`a declared variable (unknown '${probability[1]}')`);
      if (filled.has(child!)) fail(`one probability block per variable ('${probability[1]}' repeats)`);
      const parentNames = probability[2] ? probability[2].split(',').map((p) => p.trim()) : [];
      const parents = parentNames.map((p) => {
        const parent = index.get(p);
        if (parent === undefined) fail(`a declared parent variable (unknown '${p}')`);
        return parent!;
      });
      const node = nodes[child!]!;
      node.parents = parents;
      const k = node.states.length;
      const rows = parents.reduce((r, p) => r * nodes[p]!.states.length, 1);
      const cpt = new Float64Array(rows * k).fill(Number.NaN);
      let row = next();
      while (row !== '}') {
        if (row.startsWith('property')) {
          row = next();
          continue;
        }
        const table = tableRow.exec(row);
        const keyed = keyedRow.exec(row);
        if (table) {
          if (parents.length > 0)
            fail(
              `keyed rows '(s_A, …) p1, …;' for '${node.name}', which has parents (unkeyed 'table' is not supported)`,
            );
          const values = parseNumbers(table[1]!, i + 1, source);
          if (values.length !== k) fail(`${k} probabilities for '${node.name}'`);
          cpt.set(values);
        } else if (keyed) {
          if (parents.length === 0) fail(`'table p1, …;' for root '${node.name}'`);
          const keys = keyed[1]!.split(',').map((s) => s.trim());
          if (keys.length !== parents.length) fail(`${parents.length} parent states in the row key`);
          let rowIndex = 0;
          keys.forEach((key, j) => {
            const parentStates = nodes[parents[j]!]!.states;
            const state = parentStates.indexOf(key);
            if (state < 0)
              fail(`a state of '${nodes[parents[j]!]!.name}' (one of ${parentStates.join(', ')})`);
            rowIndex = rowIndex * parentStates.length + state;
          });
          const values = parseNumbers(keyed[2]!, i + 1, source);
          if (values.length !== k) fail(`${k} probabilities for '${node.name}'`);
          cpt.set(values, rowIndex * k);
        } else {
          fail("a CPT row ('table …;' or '(states) …;') or '}'");
        }
        row = next();
      }
      if (cpt.some(Number.isNaN)) {
        i = lines.length - 1;
        throw new BifParseError(
          i + 1,
          `a row for every parent configuration of '${node.name}'`,
          'missing rows',
          source,
        );
      }
      node.cpt = cpt;
      filled.add(child!);
      continue;
    }
    fail("'network', 'variable' or 'probability' block");
  }
  const missing = nodes.filter((_, j) => !filled.has(j)).map((n) => n.name);
  if (missing.length > 0)
    throw new BifParseError(
      lines.length,
      `a probability block for every variable`,
      `none for ${missing.join(', ')}`,
      source,
    );
  return { name, nodes };
}

export function readBif(path: string): BayesNet {
  return parseBif(readFileSync(path, 'utf8'), path);
}

function formatNumber(value: number): string {
  return String(value);
}

/** Writes BIF in the same layout; parseBif(writeBif(net)) reproduces net. */
export function writeBif(net: BayesNet): string {
  const out: string[] = [`network ${net.name} {`, '}'];
  for (const node of net.nodes) {
    out.push(`variable ${node.name} {`);
    out.push(`  type discrete [ ${node.states.length} ] { ${node.states.join(', ')} };`);
    out.push('}');
  }
  for (const node of net.nodes) {
    const k = node.states.length;
    if (node.parents.length === 0) {
      out.push(`probability ( ${node.name} ) {`);
      out.push(`  table ${Array.from(node.cpt, formatNumber).join(', ')};`);
    } else {
      const parents = node.parents.map((p) => net.nodes[p]!);
      out.push(`probability ( ${node.name} | ${parents.map((p) => p.name).join(', ')} ) {`);
      const rows = node.cpt.length / k;
      for (let r = 0; r < rows; r++) {
        const key: string[] = [];
        let rest = r;
        for (let j = parents.length - 1; j >= 0; j--) {
          const size = parents[j]!.states.length;
          key.unshift(parents[j]!.states[rest % size]!);
          rest = Math.floor(rest / size);
        }
        const values = Array.from(node.cpt.subarray(r * k, (r + 1) * k), formatNumber);
        out.push(`  (${key.join(', ')}) ${values.join(', ')};`);
      }
    }
    out.push('}');
  }
  return `${out.join('\n')}\n`;
}
