// Conditional-independence tests (§3.2): G² and Pearson X² on discrete data, Fisher-z on the
// correlation matrix. A test returns a p-value; PC deletes an edge when p ≥ α (NaN counts as
// independent).
import { chiSquareUpper, normalTwoSided } from './chi-square.js';
import type { ContinuousData, DiscreteData } from './sampler.js';

export type DiscreteTestKind = 'g2-pcalg' | 'g2-bnlearn' | 'x2';

export interface CiTest {
  pValue(x: number, y: number, conditioning: readonly number[]): number;
}

/** Column-major codes, each checked against its column's declared level count. */
function columns(data: DiscreteData): Uint8Array[] {
  if (data.levels.length !== data.d)
    throw new Error(
      `data has ${data.d} columns but ${data.levels.length} level counts; valid: one per column`,
    );
  data.levels.forEach((level, j) => {
    if (!Number.isInteger(level) || level < 1)
      throw new Error(`column '${data.names[j]}' declares ${level} levels; valid: an integer ≥ 1`);
  });
  const cols = Array.from({ length: data.d }, () => new Uint8Array(data.n));
  for (let r = 0; r < data.n; r++)
    for (let j = 0; j < data.d; j++) {
      const v = data.values[r * data.d + j]!;
      if (v >= data.levels[j]!)
        throw new Error(
          `row ${r + 1} of column '${data.names[j]}' has code ${v}; valid: 0 to ${data.levels[j]! - 1} (${data.levels[j]} levels)`,
        );
      cols[j]![r] = v;
    }
  return cols;
}

export interface DiscreteTestOptions {
  /**
   * pcalg's `adaptDF` (g2-pcalg only): when |S| > 0, lower df by the zero cells of the table,
   * df' = max(df − zeros − 4·(2^|S| − K), 1), K = strata in the table (§3.2 "adf" option).
   */
  adaptDf?: boolean;
}

/** One test's numbers: the statistic, the df it was read with, and whether pcalg's rule skipped it. */
export interface DiscreteTestDetails {
  statistic: number;
  df: number;
  pValue: number;
  /** False when pcalg's n < 10·df rule returned p = 1 without a statistic. */
  computed: boolean;
}

interface Contingency {
  statistic: number;
  /** Cells with a positive count. */
  nonzeroCells: number;
  /** Strata of S that occur in the data. */
  observedStrata: number;
}

export class DiscreteCiTest implements CiTest {
  private readonly cols: Uint8Array[];
  /** Levels per column: declared when the data declare them (DiscreteData.levels). */
  readonly levels: number[];
  readonly n: number;
  readonly adaptDf: boolean;
  private readonly strata: Int32Array;

  constructor(
    data: DiscreteData,
    readonly kind: DiscreteTestKind,
    options: DiscreteTestOptions = {},
  ) {
    if (options.adaptDf && kind !== 'g2-pcalg')
      throw new Error(
        `adaptDf is pcalg's option of its G² test; valid only with kind 'g2-pcalg', not '${kind}'`,
      );
    this.cols = columns(data);
    this.levels = [...data.levels];
    this.n = data.n;
    this.adaptDf = options.adaptDf ?? false;
    this.strata = new Int32Array(data.n);
  }

  /** df = (L_x − 1)(L_y − 1) Π_{s∈S} L_s (§3.2), with the declared L. */
  degreesOfFreedom(x: number, y: number, conditioning: readonly number[]): number {
    let df = (this.levels[x]! - 1) * (this.levels[y]! - 1);
    for (const s of conditioning) df *= this.levels[s]!;
    return df;
  }

  /** Stratum index of every row, compacted to 0..K−1; returns K. */
  private assignStrata(conditioning: readonly number[]): number {
    const n = this.n;
    if (conditioning.length === 0) {
      this.strata.fill(0);
      return 1;
    }
    const ids = new Map<number, number>();
    for (let r = 0; r < n; r++) {
      let key = 0;
      for (const s of conditioning) key = key * this.levels[s]! + this.cols[s]![r]!;
      let id = ids.get(key);
      if (id === undefined) {
        id = ids.size;
        ids.set(key, id);
      }
      this.strata[r] = id;
    }
    return ids.size;
  }

