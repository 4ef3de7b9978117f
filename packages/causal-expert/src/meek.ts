// Meek's orientation rules R1–R4 (§2.2, §3.4), applied to a fixpoint on a PDAG. This is the
// order-free closure used for CPDAGs and decisions(M'); PC's pcalg-ordered passes are in orient.ts.
import { adjacent, directed, orient, type Pdag, undirected } from './graph.js';

export interface MeekOptions {
  /** R4 is only needed with background knowledge or chosen arcs (§2.2). */
  useR4?: boolean;
}

function ruleR1(p: Pdag, a: number, b: number): boolean {
  // R1: c→a–b with c, b non-adjacent ⇒ a→b.
  for (let c = 0; c < p.n; c++) if (c !== b && directed(p, c, a) && !adjacent(p, c, b)) return true;
  return false;
}

function ruleR2(p: Pdag, a: number, b: number): boolean {
  // R2: a→c→b with a–b ⇒ a→b.
  for (let c = 0; c < p.n; c++) if (directed(p, a, c) && directed(p, c, b)) return true;
  return false;
}

function ruleR3(p: Pdag, a: number, b: number): boolean {
  // R3: a–c1→b, a–c2→b, c1 and c2 non-adjacent ⇒ a→b.
  const middles: number[] = [];
  for (let c = 0; c < p.n; c++) if (undirected(p, a, c) && directed(p, c, b)) middles.push(c);
  for (let i = 0; i < middles.length; i++)
    for (let j = i + 1; j < middles.length; j++) if (!adjacent(p, middles[i]!, middles[j]!)) return true;
  return false;
}

function ruleR4(p: Pdag, a: number, b: number): boolean {
  // R4 (§3.4): a–k→l→b with k, b non-adjacent and a adjacent to l ⇒ a→b.
  for (let k = 0; k < p.n; k++) {
    if (k === b || !undirected(p, a, k) || adjacent(p, k, b)) continue;
    for (let l = 0; l < p.n; l++)
      if (l !== a && directed(p, k, l) && directed(p, l, b) && adjacent(p, a, l)) return true;
  }
  return false;
}

/** Closes the PDAG under R1–R3 (and R4 when asked), in place. Returns the number of arcs oriented. */
export function applyMeek(p: Pdag, options: MeekOptions = {}): number {
  let oriented = 0;
  let changed = true;
  while (changed) {
    changed = false;
    for (let a = 0; a < p.n; a++)
      for (let b = 0; b < p.n; b++) {
        if (a === b || !undirected(p, a, b)) continue;
        if (
          ruleR1(p, a, b) ||
          ruleR2(p, a, b) ||
          ruleR3(p, a, b) ||
          (options.useR4 === true && ruleR4(p, a, b))
        ) {
          orient(p, a, b);
          oriented++;
          changed = true;
        }
      }
  }
  return oriented;
}
