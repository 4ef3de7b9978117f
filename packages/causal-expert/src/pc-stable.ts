// PC-stable's skeleton phase in pcalg's order (§3.3): node order = data column order, the
// neighbour sets frozen per level, ordered pairs (x, y) ascending, conditioning sets in
// lexicographic order; an edge goes when p ≥ α. Counts the tests performed.

import { decideTriples, type TripleRule } from './ambiguous-triples.js';
import { type BackgroundKnowledge, enforceKnowledge, resolveKnowledge } from './background-knowledge.js';
import type { CiTest } from './ci-tests.js';
import type { Pdag } from './graph.js';
import { orientSkeleton } from './orient.js';

export interface Skeleton {
  d: number;
  /** adjacency[x * d + y] = 1 while x–y is in the graph. */
  adjacency: Uint8Array;
  /** sepsets.get(`${x},${y}`) = the set that separated x from y (stored for the pair as tested). */
  sepsets: Map<string, number[]>;
  ntests: number;
}

/** Calls visit(subset) for every size-k subset of items in lexicographic order until it returns true. The subset array is reused. */
function forEachCombination(
  items: readonly number[],
  size: number,
  visit: (subset: number[]) => boolean,
): void {
  const index = Array.from({ length: size }, (_, i) => i);
  const subset = index.map((i) => items[i]!);
  const n = items.length;
  for (;;) {
    if (visit(subset)) return;
    let i = size - 1;
    while (i >= 0 && index[i] === n - size + i) i--;
    if (i < 0) return;
    index[i]!++;
    subset[i] = items[index[i]!]!;
    for (let j = i + 1; j < size; j++) {
      index[j] = index[j - 1]! + 1;
      subset[j] = items[index[j]!]!;
    }
  }
}

export interface SkeletonOptions {
  maxOrder?: number;
  /** Pairs a test may not delete (required edges). */
  keep?: readonly [number, number][];
}

export function pcStableSkeleton(
  test: CiTest,
  d: number,
  alpha: number,
  options: SkeletonOptions = {},
): Skeleton {
  const maxOrder = options.maxOrder ?? Number.POSITIVE_INFINITY;
  const keep = new Set((options.keep ?? []).flatMap(([a, b]) => [`${a},${b}`, `${b},${a}`]));
  if (!(alpha > 0 && alpha < 1)) throw new Error(`alpha ${alpha} is invalid; valid: a number in (0, 1)`);
  const adjacency = new Uint8Array(d * d).fill(1);
  for (let i = 0; i < d; i++) adjacency[i * d + i] = 0;
  const sepsets = new Map<string, number[]>();
  let ntests = 0;
  let level = 0;
  let done = false;
  while (!done && adjacency.some((v) => v === 1) && level <= maxOrder) {
    done = true;
    // Neighbour sets frozen for this level (the "stable" part).
    const frozen = Array.from({ length: d }, (_, x) => {
      const out: number[] = [];
      for (let y = 0; y < d; y++) if (adjacency[x * d + y]) out.push(y);
      return out;
    });
    for (let x = 0; x < d; x++)
      for (const y of frozen[x]!) {
        if (!adjacency[x * d + y]) continue;
        const neighbours = frozen[x]!.filter((v) => v !== y);
        if (neighbours.length < level) continue;
        if (neighbours.length > level) done = false;
        forEachCombination(neighbours, level, (s) => {
          ntests++;
          const p = test.pValue(x, y, s);
          if (!(Number.isNaN(p) || p >= alpha)) return false; // NaN counts as independent (§3.2)
          if (keep.has(`${x},${y}`)) return false; // a required edge survives its tests
          adjacency[x * d + y] = 0;
          adjacency[y * d + x] = 0;
          sepsets.set(`${x},${y}`, [...s]);
          return true;
        });
      }
    level++;
  }
  return { d, adjacency, sepsets, ntests };
}

/** How PC orients (§3.4): pcalg's pc(conservative, maj.rule, solve.confl); relaxed is pc's default. */
export interface ConflictHandling {
  /** 'relaxed': every triple decided by the skeleton's sepset; 'conservative' / 'majority': pcalg's rules. */
  vstructRule?: 'relaxed' | TripleRule;
  /** pcalg's solve.confl: edges oriented both ways become conflicts (returned undirected). */
  solveConflicts?: boolean;
}

export interface PcResult {
  skeleton: Skeleton;
  pdag: Pdag;
  /** Unshielded triples the conservative / majority rule left ambiguous (orient.ts tripleKey). */
  ambiguous: string[];
  /** Edges oriented both ways under solveConflicts, returned undirected. */
  conflicts: [number, number][];
  /** CI tests run by the conservative / majority rule (pcalg does not count them in ntests). */
  tripleTests: number;
}

/** Orients a skeleton with the chosen conflict handling (the skeleton's ntests is kept). */
export function orientPc(
  skeleton: Skeleton,
  names: string[],
  test: CiTest,
  alpha: number,
  handling: ConflictHandling = {},
): PcResult {
  const rule = handling.vstructRule ?? 'relaxed';
  const solveConflicts = handling.solveConflicts === true;
  if (rule === 'relaxed') {
    const { pdag, conflicts } = orientSkeleton(skeleton, names, { solveConflicts });
    return { skeleton, pdag, ambiguous: [], conflicts, tripleTests: 0 };
  }
  const decided = decideTriples(skeleton, test, alpha, rule);
  const { pdag, conflicts } = orientSkeleton(decided.skeleton, names, {
    ambiguous: decided.ambiguous,
    solveConflicts,
  });
  return { skeleton, pdag, ambiguous: [...decided.ambiguous], conflicts, tripleTests: decided.tests };
}

export function pcStable(
  test: CiTest,
  names: string[],
  alpha: number,
  knowledge?: BackgroundKnowledge,
  handling: ConflictHandling = {},
): PcResult {
  if (!knowledge) {
    const skeleton = pcStableSkeleton(test, names.length, alpha);
    return orientPc(skeleton, names, test, alpha, handling);
  }
  const resolved = resolveKnowledge(names, knowledge);
  const d = names.length;
  const skeleton = pcStableSkeleton(test, d, alpha, { keep: resolved.required });
  for (const [a, b] of resolved.forbidden) {
    if (!skeleton.adjacency[a * d + b]) continue; // absent anyway: nothing changes
    skeleton.adjacency[a * d + b] = 0;
    skeleton.adjacency[b * d + a] = 0;
    const common: number[] = [];
    for (let c = 0; c < d; c++)
      if (skeleton.adjacency[a * d + c] && skeleton.adjacency[b * d + c]) common.push(c);
    skeleton.sepsets.set(`${a},${b}`, common); // no v-structure from a forbidden gap
  }
  const result = orientPc(skeleton, names, test, alpha, handling);
  enforceKnowledge(result.pdag, resolved);
  return result;
}
