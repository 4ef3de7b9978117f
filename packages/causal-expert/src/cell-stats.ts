// Aggregates per-run metrics into one cell's summary (mean ± SE over runs, §2.6).
import { z } from 'zod';
import { meanSe, proportionSe } from './metrics.js';

export const CellStats = z.object({
  network: z.string(),
  start: z.enum(['oracle', 'pc']),
  truth: z.enum(['fixed', 'bayes']),
  expert: z.string(),
  epsilon: z.number().nullable(),
  eta: z.number(),
  strategy: z.string(),
  semantics: z.string(),
  runs: z.number(),
  mecFull: z.number(),
  m: z.number(),
  mecSize: z.number(),
  mecSizeSe: z.number(),
  shd: z.number(),
  shdSe: z.number(),
  coverage: z.number(),
  coverageSe: z.number(),
  claimed: z.number(),
  gap: z.number(),
  hitGuard: z.number(),
  /**
   * Runs whose result depends on how a candidate at exactly 1 − η is read (δ, the official strict
   * `>`, versus the paper's `≥ 1 − η`), and the cell under the `≥` reading; null when not checked.
   */
  tieRuns: z.number().nullable(),
  mecSizeAtLeast: z.number().nullable(),
  shdAtLeast: z.number().nullable(),
  coverageAtLeast: z.number().nullable(),
});
export type CellStats = z.infer<typeof CellStats>;

export interface RunMetrics {
  mecSize: number;
  shd: number;
  kept: number;
  confidence: number;
  hitGuard: boolean;
  /** The same run under the paper's `≥ 1 − η` reading, when checked; changed: other arcs chosen. */
  atLeast?: { mecSize: number; shd: number; kept: number; changed: boolean };
}

export type CellKey = Omit<
  CellStats,
  | 'runs'
  | 'mecSize'
  | 'mecSizeSe'
  | 'shd'
  | 'shdSe'
  | 'coverage'
  | 'coverageSe'
  | 'claimed'
  | 'gap'
  | 'hitGuard'
  | 'tieRuns'
  | 'mecSizeAtLeast'
  | 'shdAtLeast'
  | 'coverageAtLeast'
>;

export class CellAccumulator {
  private readonly runs: RunMetrics[] = [];
  constructor(readonly key: CellKey) {}
  add(run: RunMetrics): void {
    this.runs.push(run);
  }
  stats(): CellStats {
    const size = meanSe(this.runs.map((r) => r.mecSize));
    const shd = meanSe(this.runs.map((r) => r.shd));
    const coverage = meanSe(this.runs.map((r) => r.kept)).mean;
    const claimed = meanSe(this.runs.map((r) => r.confidence)).mean;
    return {
      ...this.key,
      runs: this.runs.length,
      mecSize: size.mean,
      mecSizeSe: size.se,
      shd: shd.mean,
      shdSe: shd.se,
      coverage,
      coverageSe: proportionSe(coverage, this.runs.length),
      claimed,
      gap: claimed - coverage,
      hitGuard: this.runs.filter((r) => r.hitGuard).length,
      ...this.tieStats(),
    };
  }
  private tieStats(): Pick<CellStats, 'tieRuns' | 'mecSizeAtLeast' | 'shdAtLeast' | 'coverageAtLeast'> {
    const checked = this.runs.every((r) => r.atLeast !== undefined) && this.runs.length > 0;
    if (!checked) return { tieRuns: null, mecSizeAtLeast: null, shdAtLeast: null, coverageAtLeast: null };
    const atLeast = this.runs.map((r) => r.atLeast!);
    return {
      tieRuns: atLeast.filter((a) => a.changed).length,
      mecSizeAtLeast: meanSe(atLeast.map((a) => a.mecSize)).mean,
      shdAtLeast: meanSe(atLeast.map((a) => a.shd)).mean,
      coverageAtLeast: meanSe(atLeast.map((a) => a.kept)).mean,
    };
  }
}
