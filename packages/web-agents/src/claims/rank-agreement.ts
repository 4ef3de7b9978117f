// C2 (issue 17 point 1): how consistently offline accuracy orders the checkpoints by online success,
// every checkpoint's offline metric measured on the SAME held-out oracle traces. The statistic is
// Spearman ρ over the correlation points; per bootstrap resample of the train tasks (a task drawn
// k times weighs k) every point's accuracy and success rate are recomputed (brief §7.6).
import { type BootstrapResult, bootstrap } from 'lab';
import { spearman } from '../eval/stats.js';
import type { EpisodeUnit, OfflineUnit } from '../units.js';
import type { PointRef } from './paired-success.js';

export type OfflineMetric = 'exact' | 'valid';

export interface RankAgreement extends BootstrapResult {
  rho: number;
  points: number;
  srRange: number;
  accRange: number;
}

interface PointCounts {
  offline: Map<string, { hits: number; steps: number }>;
  online: Map<string, { wins: number; n: number }>;
}

function countsOf(
  point: PointRef,
  metric: OfflineMetric,
  offline: readonly OfflineUnit[],
  episodes: readonly EpisodeUnit[],
): PointCounts {
  const off = new Map<string, { hits: number; steps: number }>();
  for (const u of offline)
    if (u.config === point.config && u.ckpt === point.ckpt && u.traces === 'oracle')
      off.set(u.task, { hits: metric === 'exact' ? u.exact : u.valid, steps: u.steps });
  const on = new Map<string, { wins: number; n: number }>();
  for (const u of episodes) {
    if (u.config !== point.config || u.ckpt !== point.ckpt || u.evalMode !== point.evalMode) continue;
    const c = on.get(u.task) ?? { wins: 0, n: 0 };
    on.set(u.task, { wins: c.wins + u.success, n: c.n + 1 });
  }
  return { offline: off, online: on };
}

/** Accuracy and success rate of one point over a multiset of tasks (micro-averaged). */
function rates(counts: PointCounts, tasks: readonly string[]): { acc: number; sr: number } {
  let hits = 0;
  let steps = 0;
  let wins = 0;
  let n = 0;
  for (const t of tasks) {
    const o = counts.offline.get(t);
    const e = counts.online.get(t);
    if (o) {
      hits += o.hits;
      steps += o.steps;
    }
    if (e) {
      wins += e.wins;
      n += e.n;
    }
  }
  return { acc: steps === 0 ? Number.NaN : hits / steps, sr: n === 0 ? Number.NaN : wins / n };
}

export function rankAgreement(
  points: readonly PointRef[],
  metric: OfflineMetric,
  offline: readonly OfflineUnit[],
  episodes: readonly EpisodeUnit[],
  seed: string,
  resamples = 2000,
): RankAgreement {
  const counts = points.map((p) => countsOf(p, metric, offline, episodes));
  const tasks = [...new Set(counts.flatMap((c) => [...c.online.keys()]))].sort();
  const rhoOver = (sample: readonly string[]) => {
    const r = counts.map((c) => rates(c, sample));
    return spearman(
      r.map((x) => x.acc),
      r.map((x) => x.sr),
    );
  };
  // the quantity is 1 − ρ (positive in the paper's direction: offline does not order online)
  const result = bootstrap(tasks, (sample) => 1 - rhoOver(sample), { seed, resamples });
  const all = counts.map((c) => rates(c, tasks));
  const range = (xs: number[]) => (xs.length === 0 ? 0 : Math.max(...xs) - Math.min(...xs));
  return {
    ...result,
    rho: 1 - result.estimate,
    points: points.length,
    srRange: range(all.map((x) => x.sr).filter(Number.isFinite)),
    accRange: range(all.map((x) => x.acc).filter(Number.isFinite)),
  };
}
