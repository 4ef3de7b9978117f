// The expert family of brief §4.2 as policies over (observation, oracle advice). A policy returns
// the action string to execute, the label to learn from (for DART the oracle's, for the others the
// executed action) and a structured thought (null when the policy has none).
import type { Rng } from 'core-tensor';
import type { Action } from '../actions/action.js';
import type { BrowserGymObs } from '../env/browsergym-obs.js';
import type { Obs } from '../env/obs.js';
import type { OracleAdvice } from '../tasks/task.js';
import type { Thought } from './thought.js';

export interface PolicyStep {
  action: string;
  thought: Thought | null;
  /** set when the policy produced no usable action: the env records the step as invalid with this error */
  invalid?: string;
}

export interface PolicyContext {
  rng: Rng;
  taskId: string;
  /** the oracle's advice at this state; undefined when the oracle cannot act (stuck) */
  advice: OracleAdvice | undefined;
  /** per-episode state a policy may keep (e.g. the chosen style) */
  episode: Record<string, unknown>;
  /** the BrowserGym-shaped observation, given to policies that ask for it (`observation: 'browsergym'`) */
  browsergym?: BrowserGymObs;
}

export interface Policy {
  readonly name: string;
  /** 'browsergym': the runner also builds BrowserGym's observation dict for this policy (costs a CDP round trip in 'cdp' mode) */
  readonly observation?: 'browsergym';
  act(obs: Obs, ctx: PolicyContext): Promise<PolicyStep> | PolicyStep;
}

export type { Action };
