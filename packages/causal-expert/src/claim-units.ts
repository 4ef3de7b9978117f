// The unit tables the claims are decided on (lab's contract): one row per cell of the oracle sweep,
// of the Bayesian check and of the naive baseline, one row per replayed GPT-3 run and one per
// cached GPT-3 answer. The run writes them under units/ with ctx.writeUnits; lab reads them back
// from disk for the claims, so `recheck` recomputes the claims from the run folder.
import type { UnitsOf } from 'lab';
import { z } from 'zod';
import type { CellStats } from './cell-stats.js';
import type { NaiveStats } from './oracle-sweep.js';
import type { ReplayRun } from './replay-sweep.js';

/** An ε-expert cell of the oracle sweep (fixed benchmark G*): means over its runs. */
export const OracleCellUnit = z.object({
  network: z.string(),
  epsilon: z.number(),
  eta: z.number(),
  strategy: z.string(),
  semantics: z.string(),
  runs: z.number().int(),
  mecFull: z.number().int(),
  m: z.number().int(),
  mecSize: z.number(),
  shd: z.number(),
  coverage: z.number(),
  claimed: z.number(),
  /** Whether the run checked the reading at exactly 1 − η (C2); the three below are 0 when not. */
  tieChecked: z.boolean(),
  /** Runs whose result depends on the reading at exactly 1 − η. */
  tieRuns: z.number().int(),
  /** |M'| and SHD under the paper's `≥ 1 − η` reading. */
  mecSizeAtLeast: z.number(),
  shdAtLeast: z.number(),
});
export type OracleCellUnit = z.infer<typeof OracleCellUnit>;

/** A Bayesian-coverage cell (G* drawn uniformly from the MEC, C4c). */
export const BayesCellUnit = z.object({
  network: z.string(),
  epsilon: z.number(),
  eta: z.number(),
  strategy: z.string(),
  semantics: z.string(),
  runs: z.number().int(),
  coverage: z.number(),
  claimed: z.number(),
});
export type BayesCellUnit = z.infer<typeof BayesCellUnit>;

/** The naive baseline (follow the ε-expert blindly) of one (network, ε) cell (C1). */
export const NaiveCellUnit = z.object({
  network: z.string(),
  epsilon: z.number(),
  runs: z.number().int(),
  outsideMec: z.number(),
  cyclic: z.number(),
  shd: z.number(),
});
export type NaiveCellUnit = z.infer<typeof NaiveCellUnit>;

/** One replayed GPT-3 run in one setting, with the naive SHD of the same run (C6). */
export const ReplayRunUnit = z.object({
  engine: z.string(),
  run: z.number().int(),
  semantics: z.string(),
  strategy: z.string(),
  eta: z.number(),
  mecSize: z.number(),
  shd: z.number(),
  kept: z.number(),
  confidence: z.number(),
  naiveShd: z.number(),
});
export type ReplayRunUnit = z.infer<typeof ReplayRunUnit>;

/** One cached GPT-3 answer: the probability it gave to the true arc (C7). */
export const AnswerUnit = z.object({ engine: z.string(), edge: z.string(), pTrue: z.number() });
export type AnswerUnit = z.infer<typeof AnswerUnit>;

export const unitSchemas = {
  oracleCells: OracleCellUnit,
  bayesCells: BayesCellUnit,
  naiveCells: NaiveCellUnit,
  replayRuns: ReplayRunUnit,
  answers: AnswerUnit,
};
export type ClaimUnits = UnitsOf<typeof unitSchemas>;

export function oracleCellUnits(cells: readonly CellStats[]): OracleCellUnit[] {
  return cells
    .filter((c) => c.expert === 'epsilon' && c.truth === 'fixed' && c.epsilon !== null)
    .map((c) => ({
      network: c.network,
      epsilon: c.epsilon!,
      eta: c.eta,
      strategy: c.strategy,
      semantics: c.semantics,
      runs: c.runs,
      mecFull: c.mecFull,
      m: c.m,
      mecSize: c.mecSize,
      shd: c.shd,
      coverage: c.coverage,
      claimed: c.claimed,
      tieChecked: c.tieRuns !== null,
      tieRuns: c.tieRuns ?? 0,
      mecSizeAtLeast: c.mecSizeAtLeast ?? 0,
      shdAtLeast: c.shdAtLeast ?? 0,
    }));
}

export function bayesCellUnits(cells: readonly CellStats[]): BayesCellUnit[] {
  return cells
    .filter((c) => c.epsilon !== null)
    .map((c) => ({
      network: c.network,
      epsilon: c.epsilon!,
      eta: c.eta,
      strategy: c.strategy,
      semantics: c.semantics,
      runs: c.runs,
      coverage: c.coverage,
      claimed: c.claimed,
    }));
}

export function naiveCellUnits(naive: readonly NaiveStats[]): NaiveCellUnit[] {
  return naive
    .filter((n) => n.expert === 'epsilon' && n.epsilon !== null)
    .map((n) => ({
      network: n.network,
      epsilon: n.epsilon!,
      runs: n.runs,
      outsideMec: n.outsideMec,
      cyclic: n.cyclic,
      shd: n.shd,
    }));
}

export function replayRunUnits(engine: string, runs: readonly ReplayRun[]): ReplayRunUnit[] {
  return runs.map((run) => ({ engine, ...run }));
}
