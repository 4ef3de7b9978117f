// Paired online success of two evaluated points (C1, C4, C5): one unit per (task, seed) that both
// points ran on the train tasks (held-out tasks are excluded), its difference S_a − S_b, resampled
// within each task. The tasks are the suite's fixed
// tasks and the seeds fresh instances of them, so the interval is over instances, task by task.
import { type BootstrapResult, bootstrap, meanOf } from 'lab';
import type { EpisodeUnit } from '../units.js';

/** One online evaluation point: a config's checkpoint decoded in one mode. */
export interface PointRef {
  config: string;
  ckpt: string;
  evalMode: string;
}

export interface PairedSuccess extends BootstrapResult {
  srA: number;
  srB: number;
  tasks: number;
}

const key = (u: { task: string; seed: number }) => `${u.task}/${u.seed}`;
const isPoint = (p: PointRef) => (u: EpisodeUnit) =>
  u.config === p.config && u.ckpt === p.ckpt && u.evalMode === p.evalMode;

export function pairedSuccess(
  episodes: readonly EpisodeUnit[],
  a: PointRef,
  b: PointRef,
  seed: string,
  options: { excludeTasks?: readonly string[]; resamples?: number } = {},
): PairedSuccess {
  const { excludeTasks = [], resamples = 2000 } = options;
  const bOutcome = new Map(episodes.filter(isPoint(b)).map((u) => [key(u), u.success]));
  const pairs = episodes
    .filter(isPoint(a))
    .filter((u) => !excludeTasks.includes(u.task))
    .filter((u) => bOutcome.has(key(u)))
    .map((u) => ({ task: u.task, a: u.success, b: bOutcome.get(key(u))! }));
  const result = bootstrap(pairs, (s) => meanOf(s, (p) => p.a - p.b), {
    seed,
    resamples,
    strata: (p) => p.task,
  });
  return {
    ...result,
    srA: meanOf(pairs, (p) => p.a),
    srB: meanOf(pairs, (p) => p.b),
    tasks: new Set(pairs.map((p) => p.task)).size,
  };
}

export const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : 'n/a');
export const pp = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} pp` : 'n/a');

/** 'SR a 69.0 % vs b 85.0 % over n pairs in k tasks: Δ = … [lo, hi]' */
export function describePaired(r: PairedSuccess, a: string, b: string): string {
  return `SR ${a} ${pct(r.srA)} vs ${b} ${pct(r.srB)} over ${r.n} paired episodes in ${r.tasks} tasks: Δ = ${pp(r.estimate)} [${pp(r.ci[0])}, ${pp(r.ci[1])}]`;
}
