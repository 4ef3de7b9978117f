// Structured oracle thoughts (brief §4.1): c = { progress ∈ {start, continue, finish, recover},
// subgoalBid | null }, with a templated text rendering for the viewer and token counts. (The brief's
// optional goalSpan is not modelled: thought accuracy uses progress and sub-goal only.)
import { z } from 'zod';
import { type Action, actionBid } from '../actions/action.js';
import type { Obs } from '../env/obs.js';
import type { OracleAdvice } from '../tasks/task.js';

export const progressKinds = ['start', 'continue', 'finish', 'recover'] as const;
export const Thought = z.object({ progress: z.enum(progressKinds), subgoalBid: z.string().nullable() });
export type Thought = z.infer<typeof Thought>;

const finishingIds = new Set(['submit', 'send', 'apply', 'trash', 'star']);
const finishingNames = /^(submit|login|send|apply|book flight)$/i;

/** Does this action commit the answer (Submit-like)? */
export function isFinishing(obs: Obs, action: Action): boolean {
  const bid = actionBid(action);
  if (bid === undefined) return false;
  if (action.verb === 'press') return action.key === 'Enter';
  const el = obs.elements.find((e) => e.bid === bid);
  return el !== undefined && (finishingIds.has(el.domId) || finishingNames.test(el.name));
}

/** The oracle's thought at a state, from its advice. */
export function oracleThought(obs: Obs, advice: OracleAdvice): Thought {
  const canonical = advice.valid[0]!;
  const subgoalBid = actionBid(canonical) ?? null; // drag_and_drop: the dragged element
  const progress = advice.recovering
    ? 'recover'
    : obs.step === 0
      ? 'start'
      : isFinishing(obs, canonical)
        ? 'finish'
        : 'continue';
  return { progress, subgoalBid };
}

export function thoughtText(thought: Thought, obs: Obs): string {
  const el = thought.subgoalBid === null ? undefined : obs.elements.find((e) => e.bid === thought.subgoalBid);
  const target = el ? `${el.role} '${el.name || el.text}'` : 'nothing';
  const verb = {
    start: 'start with',
    continue: 'next,',
    finish: 'finish with',
    recover: 'undo a mistake at',
  }[thought.progress];
  return `${verb} ${target}`;
}