  /** The table of x, y over the strata of S, and its statistic (G² or X²). */
  private contingency(x: number, y: number, conditioning: readonly number[]): Contingency {
    const lx = this.levels[x]!;
    const ly = this.levels[y]!;
    const strataCount = this.assignStrata(conditioning);
    const counts = new Float64Array(strataCount * lx * ly);
    const cx = this.cols[x]!;
    const cy = this.cols[y]!;
    for (let r = 0; r < this.n; r++) counts[(this.strata[r]! * lx + cx[r]!) * ly + cy[r]!]!++;
    let total = 0;
    let nonzeroCells = 0;
    const rowSums = new Float64Array(lx);
    const colSums = new Float64Array(ly);
    for (let k = 0; k < strataCount; k++) {
      rowSums.fill(0);
      colSums.fill(0);
      let nk = 0;
      const base = k * lx * ly;
      for (let i = 0; i < lx; i++)
        for (let j = 0; j < ly; j++) {
          const c = counts[base + i * ly + j]!;
          rowSums[i]! += c;
          colSums[j]! += c;
          nk += c;
        }
      for (let i = 0; i < lx; i++)
        for (let j = 0; j < ly; j++) {
          const observed = counts[base + i * ly + j]!;
          if (observed > 0) nonzeroCells++;
          if (this.kind === 'x2') {
            const expected = (rowSums[i]! * colSums[j]!) / nk; // E = n_ik n_jk / n_k
            if (expected > 0) total += (observed - expected) ** 2 / expected;
          } else if (observed > 0) {
            total += observed * Math.log((observed * nk) / (rowSums[i]! * colSums[j]!)); // empty cells add 0
          }
        }
    }
    return { statistic: this.kind === 'x2' ? total : 2 * total, nonzeroCells, observedStrata: strataCount };
  }

  /** The statistic: G² = 2 Σ n_ijk ln(n_ijk n_k / (n_ik n_jk)) or X² = Σ (n_ijk − E)²/E. */
  statistic(x: number, y: number, conditioning: readonly number[]): number {
    return this.contingency(x, y, conditioning).statistic;
  }

  /**
   * pcalg's adaptDF: zero cells counted over pcalg's table, whose strata are all declared ones
   * for |S| ≤ 4 and the observed ones beyond (its two code paths). The 4·(2^|S| − K) term is
   * pcalg's as written (exact for binary variables) and is kept so results match pcalg; read from
   * public copies of gSquareDis, not confirmed against pcalg 2.7-12's own source.
   */
  private adaptedDf(
    x: number,
    y: number,
    conditioning: readonly number[],
    df: number,
    table: Contingency,
  ): number {
    if (!this.adaptDf || conditioning.length === 0) return df; // pcalg adapts only when |S| > 0
    let strata = table.observedStrata;
    if (conditioning.length <= 4) {
      strata = 1;
      for (const s of conditioning) strata *= this.levels[s]!;
    }
    const zeroCells = this.levels[x]! * this.levels[y]! * strata - table.nonzeroCells;
    const zeroCounts = zeroCells + 4 * (2 ** conditioning.length - strata);
    return Math.max(df - zeroCounts, 1); // df' = max(df − zero counts, 1)
  }

  details(x: number, y: number, conditioning: readonly number[]): DiscreteTestDetails {
    const df = this.degreesOfFreedom(x, y, conditioning);
    // pcalg's small-sample rule, on the unadapted df (its n.min = 10·df is read before adaptDF)
    if (this.kind === 'g2-pcalg' && this.n < 10 * df)
      return { statistic: Number.NaN, df, pValue: 1, computed: false };
    const table = this.contingency(x, y, conditioning);
    const used = this.adaptedDf(x, y, conditioning, df, table);
    return {
      statistic: table.statistic,
      df: used,
      pValue: chiSquareUpper(table.statistic, used),
      computed: true,
    };
  }

