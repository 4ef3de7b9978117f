// Graph types shared by every module: a DAG as parent lists, a PDAG as a mark matrix
// (i→j iff P[i][j] = 1 and P[j][i] = 0; i–j iff both are 1), and the plain edge lines. The file
// writers (edges with header, DOT, JSON, SVG) are in graph-format.ts and graph-svg.ts.
import type { BayesNet } from './bif.js';

export interface Dag {
  names: string[];
  /** parents[j] = the nodes i with i→j. */
  parents: number[][];
}

export interface Pdag {
  names: string[];
  n: number;
  /** marks[i * n + j] = 1 when there is a mark from i towards j. */
  marks: Uint8Array;
}

export function dagFromBayesNet(net: BayesNet): Dag {
  return { names: net.nodes.map((node) => node.name), parents: net.nodes.map((node) => [...node.parents]) };
}

export function dagFromArcs(names: string[], arcs: readonly (readonly [number, number])[]): Dag {
  const parents: number[][] = names.map(() => []);
  for (const [from, to] of arcs) parents[to]!.push(from);
  return { names, parents };
}

export function arcsOf(dag: Dag): [number, number][] {
  const arcs: [number, number][] = [];
  dag.parents.forEach((ps, child) => {
    for (const parent of ps) arcs.push([parent, child]);
  });
  return arcs;
}

export function emptyPdag(names: string[]): Pdag {
  return { names, n: names.length, marks: new Uint8Array(names.length * names.length) };
}

export function clonePdag(pdag: Pdag): Pdag {
  return { names: pdag.names, n: pdag.n, marks: pdag.marks.slice() };
}

/** The DAG as a PDAG with every edge directed. */
export function pdagOfDag(dag: Dag): Pdag {
  const pdag = emptyPdag(dag.names);
  for (const [from, to] of arcsOf(dag)) pdag.marks[from * pdag.n + to] = 1;
  return pdag;
}

export const adjacent = (p: Pdag, i: number, j: number): boolean =>
  p.marks[i * p.n + j] === 1 || p.marks[j * p.n + i] === 1;
export const directed = (p: Pdag, i: number, j: number): boolean =>
  p.marks[i * p.n + j] === 1 && p.marks[j * p.n + i] === 0;
export const undirected = (p: Pdag, i: number, j: number): boolean =>
  p.marks[i * p.n + j] === 1 && p.marks[j * p.n + i] === 1;

export function orient(p: Pdag, from: number, to: number): void {
  p.marks[from * p.n + to] = 1;
  p.marks[to * p.n + from] = 0;
}

/** Every undirected edge once, as [i, j] with i < j. */
export function undirectedEdges(p: Pdag): [number, number][] {
  const edges: [number, number][] = [];
  for (let i = 0; i < p.n; i++) for (let j = i + 1; j < p.n; j++) if (undirected(p, i, j)) edges.push([i, j]);
  return edges;
}

export function directedArcs(p: Pdag): [number, number][] {
  const arcs: [number, number][] = [];
  for (let i = 0; i < p.n; i++) for (let j = 0; j < p.n; j++) if (directed(p, i, j)) arcs.push([i, j]);
  return arcs;
}

export function skeletonEdgeCount(p: Pdag): number {
  let count = 0;
  for (let i = 0; i < p.n; i++) for (let j = i + 1; j < p.n; j++) if (adjacent(p, i, j)) count++;
  return count;
}

/** True when the directed arcs (given as child→parents lists) contain a cycle (Kahn's algorithm). */
export function hasDirectedCycle(n: number, arcs: readonly (readonly [number, number])[]): boolean {
  const indegree = new Int32Array(n);
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const [from, to] of arcs) {
    out[from]!.push(to);
    indegree[to]!++;
  }
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) queue.push(i);
  let seen = 0;
  while (queue.length > 0) {
    const node = queue.pop()!;
    seen++;
    for (const next of out[node]!) if (--indegree[next]! === 0) queue.push(next);
  }
  return seen < n;
}

export function topologicalOrder(dag: Dag): number[] {
  const n = dag.names.length;
  const children: number[][] = Array.from({ length: n }, () => []);
  const indegree = new Int32Array(n);
  dag.parents.forEach((ps, child) => {
    indegree[child] = ps.length;
    for (const p of ps) children[p]!.push(child);
  });
  const order: number[] = [];
  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) ready.push(i);
  while (ready.length > 0) {
    ready.sort((a, b) => a - b);
    const node = ready.shift()!;
    order.push(node);
    for (const c of children[node]!) if (--indegree[c]! === 0) ready.push(c);
  }
  if (order.length < n) throw new Error(`graph has a directed cycle; no topological order of ${n} nodes`);
  return order;
}

/** ancestors[i] = set of nodes with a directed path to i. */
export function ancestorSets(dag: Dag): Set<number>[] {
  const order = topologicalOrder(dag);
  const result: Set<number>[] = dag.names.map(() => new Set<number>());
  for (const node of order) {
    for (const parent of dag.parents[node]!) {
      result[node]!.add(parent);
      for (const a of result[parent]!) result[node]!.add(a);
    }
  }
  return result;
}

/** The PDAG as `a -> b` / `a -- b` lines (the peer fixtures' format). */
export function pdagLines(p: Pdag): string[] {
  const lines: string[] = [];
  for (let i = 0; i < p.n; i++)
    for (let j = 0; j < p.n; j++) {
      if (directed(p, i, j)) lines.push(`${p.names[i]} -> ${p.names[j]}`);
      else if (i < j && undirected(p, i, j)) lines.push(`${p.names[i]} -- ${p.names[j]}`);
    }
  return lines;
}

/** Parses `a -> b` / `a -- b` lines (comments start with #) into a PDAG over `names`. */
export function parsePdagLines(names: string[], text: string, source = 'PDAG'): Pdag {
  const pdag = emptyPdag(names);
  const index = new Map(names.map((name, i) => [name, i]));
  text.split(/\r?\n/).forEach((raw, lineIndex) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^(\S+)\s+(->|--)\s+(\S+)$/.exec(line);
    if (!match)
      throw new Error(`${source} line ${lineIndex + 1}: expected 'a -> b' or 'a -- b', found '${line}'`);
    const a = index.get(match[1]!);
    const b = index.get(match[3]!);
    if (a === undefined || b === undefined)
      throw new Error(
        `${source} line ${lineIndex + 1}: unknown node in '${line}' (nodes: ${names.join(', ')})`,
      );
    pdag.marks[a * pdag.n + b] = 1;
    if (match[2] === '--') pdag.marks[b * pdag.n + a] = 1;
  });
  return pdag;
}
