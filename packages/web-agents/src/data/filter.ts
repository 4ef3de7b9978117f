// Filtering (brief §5.2): keep episodes with success = 1 up to the per-task target. Optional, off by
// default: drop episodes with any lastActionError, longer than the task's 95th percentile, or
// duplicated (same task and same sequence of (verb, element role + name, text)). Counts drops per
// reason and task.
import { type Action, actionBid } from '../actions/action.js';
import type { Obs } from '../env/obs.js';
import type { Episode } from './trace.js';

export interface FilterOptions {
  successOnly: boolean;
  dropErrors: boolean;
  dropLong: boolean;
  dedupe: boolean;
  keptPerTask: number;
}

export interface FilterReport {
  kept: Record<string, number>;
  dropped: Record<string, Record<string, number>>; // task → reason → count
}

function signature(e: Episode): string {
  return e.steps
    .map((s) => {
      const el = elementOf(s.obs, s.parsed ? actionBid(s.parsed) : undefined);
      return `${s.parsed?.verb ?? 'bad'}|${el?.role ?? ''}|${el?.name ?? ''}|${s.parsed ? textOf(s.obs, s.parsed) : ''}`;
    })
    .join('>');
}

function elementOf(obs: Obs, bid: string | undefined) {
  return bid === undefined ? undefined : obs.elements.find((x) => x.bid === bid);
}

/** The text part of a step's signature: a fill's value; for a drag, where it drops (else every drag of a task looks alike). */
function textOf(obs: Obs, action: Action): string {
  if (action.verb === 'fill') return action.value;
  if (action.verb !== 'drag_and_drop') return '';
  const to = elementOf(obs, action.toBid);
  return `${to?.role ?? ''} ${to?.name ?? ''}`;
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? Number.POSITIVE_INFINITY;
}

export function filterTraces(episodes: readonly Episode[], options: FilterOptions): { kept: Episode[]; report: FilterReport } {
  const report: FilterReport = { kept: {}, dropped: {} };
  const drop = (task: string, reason: string) => {
    const t = (report.dropped[task] ??= {});
    t[reason] = (t[reason] ?? 0) + 1;
  };
  const byTask = new Map<string, Episode[]>();
  for (const e of episodes) byTask.set(e.task, [...(byTask.get(e.task) ?? []), e]);
  const kept: Episode[] = [];
  for (const [task, list] of byTask) {
    const limit = p95(list.filter((e) => e.success === 1).map((e) => e.nSteps));
    const seen = new Set<string>();
    let count = 0;
    for (const e of [...list].sort((a, b) => a.seed - b.seed)) {
      if (options.successOnly && e.success !== 1) drop(task, 'failure');
      else if (options.dropErrors && e.steps.some((s) => s.error !== null)) drop(task, 'action-error');
      else if (options.dropLong && e.nSteps > limit) drop(task, 'too-long');
      else if (options.dedupe && seen.has(signature(e))) drop(task, 'duplicate');
      else if (count >= options.keptPerTask) drop(task, 'over-target');
      else {
        seen.add(signature(e));
        kept.push(e);
        count++;
      }
    }
    report.kept[task] = count;
  }
  return { kept, report };
}
