// Per-run metrics (§2.6): |M'|, whether G* is kept, SHD of the union graph of M' against G*
// (in oracle mode: the U-edges not fixed to their true arc), and the naive baseline's checks.

/** SHD of the union graph of the kept members: edges where some member does not have the true arc. */
export function unionShd(members: Uint8Array, m: number, kept: ArrayLike<number>, truth: Uint8Array): number {
  let shd = 0;
  for (let e = 0; e < m; e++) {
    for (let i = 0; i < kept.length; i++) {
      if (members[kept[i]! * m + e] !== truth[e]) {
        shd++;
        break;
      }
    }
  }
  return shd;
}

/** Whether member `target` is among `kept`. */
export function keeps(kept: ArrayLike<number>, target: number): boolean {
  for (let i = 0; i < kept.length; i++) if (kept[i] === target) return true;
  return false;
}

/** Arcs common to every kept member, as edge → bit (−1 when members disagree): decisions(M'). */
export function decisions(members: Uint8Array, m: number, kept: ArrayLike<number>): Int8Array {
  const out = new Int8Array(m).fill(-1);
  for (let e = 0; e < m; e++) {
    const first = members[kept[0]! * m + e]!;
    let same = true;
    for (let i = 1; i < kept.length && same; i++) same = members[kept[i]! * m + e] === first;
    if (same) out[e] = first;
  }
  return out;
}

export interface MeanSe {
  mean: number;
  se: number;
}

export function meanSe(values: readonly number[]): MeanSe {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, se: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, se: 0 };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, se: Math.sqrt(variance / n) };
}

/** SE of a proportion c over N runs: √(c(1−c)/N) (§9.1). */
export function proportionSe(c: number, n: number): number {
  return n > 0 ? Math.sqrt((c * (1 - c)) / n) : Number.NaN;
}
