// Agreement statistics of brief §7.6 between offline Acc and online SR over the correlation set:
// Spearman ρ and Kendall τ_b, a 95 % bootstrap CI over train tasks (per resample every point's Acc
// and SR are recomputed from the resampled tasks; resamples with constant ranks are skipped and
// counted), and significant paired inversions: ordered pairs (p, q) with Acc_p − Acc_q ≥ 2 pp and
// SR_q − SR_p ≥ 5 pp, exact McNemar at the Bonferroni level 0.05/m, m = pairs with Acc_p − Acc_q ≥ 2 pp.
import { bootstrap } from 'lab';
import type { OfflineCounts } from './offline.js';
import { discordant, kendallTauB, mcnemarExact, spearman } from './stats.js';

export interface AgreementPoint {
  id: string;
  offline: OfflineCounts;
  /** task/seed → success (0/1) */
  outcomes: Map<string, number>;
}

export interface Inversion {
  p: string;
  q: string;
  accP: number;
  accQ: number;
  srP: number;
  srQ: number;
  b: number;
  c: number;
  pValue: number;
  significant: boolean;
}

export interface AgreementReport {
  points: number;
  rho: number;
  tau: number;
  rhoCi: [number, number];
  skippedResamples: number;
  resamples: number;
  srRange: number;
  accRange: number;
  pairsTested: number;
  inversions: Inversion[];
}

function accOver(point: AgreementPoint, weights: ReadonlyMap<string, number>): number {
  let exact = 0;
  let steps = 0;
  for (const [task, w] of weights) {
    const c = point.offline[task];
    if (!c) continue;
    exact += w * c.exact;
    steps += w * c.steps;
  }
  return steps === 0 ? 0 : exact / steps;
}

function srOver(point: AgreementPoint, weights: ReadonlyMap<string, number>): number {
  let wins = 0;
  let n = 0;
  for (const [key, s] of point.outcomes) {
    const w = weights.get(key.slice(0, key.lastIndexOf('/'))) ?? 0;
    wins += w * s;
    n += w;
  }
  return n === 0 ? 0 : wins / n;
}

export function agreementStats(
  points: readonly AgreementPoint[],
  tasks: readonly string[],
  resamples: number,
  seed: string,
): AgreementReport {
  const unit = new Map(tasks.map((t) => [t, 1]));
  const acc = points.map((p) => accOver(p, unit));
  const sr = points.map((p) => srOver(p, unit));
  // lab's bootstrap over train tasks: a task drawn k times weighs k in every point's Acc and SR
  const rhoOver = (sample: readonly string[]) => {
    const weights = new Map<string, number>();
    for (const t of sample) weights.set(t, (weights.get(t) ?? 0) + 1);
    return spearman(
      points.map((p) => accOver(p, weights)),
      points.map((p) => srOver(p, weights)),
    );
  };
  const rhoBootstrap = bootstrap(tasks, rhoOver, { seed, resamples, level: 0.95 });
  const inversions: Inversion[] = [];
  let m = 0;
  const candidates: Omit<Inversion, 'significant'>[] = [];
  points.forEach((p, i) => {
    points.forEach((q, j) => {
      if (i === j || acc[i]! - acc[j]! < 0.02) return;
      m++;
      if (sr[j]! - sr[i]! < 0.05) return;
      const { b, c } = discordant(p.outcomes, q.outcomes);
      candidates.push({
        p: p.id,
        q: q.id,
        accP: acc[i]!,
        accQ: acc[j]!,
        srP: sr[i]!,
        srQ: sr[j]!,
        b,
        c,
        pValue: mcnemarExact(b, c),
      });
    });
  });
  for (const cand of candidates)
    inversions.push({ ...cand, significant: cand.pValue < 0.05 / Math.max(1, m) });
  return {
    points: points.length,
    rho: spearman(acc, sr),
    tau: kendallTauB(acc, sr),
    rhoCi: rhoBootstrap.ci,
    skippedResamples: rhoBootstrap.skipped,
    resamples,
    srRange: points.length > 0 ? Math.max(...sr) - Math.min(...sr) : 0,
    accRange: points.length > 0 ? Math.max(...acc) - Math.min(...acc) : 0,
    pairsTested: m,
    inversions,
  };
}
