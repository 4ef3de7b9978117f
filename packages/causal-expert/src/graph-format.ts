// Graph files (issue 18 point 2): the peer fixtures' edges format, Graphviz DOT and JSON, and
// reading an edges file back. The edges format is a first comment line (`# … ntests=<n>`), then
// one line per edge, `A -> B` or `A -- B` (undirected edges named in column order), sorted the way
// R sorted pcalg's and bnlearn's files (checked on every shared fixture: Intl.Collator('en')).
import { directed, emptyPdag, type Pdag, pdagLines, undirected } from './graph.js';
import { InputFileError } from './input-file-error.js';

export const GraphFormat = ['edges', 'dot', 'json', 'svg'] as const;
export type GraphFormat = (typeof GraphFormat)[number];

/** R's order of the fixture lines (en collation: case-insensitive first, then case). */
const fixtureOrder = new Intl.Collator('en');

/** Names the edges format can hold: no blank, comma or leading '#'. */
const writableName = /^[^\s,#][^\s,]*$/;

/** The first name the edges format cannot hold, or null. */
export function unwritableName(names: readonly string[]): string | null {
  return names.find((name) => !writableName.test(name)) ?? null;
}

/** The edge lines of `pdag` in the fixtures' order. */
export function sortedEdgeLines(pdag: Pdag): string[] {
  return pdagLines(pdag).sort(fixtureOrder.compare);
}

/**
 * The edges file: `# <comment> nodes=<a,b,…>[ ntests=<n>]`, then the sorted edge lines. The node
 * list keeps isolated variables and the column order, so the file can be read back alone.
 */
export function formatEdges(pdag: Pdag, comment: string, ntests: number | null): string {
  const bad = unwritableName(pdag.names);
  if (bad !== null)
    throw new Error(
      `variable name '${bad}' cannot be written in the edges format (names without blanks, commas or a leading '#'); use --format json or dot`,
    );
  const header = `# ${comment} nodes=${pdag.names.join(',')}${ntests === null ? '' : ` ntests=${ntests}`}`;
  return `${[header, ...sortedEdgeLines(pdag)].join('\n')}\n`;
}

const escaped = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
const quoted = (name: string) => `"${escaped(name)}"`;

export interface DotOptions {
  /** The graph's label, drawn under it, one entry per line. */
  label?: readonly string[];
  /** Arcs to draw in the highlight colour, as 'from\tto' keys (e.g. the expert's decisions). */
  highlight?: ReadonlySet<string>;
}

/** Graphviz DOT: every node declared (isolated ones too), arcs `->`, undirected edges `dir=none`. */
export function formatDot(pdag: Pdag, options: DotOptions = {}): string {
  // One font everywhere: Graphviz sizes boxes and the label from its metrics (wasm has no system fonts).
  const out = [
    'digraph G {',
    '  graph [rankdir=TB, fontname="Helvetica", fontsize=12];',
    '  node [shape=ellipse, fontname="Helvetica"];',
  ];
  if (options.label) out.push(`  label="${options.label.map(escaped).join('\\n')}";`); // \n: a centred line break
  for (const name of pdag.names) out.push(`  ${quoted(name)};`);
  for (let i = 0; i < pdag.n; i++)
    for (let j = 0; j < pdag.n; j++) {
      const from = pdag.names[i]!;
      const to = pdag.names[j]!;
      if (directed(pdag, i, j)) {
        const colour = options.highlight?.has(`${from}\t${to}`) ? ' [color="#1f77b4", penwidth=2]' : '';
        out.push(`  ${quoted(from)} -> ${quoted(to)}${colour};`);
      } else if (i < j && undirected(pdag, i, j)) out.push(`  ${quoted(from)} -> ${quoted(to)} [dir=none];`);
    }
  out.push('}');
  return `${out.join('\n')}\n`;
}

export interface GraphJson {
  nodes: string[];
  arcs: [string, string][];
  edges: [string, string][];
}

/** The graph as JSON-ready data: nodes, directed arcs and undirected edges. */
export function graphJson(pdag: Pdag): GraphJson {
  const arcs: [string, string][] = [];
  const edges: [string, string][] = [];
  for (let i = 0; i < pdag.n; i++)
    for (let j = 0; j < pdag.n; j++) {
      if (directed(pdag, i, j)) arcs.push([pdag.names[i]!, pdag.names[j]!]);
      else if (i < j && undirected(pdag, i, j)) edges.push([pdag.names[i]!, pdag.names[j]!]);
    }
  return { nodes: [...pdag.names], arcs, edges };
}

export interface EdgesFile {
  pdag: Pdag;
  /** The header's ntests, when it has one. */
  ntests: number | null;
  /** The header line, without '# ' (empty when the file has none). */
  comment: string;
}

interface EdgeLine {
  line: number;
  from: string;
  to: string;
  undirected: boolean;
  column: (name: 'from' | 'to') => number;
}

function parseEdgeLine(raw: string, line: number, source: string): EdgeLine {
  const match = /^(\s*)(\S+)(\s+)(->|--)(\s+)(\S+)\s*$/.exec(raw);
  if (!match)
    throw new InputFileError(
      { file: source, line, column: raw.length - raw.trimStart().length + 1 },
      "an edge 'A -> B' or 'A -- B'",
      raw.trim(),
    );
  const fromColumn = match[1]!.length + 1;
  const toColumn = fromColumn + match[2]!.length + match[3]!.length + 2 + match[5]!.length;
  return {
    line,
    from: match[2]!,
    to: match[6]!,
    undirected: match[4] === '--',
    column: (name) => (name === 'from' ? fromColumn : toColumn),
  };
}

/**
 * Reads an edges file (ours or a peer fixture). The node list is the header's `nodes=` (ours keep
 * the data's column order), else `names` when given (e.g. a network's), else the names in order
 * of first appearance. Strict:
 * an empty file, an unknown node, a self-loop or a pair named twice is an error with its line.
 */
export function parseEdgesFile(text: string, source = 'edges file', names?: readonly string[]): EdgesFile {
  if (text.trim() === '')
    throw new InputFileError(
      { file: source, line: 1, column: 1 },
      "edges 'A -> B' or 'A -- B'",
      '<empty file>',
    );
  const lines = text.split(/\r?\n/);
  const comment = lines[0]?.startsWith('#') ? lines[0].slice(1).trim() : '';
  const edgeLines: EdgeLine[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    edgeLines.push(parseEdgeLine(raw, i + 1, source));
  });
  const headerNodes = /(?:^|\s)nodes=(\S+)/.exec(comment)?.[1]?.split(',');
  const nodeNames = headerNodes ?? names ?? [...new Set(edgeLines.flatMap((edge) => [edge.from, edge.to]))];
  const index = new Map(nodeNames.map((name, i) => [name, i]));
  const pdag = emptyPdag([...nodeNames]);
  const seen = new Map<string, number>();
  for (const edge of edgeLines) {
    const at = (name: 'from' | 'to') => ({ file: source, line: edge.line, column: edge.column(name) });
    const a = index.get(edge.from);
    const b = index.get(edge.to);
    if (a === undefined)
      throw new InputFileError(at('from'), `a node (one of ${nodeNames.join(', ')})`, edge.from);
    if (b === undefined)
      throw new InputFileError(at('to'), `a node (one of ${nodeNames.join(', ')})`, edge.to);
    if (a === b)
      throw new InputFileError(at('to'), `a node other than '${edge.from}' (a self-loop)`, edge.to);
    const pair = a < b ? `${a},${b}` : `${b},${a}`;
    const earlier = seen.get(pair);
    if (earlier !== undefined)
      throw new InputFileError(
        at('from'),
        `one line per pair (the pair is also at line ${earlier})`,
        lines[edge.line - 1]!.trim(),
      );
    seen.set(pair, edge.line);
    pdag.marks[a * pdag.n + b] = 1;
    if (edge.undirected) pdag.marks[b * pdag.n + a] = 1;
  }
  const ntests = /ntests=(\d+)/.exec(comment);
  return { pdag, ntests: ntests ? Number(ntests[1]) : null, comment };
}
