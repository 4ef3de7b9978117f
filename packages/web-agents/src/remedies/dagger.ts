// DAgger (Ross et al. 2011; brief §7.2): roll out a mixture that executes the oracle's action with
// probability β and the student's otherwise; every visited state is later labelled with the oracle's
// canonical action (the trace keeps oracleCanonical at every step), giving D_i.
import { formatAction } from '../actions/format.js';
import type { Policy } from '../experts/expert.js';
import { oracleThought } from '../experts/thought.js';
import type { Student } from '../student/student.js';
import { advanceHistory } from '../student/student.js';

export function daggerPolicy(student: Student, beta: number, horizon = 15): Policy {
  return {
    name: `dagger-β${beta}`,
    act(obs, ctx) {
      const history = advanceHistory(ctx.episode, obs);
      const useOracle = ctx.advice !== undefined && ctx.rng.bernoulli(beta);
      const decision = useOracle
        ? { action: formatAction(ctx.advice!.valid[0]!), thought: oracleThought(obs, ctx.advice!) }
        : student.decide(obs, history, 'think', horizon);
      ctx.episode.lastObs = obs;
      ctx.episode.lastAction = decision.action;
      return { action: decision.action, thought: decision.thought };
    },
  };
}
