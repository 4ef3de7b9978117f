// A paper's findings as claims over a run's results. Every claim is reported, side by side with
// what the paper says, whatever the verdict; a claim is never tuned to pass.
//
// The contract (verdict-rule.ts has the rule): a claim declares its effect (the quantity, signed so
// the paper's direction is positive, the unit it is resampled over, the smallest effect that
// counts) and measures it on the run's unit-level outcomes: an estimate, a confidence interval, n,
// and the gates the run must pass for the claim to be testable. lab decides the verdict, the same
// way for every study. What holds by construction is an invariant: tested, listed, never counted.
import { z } from 'zod';
import { toMarkdownTable } from './markdown-table.js';
import { type Decision, decide, EffectResult, GateResult } from './verdict-rule.js';

export const Verdict = z.enum(['reproduced', 'not reproduced', 'inconclusive']);
export type Verdict = z.infer<typeof Verdict>;

/** A run's unit-level outcomes by table name (units/<name>.csv), as written with ctx.writeUnits. */
export type UnitTables = Record<string, readonly Record<string, unknown>[]>;

/** What a claim measures, declared with the claim (not computed): the contract a reader checks. */
export interface ClaimEffect {
  /** The quantity, signed so that the paper's direction is positive, e.g. 'SR(SFT) − SR(base)'. */
  quantity: string;
  /** The unit the interval resamples: 'seed', 'task', 'episode', 'cell', … */
  unit: string;
  /** The smallest effect that counts, δ > 0, in the quantity's units; say where it comes from in the statement or paper. */
  smallest: number;
}

/** What one run measured for a claim: the estimate with its interval, n, the gates, in words. */
// Any JS number: an estimate that could not be made (NaN, ±∞) is legitimate and decides 'inconclusive'.
const AnyNumber = z.custom<number>((value) => typeof value === 'number', 'expected a number');

export const Measurement = z.object({
  estimate: AnyNumber,
  ci: z.tuple([AnyNumber, AnyNumber]),
  n: z.number().int().min(0),
  gates: z.array(GateResult).default([]),
  /** What this run measured, in words and numbers, e.g. 'SR 69.0 % → 85.0 %'. */
  measured: z.string(),
});
export type Measurement = z.input<typeof Measurement>;

interface ClaimText {
  /** Short stable id, e.g. 'fig2-gap'. */
  id: string;
  /** The finding, in one sentence. */
  statement: string;
  /** What the paper reports, with the figure or table, e.g. 'Table 2: 0.81 vs 0.64'. */
  paper: string;
}

/** A claim decided by lab's rule. */
export interface EffectClaim<Summary, Units extends UnitTables = UnitTables> extends ClaimText {
  effect: ClaimEffect;
  measure(summary: Summary, units: Units): Measurement;
}

export interface ClaimCheck {
  verdict: Verdict;
  measured: string;
}

/**
 * A claim decided by its study's own rule: the form every claim had before lab's rule. Kept only
 * until each study moves its claims to EffectClaim; the report marks these verdicts as such.
 */
export interface StudyRuleClaim<Summary> extends ClaimText {
  check(summary: Summary): ClaimCheck;
}

export type Claim<Summary, Units extends UnitTables = UnitTables> =
  | EffectClaim<Summary, Units>
  | StudyRuleClaim<Summary>;

/** A property that holds by construction: tested as a unit test, listed in the report, not a reproduction. */
export interface Invariant<Summary, Units extends UnitTables = UnitTables> {
  id: string;
  statement: string;
  /** Where it is tested, e.g. 'test/amend.test.ts'. */
  testedBy: string;
  /** Optionally also checked on the run itself. */
  check?(summary: Summary, units: Units): { holds: boolean; measured: string };
}

export const ClaimResult = z.object({
  id: z.string(),
  statement: z.string(),
  paper: z.string(),
  measured: z.string(),
  verdict: Verdict,
  /** 'lab': decided by lab's rule from effect and gates; 'study': by the study's own rule (older claims). */
  rule: z.enum(['lab', 'study']).default('study'),
  effect: EffectResult.nullable().default(null),
  gates: z.array(GateResult).default([]),
  /** Why the rule gave this verdict, in one line. */
  decision: z.string().default(''),
});
export type ClaimResult = z.infer<typeof ClaimResult>;

export const InvariantResult = z.object({
  id: z.string(),
  statement: z.string(),
  testedBy: z.string(),
  /** null when the run does not check it (it is covered by its test). */
  holds: z.boolean().nullable(),
  measured: z.string(),
});
export type InvariantResult = z.infer<typeof InvariantResult>;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** JSON has no NaN or ±∞: a value that could not be estimated is written as null. */
function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function evaluateEffectClaim<Summary, Units extends UnitTables>(
  claim: EffectClaim<Summary, Units>,
  summary: Summary,
  units: Units,
): ClaimResult {
  const base = { id: claim.id, statement: claim.statement, paper: claim.paper, rule: 'lab' as const };
  const effect = {
    quantity: claim.effect.quantity,
    unit: claim.effect.unit,
    smallest: claim.effect.smallest,
  };
  const parsed = Measurement.safeParse(claim.measure(summary, units));
  if (!parsed.success) {
    const measured = `measure returned an invalid result: ${z.prettifyError(parsed.error)}`;
    return { ...base, measured, verdict: 'inconclusive', effect: null, gates: [], decision: measured };
  }
  const { estimate, ci, n, gates, measured } = parsed.data;
  const decision: Decision = decide({ estimate, ci, smallest: effect.smallest }, gates);
  return {
    ...base,
    measured,
    verdict: decision.verdict,
    effect: {
      ...effect,
      estimate: finiteOrNull(estimate),
      ci: [finiteOrNull(ci[0]), finiteOrNull(ci[1])],
      n,
    },
    gates,
    decision: decision.reason,
  };
}

