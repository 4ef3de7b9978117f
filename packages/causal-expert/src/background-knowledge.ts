// Strict background knowledge for PC (§3.4, ours): required arcs, forbidden edges and tiers.
// Required pairs are never deleted by a test (the tests still run, so a required edge that PC
// keeps anyway changes nothing, not even ntests); forbidden pairs are removed after the skeleton
// phase, with their common neighbours as the separating set so a forbidden gap never creates a
// v-structure; so forbidding an edge that is absent anyway changes nothing (unlike
// py-why/causal-learn#224). After orientation, required arcs and tier order (earlier → later) are
// imposed and propagated with Meek R1–R4.
import { adjacent, orient, type Pdag } from './graph.js';
import { applyMeek } from './meek.js';

export interface BackgroundKnowledge {
  required?: [string, string][];
  forbidden?: [string, string][];
  /** Tiers of node names, earliest first: an arc never points from a later tier to an earlier one. */
  tiers?: string[][];
}

export interface ResolvedKnowledge {
  required: [number, number][];
  forbidden: [number, number][];
  tierOf: Int32Array;
}

export function resolveKnowledge(
  names: readonly string[],
  knowledge: BackgroundKnowledge,
): ResolvedKnowledge {
  const index = (name: string, where: string) => {
    const i = names.indexOf(name);
    if (i < 0)
      throw new Error(
        `background knowledge ${where} names unknown node '${name}'; valid: ${names.join(', ')}`,
      );
    return i;
  };
  const required = (knowledge.required ?? []).map(([a, b]): [number, number] => [
    index(a, 'required'),
    index(b, 'required'),
  ]);
  const forbidden = (knowledge.forbidden ?? []).map(([a, b]): [number, number] => [
    index(a, 'forbidden'),
    index(b, 'forbidden'),
  ]);
  const tierOf = new Int32Array(names.length).fill(-1);
  (knowledge.tiers ?? []).forEach((tier, t) => {
    for (const name of tier) tierOf[index(name, 'tiers')] = t;
  });
  for (const [a, b] of required) {
    if (forbidden.some(([x, y]) => (x === a && y === b) || (x === b && y === a)))
      throw new Error(`background knowledge: ${names[a]}→${names[b]} is both required and forbidden`);
    if (tierOf[a]! >= 0 && tierOf[b]! >= 0 && tierOf[a]! > tierOf[b]!)
      throw new Error(`background knowledge: required ${names[a]}→${names[b]} points to an earlier tier`);
  }
  return { required, forbidden, tierOf };
}

/** Imposes required arcs and tier order on an oriented PDAG, then closes under Meek R1–R4. */
export function enforceKnowledge(pdag: Pdag, knowledge: ResolvedKnowledge): void {
  for (const [a, b] of knowledge.required) {
    pdag.marks[a * pdag.n + b] = 1; // required edges are present (PC never deletes them)
    orient(pdag, a, b);
  }
  for (let a = 0; a < pdag.n; a++)
    for (let b = 0; b < pdag.n; b++) {
      const ta = knowledge.tierOf[a]!;
      const tb = knowledge.tierOf[b]!;
      if (ta >= 0 && tb >= 0 && ta < tb && adjacent(pdag, a, b)) orient(pdag, a, b);
    }
  applyMeek(pdag, { useR4: true });
}
