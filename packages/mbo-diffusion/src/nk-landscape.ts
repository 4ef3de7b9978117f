// NK landscape of brief §2.2: L positions over q letters, neighbourhoods N(i) = (i, …, i+K) mod L,
// tables T_i of q^{K+1} entries drawn U[0, 1) from the task seed, f(s) = (1/L)·Σ_i T_i[Σ_j s_{(i+j) mod L}·q^j].
import type { Rng } from 'core-tensor';

export interface NkLandscape {
  length: number;
  vocab: number;
  k: number;
  tables: Float64Array[];
}

export function makeNkLandscape(rng: Rng, length: number, vocab: number, k: number): NkLandscape {
  const tables: Float64Array[] = [];
  for (let i = 0; i < length; i++) {
    const table = new Float64Array(vocab ** (k + 1));
    for (let e = 0; e < table.length; e++) table[e] = rng.next();
    tables.push(table);
  }
  return { length, vocab, k, tables };
}

/** f(s) of §2.2 for one sequence of letters. */
export function nkFitness(landscape: NkLandscape, letters: ArrayLike<number>): number {
  const { length, vocab, k, tables } = landscape;
  let total = 0;
  for (let i = 0; i < length; i++) {
    let entry = 0;
    for (let j = 0; j <= k; j++) entry += letters[(i + j) % length]! * vocab ** j;
    total += tables[i]![entry]!;
  }
  return total / length;
}
