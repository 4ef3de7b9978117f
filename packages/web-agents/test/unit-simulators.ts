// Simulated unit tables at the default preset's n (20 train tasks × 30 evaluation seeds) for the
// claim tests. Assumptions, ours: per-task success rates spread over [0.3, 0.7]; offline traces of
// 2.5 steps an episode (75 steps per task); on the multi-step tasks the off-policy gap varies from
// task to task with SD 3 pp around its mean.
import type { Rng } from 'core-tensor';
import type { EpisodeUnit, OfflineUnit, OffPolicyUnit } from '../src/units.js';

export const defaultTasks = 20;
export const defaultSeeds = 30;
const tasks = Array.from({ length: defaultTasks }, (_, i) => `task-${i}`);
const baseRate = (t: number) => 0.3 + (0.4 * t) / (defaultTasks - 1);
const binomial = (rng: Rng, n: number, p: number) => {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k;
};

/** Episodes of point a and point b on the same (task, seed) pairs; a succeeds `gain` more often. */
export function pairedEpisodes(
  rng: Rng,
  a: { config: string; ckpt: string; evalMode: string },
  b: { config: string; ckpt: string; evalMode: string },
  gain: number,
): EpisodeUnit[] {
  return tasks.flatMap((task, t) =>
    Array.from({ length: defaultSeeds }, (_, seed) => [
      { ...a, task, seed, success: rng.next() < baseRate(t) + gain ? 1 : 0, steps: 3 },
      { ...b, task, seed, success: rng.next() < baseRate(t) ? 1 : 0, steps: 3 },
    ]).flat(),
  );
}

/**
 * C2's points: point i has quality q_i = i/(n−1), offline accuracy 0.6 + 0.3·q_i on the oracle
 * traces, and success 0.3 + 0.5·r_i where r = q (offline orders online: ρ = 1, no effect) or
 * a random permutation of q (ρ = 0 in expectation, the planted effect 1 − ρ = 1 = 2δ).
 */
export function rankedPoints(
  rng: Rng,
  points: readonly { config: string; ckpt: string; evalMode: string }[],
  ordered: boolean,
): { offline: OfflineUnit[]; episodes: EpisodeUnit[] } {
  const n = points.length;
  const q = points.map((_, i) => i / Math.max(1, n - 1));
  const r = ordered ? q : rng.shuffle([...q]);
  const offline: OfflineUnit[] = [];
  const episodes: EpisodeUnit[] = [];
  points.forEach((pt, i) => {
    for (const task of tasks) {
      const steps = 75;
      const exact = binomial(rng, steps, 0.6 + 0.3 * q[i]!);
      const valid = Math.min(steps, exact + binomial(rng, steps - exact, 0.3));
      offline.push({
        config: pt.config,
        ckpt: pt.ckpt,
        traces: 'oracle',
        task,
        steps,
        exact,
        valid,
        thought: 0,
        thoughtSteps: 0,
      });
      for (let seed = 0; seed < defaultSeeds; seed++)
        episodes.push({ ...pt, task, seed, success: rng.next() < 0.3 + 0.5 * r[i]! ? 1 : 0, steps: 3 });
    }
  });
  return { offline, episodes };
}

/** Off-policy counts of `kept` multi-step tasks plus the three expert-privileged ones (a large gap there). */
export function offPolicyRows(rng: Rng, kept: number, meanGap: number): OffPolicyUnit[] {
  const row = (task: string, expertPrivileged: boolean, gap: number): OffPolicyUnit => {
    const aExp = 0.8 + 0.18 * rng.next();
    const expSteps = 120;
    const stuSteps = 150;
    const aStu = Math.min(1, Math.max(0, aExp - gap));
    return {
      task,
      expertPrivileged,
      expSteps,
      expValid: binomial(rng, expSteps, aExp),
      stuSteps,
      stuValid: binomial(rng, stuSteps, aStu),
    };
  };
  return [
    ...Array.from({ length: kept }, (_, i) => row(`multi-${i}`, false, meanGap + 0.03 * rng.normal())),
    ...['click-tab-2', 'click-collapsible-2', 'navigate-tree'].map((t) => row(t, true, 0.4)),
  ];
}

/** The supervised thought's offline counts of oracle-cot (C4's gate reads their accuracy). */
export function cotThought(accuracy: number): OfflineUnit[] {
  return tasks.map((task) => ({
    config: 'oracle-cot',
    ckpt: 'final',
    traces: 'oracle' as const,
    task,
    steps: 100,
    exact: 90,
    valid: 95,
    thought: Math.round(100 * accuracy),
    thoughtSteps: 100,
  }));
}
