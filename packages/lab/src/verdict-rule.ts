// The one rule that turns a measured effect into a verdict, for every claim of every study.
//
// The effect is signed so that the paper's direction is positive, and each claim states the
// smallest effect that counts (δ > 0). With the effect's estimate d̂ and its confidence interval
// [lo, hi]:
//   reproduced      lo > 0 and d̂ ≥ δ   (an effect in the paper's direction, large enough to count)
//   not reproduced  hi < δ             (absent, too small or reversed, with confidence)
//   inconclusive    otherwise, and always when a gate failed (the run could not test the claim).
import { z } from 'zod';
import type { Verdict } from './claims.js';

/** A precondition the run must meet for a claim to be testable at all, with what was measured. */
export const GateResult = z.object({
  name: z.string().min(1),
  passed: z.boolean(),
  value: z.union([z.number(), z.string(), z.null()]),
  /** The condition on the value, e.g. '≥ 0.1'. */
  threshold: z.string(),
});
export type GateResult = z.infer<typeof GateResult>;

export type GateCondition = { atLeast: number } | { atMost: number } | { above: number } | { below: number };

/** A numeric gate: passes when `value` is finite and meets the condition. */
export function gate(name: string, value: number, condition: GateCondition): GateResult {
  const [threshold, holds] =
    'atLeast' in condition
      ? [`≥ ${condition.atLeast}`, value >= condition.atLeast]
      : 'atMost' in condition
        ? [`≤ ${condition.atMost}`, value <= condition.atMost]
        : 'above' in condition
          ? [`> ${condition.above}`, value > condition.above]
          : [`< ${condition.below}`, value < condition.below];
  // JSON has no NaN: a value that could not be measured is recorded as null and fails.
  return {
    name,
    passed: Number.isFinite(value) && holds,
    value: Number.isFinite(value) ? value : null,
    threshold,
  };
}

/** The effect a claim measured, in claims.json. */
export const EffectResult = z.object({
  /** What is measured, signed so that the paper's direction is positive. */
  quantity: z.string(),
  estimate: z.number().nullable(),
  ci: z.tuple([z.number().nullable(), z.number().nullable()]),
  /** What the bootstrap resamples: seed, task, episode, cell, … */
  unit: z.string(),
  n: z.number().int().min(0),
  /** The smallest effect that counts (δ > 0). */
  smallest: z.number().positive(),
});
export type EffectResult = z.infer<typeof EffectResult>;

export interface Decision {
  verdict: Verdict;
  /** Why, in one line: the gate that failed, or where the interval lies. */
  reason: string;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : Number(value.toPrecision(3)).toString();
}

/** The verdict of the rule above; gates first, then the interval. */
export function decide(
  effect: { estimate: number; ci: readonly [number, number]; smallest: number },
  gates: readonly GateResult[],
): Decision {
  const failed = gates.filter((g) => !g.passed);
  if (failed.length > 0) {
    const names = failed.map(
      (g) =>
        `${g.name} = ${g.value === null ? 'not measured' : typeof g.value === 'number' ? formatNumber(g.value) : g.value} (needs ${g.threshold})`,
    );
    return { verdict: 'inconclusive', reason: `gate failed: ${names.join('; ')}` };
  }
  const { estimate, smallest } = effect;
  const [lo, hi] = effect.ci;
  if (![estimate, lo, hi].every(Number.isFinite)) {
    return { verdict: 'inconclusive', reason: 'the effect or its interval could not be estimated' };
  }
  const interval = `[${formatNumber(lo)}, ${formatNumber(hi)}]`;
  if (lo > 0 && estimate >= smallest) {
    return {
      verdict: 'reproduced',
      reason: `CI ${interval} above 0 and estimate ${formatNumber(estimate)} ≥ δ ${formatNumber(smallest)}`,
    };
  }
  if (hi < smallest) {
    return { verdict: 'not reproduced', reason: `CI ${interval} below δ ${formatNumber(smallest)}` };
  }
  return lo > 0
    ? {
        verdict: 'inconclusive',
        reason: `CI ${interval} above 0 but estimate ${formatNumber(estimate)} < δ ${formatNumber(smallest)}`,
      }
    : { verdict: 'inconclusive', reason: `CI ${interval} reaches both 0 and δ ${formatNumber(smallest)}` };
}
