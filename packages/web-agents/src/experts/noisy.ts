// The `noisy-ε` expert (brief §4.2): at each step, with probability ε, a random well-formed action,
// then the oracle again. The trace records both the executed action and the oracle's label, so the
// same rollouts give `noisy` (executed targets, success-filtered) and `dart` (oracle targets).
import { formatAction } from '../actions/format.js';
import type { Policy } from './expert.js';
import { randomAction } from './random-action.js';
import { oracleThought } from './thought.js';

export function noisyPolicy(epsilon: number): Policy {
  if (!(epsilon >= 0 && epsilon <= 1))
    throw new Error(`noisy expert: epsilon must be in [0, 1], got ${epsilon}`);
  return {
    name: `noisy-${epsilon}`,
    act(obs, ctx) {
      if (!ctx.advice || ctx.rng.bernoulli(epsilon)) {
        const action = randomAction(obs, ctx.rng);
        return {
          action: formatAction(action),
          thought: {
            progress: obs.step === 0 ? 'start' : 'continue',
            subgoalBid: 'bid' in action ? action.bid : null,
          },
        };
      }
      return { action: formatAction(ctx.advice.valid[0]!), thought: oracleThought(obs, ctx.advice) };
    },
  };
}

/** The uniformly random well-formed policy (acceptance criterion 4). */
export const randomPolicy: Policy = {
  name: 'random',
  act(obs, ctx) {
    return { action: formatAction(randomAction(obs, ctx.rng)), thought: null };
  },
};
