// The `style-mix` expert (brief §4.2): per episode, one style drawn uniformly: canonical, reverse
// order (the last valid action: bottom-up form filling, other box first), or Submit by Enter. Every
// action is in validNext, so success stays 100 % while exact-match accuracy against one reference
// drops (several valid demonstrations: multimodality).
import { actionBid } from '../actions/action.js';
import { formatAction } from '../actions/format.js';
import type { Policy } from './expert.js';
import { oracleThought } from './thought.js';

export const styles = ['canonical', 'reverse', 'enter'] as const;
export type Style = (typeof styles)[number];

export const styleMixPolicy: Policy = {
  name: 'style-mix',
  act(obs, ctx) {
    if (!ctx.advice) return { action: 'noop()', thought: null };
    if (ctx.episode.style === undefined) ctx.episode.style = ctx.rng.choice(styles);
    const valid = ctx.advice.valid;
    const style = ctx.episode.style as Style;
    const pick =
      style === 'reverse'
        ? valid.at(-1)!
        : style === 'enter'
          ? (valid.find((a) => a.verb === 'press') ?? valid[0]!)
          : valid[0]!;
    const thought = oracleThought(obs, ctx.advice);
    return {
      action: formatAction(pick),
      thought: { ...thought, subgoalBid: actionBid(pick) ?? null },
    };
  },
};
