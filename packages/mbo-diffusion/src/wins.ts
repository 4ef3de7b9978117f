// The wins table of brief §5.4: per (task, variant) the winner is the metric with the most negative
// correlation; ties split the win. The paper's counts over its 7 pairs sit beside ours.
export const WIN_METRICS = ['cdsm', 'fd', 'dc', 'reward', 'agreement'] as const;
export type WinMetric = (typeof WIN_METRICS)[number];

/** Agr 3, FD 2, reward 1, C-DSM 1, DC 0 out of 7 (task, variant) pairs [paper, Fig. 4 caption]. */
export const PAPER_WINS: Record<WinMetric, number> = { cdsm: 1, fd: 2, dc: 0, reward: 1, agreement: 3 };

/** Wins per metric over pairs; each pair maps metric → correlation (NaN never wins). */
export function winsTable(pairs: readonly Record<WinMetric, number>[]): Record<WinMetric, number> {
  const wins = Object.fromEntries(WIN_METRICS.map((metric) => [metric, 0])) as Record<WinMetric, number>;
  for (const pair of pairs) {
    const finite = WIN_METRICS.filter((metric) => Number.isFinite(pair[metric]));
    if (finite.length === 0) continue;
    const best = Math.min(...finite.map((metric) => pair[metric]));
    const winners = finite.filter((metric) => pair[metric] === best);
    for (const metric of winners) wins[metric] += 1 / winners.length;
  }
  return wins;
}
