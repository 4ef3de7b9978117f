// Report sections read off the unit tables (issue 17 points 1 and 6): C2's points on the one shared
// held-out test set (the oracle's traces at the evaluation seeds), with each config's own-expert
// accuracy beside them as a labelled secondary result, and every evaluated point's success per task.
import { type RunContext, type TableRow, toMarkdownTable } from 'lab';
import type { Summary } from '../summary.js';
import type { EpisodeUnit, OfflineUnit, TraceSet } from '../units.js';

const p = (x: number) => (Number.isFinite(x) ? (100 * x).toFixed(1) : '');

function offlineRate(
  rows: readonly OfflineUnit[],
  config: string,
  ckpt: string,
  traces: TraceSet,
  metric: 'exact' | 'valid',
) {
  const mine = rows.filter((r) => r.config === config && r.ckpt === ckpt && r.traces === traces);
  return mine.reduce((a, r) => a + r[metric], 0) / mine.reduce((a, r) => a + r.steps, 0);
}

function successRate(
  episodes: readonly EpisodeUnit[],
  point: { config: string; ckpt: string; evalMode: string },
  task?: string,
) {
  const mine = episodes.filter(
    (e) =>
      e.config === point.config &&
      e.ckpt === point.ckpt &&
      e.evalMode === point.evalMode &&
      (task === undefined || e.task === task),
  );
  return mine.reduce((a, e) => a + e.success, 0) / mine.length;
}

export function sharedTestSetRows(
  s: Summary,
  offline: readonly OfflineUnit[],
  episodes: readonly EpisodeUnit[],
): TableRow[] {
  return s.design.correlationPoints.map((pt) => {
    const own: TraceSet = pt.config === 'style-mix' || pt.config === 'noisy' ? pt.config : 'oracle';
    return {
      point: `${pt.config}@${pt.ckpt}`,
      'exact match % (oracle traces)': p(offlineRate(offline, pt.config, pt.ckpt, 'oracle', 'exact')),
      'valid-action % (oracle traces)': p(offlineRate(offline, pt.config, pt.ckpt, 'oracle', 'valid')),
      'own-expert exact % (secondary)': p(offlineRate(offline, pt.config, pt.ckpt, own, 'exact')),
      'SR %': p(successRate(episodes, pt)),
    };
  });
}

export function perTaskSuccessRows(episodes: readonly EpisodeUnit[]): TableRow[] {
  const points = [...new Map(episodes.map((e) => [`${e.config}@${e.ckpt}/${e.evalMode}`, e])).entries()]
    .filter(([, e]) => e.ckpt === 'final' || e.config === 'base')
    .map(([name, e]) => ({ name, point: { config: e.config, ckpt: e.ckpt, evalMode: e.evalMode } }));
  const tasks = [...new Set(episodes.map((e) => e.task))];
  return tasks.map((task) => ({
    task,
    ...Object.fromEntries(points.map(({ name, point }) => [name, p(successRate(episodes, point, task))])),
  }));
}

export async function writeUnitSections(
  ctx: RunContext,
  s: Summary,
  offline: readonly OfflineUnit[],
  episodes: readonly EpisodeUnit[],
): Promise<void> {
  const shared = sharedTestSetRows(s, offline, episodes);
  await ctx.writeCsv('c2-shared-test-set.csv', shared);
  ctx.addReportSection(
    'C2 on one held-out test set',
    [
      "Every point's offline metrics on the same held-out oracle traces (the evaluation seeds), the set C2 and C2-valid are decided on; each config's accuracy on its own expert's traces is shown as a secondary result and decides nothing.",
      '',
      toMarkdownTable(shared),
    ].join('\n'),
  );
  const perTask = perTaskSuccessRows(episodes);
  await ctx.writeCsv('per-task-success.csv', perTask);
  ctx.addReportSection(
    'Per-task success (final models, %)',
    [
      'Success rate per task of every final model and the base model, from units/episodes.csv.',
      '',
      toMarkdownTable(perTask),
    ].join('\n'),
  );
}