function evaluateStudyRuleClaim<Summary>(claim: StudyRuleClaim<Summary>, summary: Summary): ClaimResult {
  const base = { id: claim.id, statement: claim.statement, paper: claim.paper, rule: 'study' as const };
  const check = z.object({ verdict: Verdict, measured: z.string() }).safeParse(claim.check(summary));
  if (!check.success) {
    const measured = `check returned an invalid result: ${z.prettifyError(check.error)}`;
    return { ...base, measured, verdict: 'inconclusive', effect: null, gates: [], decision: measured };
  }
  return {
    ...base,
    ...check.data,
    effect: null,
    gates: [],
    decision: "the study's own rule (not yet lab's)",
  };
}

/**
 * Decides every claim on the run's summary and unit tables. A claim that throws or returns
 * something malformed is 'inconclusive' with the error as its measurement, so one broken claim
 * cannot hide the others or lose the run.
 */
export function evaluateClaims<Summary, Units extends UnitTables>(
  claims: readonly Claim<Summary, Units>[],
  summary: Summary,
  units: Units = {} as Units,
): ClaimResult[] {
  return claims.map((claim) => {
    try {
      return 'measure' in claim
        ? evaluateEffectClaim(claim, summary, units)
        : evaluateStudyRuleClaim(claim, summary);
    } catch (error) {
      const measured = `${'measure' in claim ? 'measure' : 'check'} threw: ${errorText(error)}`;
      return {
        id: claim.id,
        statement: claim.statement,
        paper: claim.paper,
        measured,
        verdict: 'inconclusive',
        rule: 'measure' in claim ? 'lab' : 'study',
        effect: null,
        gates: [],
        decision: measured,
      };
    }
  });
}

/** Checks each invariant the run can check; the others are listed with their test. */
export function evaluateInvariants<Summary, Units extends UnitTables>(
  invariants: readonly Invariant<Summary, Units>[],
  summary: Summary,
  units: Units,
): InvariantResult[] {
  return invariants.map(({ id, statement, testedBy, check }) => {
    if (check === undefined) return { id, statement, testedBy, holds: null, measured: 'checked by its test' };
    try {
      return { id, statement, testedBy, ...check(summary, units) };
    } catch (error) {
      return { id, statement, testedBy, holds: false, measured: `check threw: ${errorText(error)}` };
    }
  });
}

function numberText(value: number | null): string {
  if (value === null) return 'n/a';
  return Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-3)
    ? value.toExponential(2)
    : Number(value.toPrecision(3)).toString();
}

/** '0.21 [0.05, 0.38] per seed, n 3; δ 0.1', or how the study decided. */
export function effectText(result: ClaimResult): string {
  if (result.effect === null) return result.rule === 'study' ? "— (study's own rule)" : '—';
  const { estimate, ci, unit, n, smallest } = result.effect;
  return `${numberText(estimate)} [${numberText(ci[0])}, ${numberText(ci[1])}] per ${unit}, n ${n}; δ ${numberText(smallest)}`;
}

/** '✓ scratch-learns 0.9 (≥ 0.1); ✗ reward-r2 0.2 (≥ 0.5)', or '—' for a claim with none. */
export function gatesText(result: ClaimResult): string {
  if (result.gates.length === 0) return '—';
  return result.gates
    .map(
      (g) =>
        `${g.passed ? '✓' : '✗'} ${g.name} ${typeof g.value === 'number' ? numberText(g.value) : (g.value ?? 'n/a')} (${g.threshold})`,
    )
    .join('; ');
}

/** The claims table: id | statement | paper | measured | effect [CI] | gates | verdict. */
export function claimsTable(results: readonly ClaimResult[]): string {
  return toMarkdownTable(
    results.map((result) => ({
      id: result.id,
      statement: result.statement,
      paper: result.paper,
      measured: result.measured,
      'effect [CI]': effectText(result),
      gates: gatesText(result),
      verdict: result.verdict,
    })),
    ['id', 'statement', 'paper', 'measured', 'effect [CI]', 'gates', 'verdict'],
  );
}

/** The invariants table: id | statement | tested by | this run. */
export function invariantsTable(results: readonly InvariantResult[]): string {
  return toMarkdownTable(
    results.map((result) => ({
      id: result.id,
      statement: result.statement,
      'tested by': result.testedBy,
      'this run':
        result.holds === null
          ? result.measured
          : `${result.holds ? 'holds' : 'VIOLATED'}: ${result.measured}`,
    })),
    ['id', 'statement', 'tested by', 'this run'],
  );
}

/** Counts per verdict, e.g. '2 reproduced, 1 not reproduced, 0 inconclusive'. */
export function verdictCounts(results: readonly ClaimResult[]): string {
  return Verdict.options
    .map((verdict) => `${results.filter((r) => r.verdict === verdict).length} ${verdict}`)
    .join(', ');
}
