// A paper's findings as checks over a run's summary. Every claim is reported, side by side with
// what the paper says, whatever the verdict; a claim is never tuned to pass.
import { z } from 'zod';
import { toMarkdownTable } from './markdown-table.js';

export const Verdict = z.enum(['reproduced', 'not reproduced', 'inconclusive']);
export type Verdict = z.infer<typeof Verdict>;

export interface ClaimCheck {
  verdict: Verdict;
  /** What this run measured, in words and numbers, e.g. 'slope 2.98 (|error| 0.02)'. */
  measured: string;
}

export interface Claim<Summary> {
  /** Short stable id, e.g. 'fig2-gap'. */
  id: string;
  /** The finding, in one sentence. */
  statement: string;
  /** What the paper reports, with the figure or table, e.g. 'Table 2: 0.81 vs 0.64'. */
  paper: string;
  check(summary: Summary): ClaimCheck;
}

export const ClaimResult = z.object({
  id: z.string(),
  statement: z.string(),
  paper: z.string(),
  measured: z.string(),
  verdict: Verdict,
});
export type ClaimResult = z.infer<typeof ClaimResult>;

/**
 * Checks every claim against the summary. A check that throws or returns something malformed is
 * reported as 'inconclusive' with the error as its measurement, so one broken claim cannot hide
 * the others or lose the run.
 */
export function evaluateClaims<Summary>(claims: readonly Claim<Summary>[], summary: Summary): ClaimResult[] {
  return claims.map((claim) => {
    const base = { id: claim.id, statement: claim.statement, paper: claim.paper };
    try {
      const check = z.object({ verdict: Verdict, measured: z.string() }).safeParse(claim.check(summary));
      if (!check.success) {
        return {
          ...base,
          verdict: 'inconclusive',
          measured: `check returned an invalid result: ${z.prettifyError(check.error)}`,
        };
      }
      return { ...base, ...check.data };
    } catch (error) {
      return {
        ...base,
        verdict: 'inconclusive',
        measured: `check threw: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  });
}

/** The claims table: id | statement | paper | measured | verdict, one row per claim. */
export function claimsTable(results: readonly ClaimResult[]): string {
  return toMarkdownTable(
    results.map((result) => ({ ...result })),
    ['id', 'statement', 'paper', 'measured', 'verdict'],
  );
}

/** Counts per verdict, e.g. '2 reproduced, 1 not reproduced, 0 inconclusive'. */
export function verdictCounts(results: readonly ClaimResult[]): string {
  return Verdict.options
    .map((verdict) => `${results.filter((r) => r.verdict === verdict).length} ${verdict}`)
    .join(', ');
}
