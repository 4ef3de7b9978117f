// Online metrics of brief §7.4 over one fixed (task, seed) list shared by every point (paired):
// SR = (1/M) Σ_j S_j with its 95 % Wilson interval, strict SR, mean steps of successes, and an error
// taxonomy (invalid action; wrong element, terminal −1; premature Submit; loop, the same action 3
// times; truncation at H).
import { formatAction } from '../actions/format.js';
import { parseAction } from '../actions/parser.js';
import type { Episode } from '../data/trace.js';
import { isFinishing } from '../experts/thought.js';
import { wilson } from './stats.js';

export interface OnlineSummary {
  n: number;
  successes: number;
  sr: number;
  wilson: [number, number];
  strictSr: number;
  meanStepsOfSuccesses: number;
  errors: Record<string, number>;
}

/** The failure category of an episode (null for a success). */
export function failureKind(e: Episode): string | null {
  if (e.success === 1) return null;
  if (e.error !== null) return 'crash-or-timeout';
  const actions = e.steps.map((s) => (s.parsed ? formatAction(s.parsed) : s.action));
  const loop = actions.some((a, i) => i >= 2 && a === actions[i - 1] && a === actions[i - 2]);
  if (e.rawReward < 0 || (e.rawReward <= 0 && e.endReason === 'task')) {
    const last = e.steps.at(-1);
    const premature = last?.parsed
      ? isFinishing(last.obs, last.parsed) &&
        last.oracleValid.length > 0 &&
        !last.oracleValid.includes(formatAction(last.parsed))
      : false;
    return premature ? 'premature-submit' : 'wrong-element-terminal';
  }
  if (e.endReason === 'left-origin') return 'left-task';
  if (loop) return 'loop';
  if (e.steps.some((s) => s.error !== null)) return 'invalid-action-then-truncation';
  return 'truncation';
}

export function summariseOnline(episodes: readonly Episode[]): OnlineSummary {
  const n = episodes.length;
  const successes = episodes.reduce((a, e) => a + e.success, 0);
  const strict = episodes.reduce((a, e) => a + e.strictSuccess, 0);
  const wins = episodes.filter((e) => e.success === 1);
  const errors: Record<string, number> = {};
  for (const e of episodes) {
    const kind = failureKind(e);
    if (kind) errors[kind] = (errors[kind] ?? 0) + 1;
    if (e.steps.some((s) => s.error !== null))
      errors['any-invalid-action'] = (errors['any-invalid-action'] ?? 0) + 1;
  }
  return {
    n,
    successes,
    sr: n === 0 ? 0 : successes / n,
    wilson: wilson(successes, n),
    strictSr: n === 0 ? 0 : strict / n,
    meanStepsOfSuccesses: wins.length === 0 ? 0 : wins.reduce((a, e) => a + e.nSteps, 0) / wins.length,
    errors,
  };
}

/** Paired outcomes keyed by task/seed. */
export function outcomes(episodes: readonly Episode[]): Map<string, number> {
  return new Map(episodes.map((e) => [`${e.task}/${e.seed}`, e.success]));
}

export function canonicalAction(text: string): string {
  const parsed = parseAction(text);
  return parsed.ok ? formatAction(parsed.action) : text;
}