  pValue(x: number, y: number, conditioning: readonly number[]): number {
    return this.details(x, y, conditioning).pValue;
  }
}

/** Pearson correlation matrix (d × d, row-major) of row-major data. */
export function correlationMatrix(data: ContinuousData): Float64Array {
  const { n, d, values } = data;
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j]! += values[r * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) centred[j] = values[r * d + j]! - mean[j]!;
    for (let i = 0; i < d; i++) {
      const ci = centred[i]!;
      for (let j = i; j < d; j++) cov[i * d + j]! += ci * centred[j]!;
    }
  }
  const corr = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = i; j < d; j++) {
      const value = cov[i * d + j]! / Math.sqrt(cov[i * d + i]! * cov[j * d + j]!);
      corr[i * d + j] = value;
      corr[j * d + i] = value;
    }
  return corr;
}

/** Inverse of a small symmetric matrix by Gauss-Jordan with partial pivoting (NaN when singular). */
export function invert(matrix: Float64Array, size: number): Float64Array {
  const a = Float64Array.from(matrix);
  const inv = new Float64Array(size * size);
  for (let i = 0; i < size; i++) inv[i * size + i] = 1;
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let r = col + 1; r < size; r++)
      if (Math.abs(a[r * size + col]!) > Math.abs(a[pivot * size + col]!)) pivot = r;
    const p = a[pivot * size + col]!;
    if (Math.abs(p) < 1e-14) return inv.fill(Number.NaN);
    if (pivot !== col)
      for (let k = 0; k < size; k++) {
        [a[col * size + k], a[pivot * size + k]] = [a[pivot * size + k]!, a[col * size + k]!];
        [inv[col * size + k], inv[pivot * size + k]] = [inv[pivot * size + k]!, inv[col * size + k]!];
      }
    for (let k = 0; k < size; k++) {
      a[col * size + k]! /= p;
      inv[col * size + k]! /= p;
    }
    for (let r = 0; r < size; r++) {
      if (r === col) continue;
      const factor = a[r * size + col]!;
      if (factor === 0) continue;
      for (let k = 0; k < size; k++) {
        a[r * size + k]! -= factor * a[col * size + k]!;
        inv[r * size + k]! -= factor * inv[col * size + k]!;
      }
    }
  }
  return inv;
}

export const correlationClip = 0.9999999;

/** The partial correlation of x and y given S from the correlation matrix (§3.2). */
export function partialCorrelation(
  corr: Float64Array,
  d: number,
  x: number,
  y: number,
  s: readonly number[],
): number {
  const c = (i: number, j: number) => corr[i * d + j]!;
  if (s.length === 0) return c(x, y);
  if (s.length === 1) {
    const k = s[0]!;
    return (c(x, y) - c(x, k) * c(y, k)) / Math.sqrt((1 - c(x, k) ** 2) * (1 - c(y, k) ** 2));
  }
  const idx = [x, y, ...s];
  const size = idx.length;
  const sub = new Float64Array(size * size);
  for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) sub[i * size + j] = c(idx[i]!, idx[j]!);
  const p = invert(sub, size);
  return -p[1]! / Math.sqrt(p[0]! * p[size + 1]!); // r = −P_12/√(P_11 P_22)
}

/** Fisher's z test p-value for a partial correlation r with n rows and |S| = order. */
export function fisherZPValue(r: number, n: number, order: number): number {
  const clipped = Math.min(correlationClip, Math.max(-correlationClip, r));
  const z = Math.sqrt(n - order - 3) * 0.5 * Math.log((1 + clipped) / (1 - clipped));
  return normalTwoSided(z); // p = 2(1 − Φ(|z|))
}

export class FisherZTest implements CiTest {
  constructor(
    readonly corr: Float64Array,
    readonly d: number,
    readonly n: number,
  ) {}
  pValue(x: number, y: number, conditioning: readonly number[]): number {
    return fisherZPValue(
      partialCorrelation(this.corr, this.d, x, y, conditioning),
      this.n,
      conditioning.length,
    );
  }
}
