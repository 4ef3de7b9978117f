// What a task module provides (brief §3.3): generate(seed) → pages, goal and hidden params; its
// state-based oracle (brief §4.1), which labels ANY observation with every action that stays on a
// shortest successful path (canonical first); and meta.
import { Rng } from 'core-tensor';
import type { Action } from '../actions/action.js';
import type { El, Obs } from '../env/obs.js';

export interface TaskInstance {
  taskId: string;
  seed: number;
  goal: string;
  /** Hidden parameters (the oracle's knowledge); never in the DOM or the observation. */
  params: Record<string, unknown>;
  /** Page path (relative to /t/<task>/<seed>/) → HTML. */
  pages: Record<string, string>;
  startPath: string;
}

export interface OracleAdvice {
  /** Every action on a shortest successful path; valid[0] is the canonical one. */
  valid: Action[];
  /** The state holds a mistake the oracle is undoing (the 'recover' progress of a thought). */
  recovering?: boolean;
}

export interface TaskMeta {
  /** single-page or multi-page (real navigations) */
  pages: 'single' | 'multi';
  /** held out by default (task-level split, brief §3.3) */
  heldOut: boolean;
  /** expected oracle episode length (steps), for planning and tests */
  oracleLength: number;
}

export interface TaskDef {
  id: string;
  meta: TaskMeta;
  generate(seed: number): TaskInstance;
  oracle(obs: Obs, params: Record<string, unknown>): OracleAdvice;
}

/** The Rng of an instance: seeded by a hash of task id and seed (brief §3.2). */
export function instanceRng(taskId: string, seed: number): Rng {
  return new Rng(`web-agents/${taskId}/${seed}`);
}

// ---- helpers the oracles share: find elements in an observation ----

export function findEl(obs: Obs, predicate: (el: El) => boolean): El | undefined {
  return obs.elements.find(predicate);
}

export function mustFind(obs: Obs, what: string, predicate: (el: El) => boolean): El {
  const el = findEl(obs, predicate);
  if (!el) throw new OracleStuck(`no element for ${what} at ${obs.url}`);
  return el;
}

export function byId(obs: Obs, domId: string): El | undefined {
  return findEl(obs, (el) => el.domId === domId);
}

export function byRoleName(obs: Obs, role: string, name: string): El | undefined {
  return findEl(obs, (el) => el.role === role && el.name === name);
}

/** Thrown when the oracle cannot act from this state (e.g. the episode already ended). */
export class OracleStuck extends Error {}

/** Draws k distinct items. */
export function sample<T>(rng: Rng, items: readonly T[], k: number): T[] {
  return rng.shuffle(items).slice(0, k);
}

export function hiddenParams<T>(params: Record<string, unknown>): T {
  return params as T;
}
