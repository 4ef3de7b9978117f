// The `oracle` expert (brief §4.2): always the oracle's canonical action, with its structured thought.
import { formatAction } from '../actions/format.js';
import type { Policy } from './expert.js';
import { oracleThought } from './thought.js';

export const oraclePolicy: Policy = {
  name: 'oracle',
  act(obs, ctx) {
    if (!ctx.advice) return { action: 'noop()', thought: null };
    return { action: formatAction(ctx.advice.valid[0]!), thought: oracleThought(obs, ctx.advice) };
  },
};
