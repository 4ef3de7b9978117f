// Writes the unit tables of units.ts into the run folder (issue 17 point 6): every evaluation
// episode, the per-task offline counts of every (config, checkpoint) on the oracle's held-out traces
// and, for style-mix and noisy, on their own expert's traces (the secondary own-expert result), and
// the per-task off-policy counts. The last saved epoch appears twice, as its epoch and as 'final'.
import type { RunContext } from 'lab';
import type { Episode } from '../data/trace.js';
import type { TaskOffPolicy } from '../eval/off-policy.js';
import type { OfflineCounts } from '../eval/offline.js';
import { expertPrivilegedTasks } from '../tasks/expert-privileged.js';
import {
  episodeUnits,
  type OfflineUnit,
  offlineUnits,
  offPolicyUnits,
  type StudyUnits,
  type TraceSet,
} from '../units.js';

const split = (key: string): [string, string] => {
  const at = key.lastIndexOf('@');
  return [key.slice(0, at), key.slice(at + 1)];
};

export function offlineRows(
  offlineOracle: ReadonlyMap<string, OfflineCounts>,
  offlineOwn: ReadonlyMap<string, OfflineCounts>,
): OfflineUnit[] {
  const rows: OfflineUnit[] = [];
  for (const [key, counts] of offlineOracle) {
    const [config, ckpt] = split(key);
    rows.push(...offlineUnits(config, ckpt, 'oracle', counts));
  }
  for (const [key, counts] of offlineOwn) {
    const [name, ckpt] = split(key);
    const base = name.startsWith('base-');
    const traces = (base ? name.slice('base-'.length) : name) as TraceSet;
    if (traces === 'style-mix' || traces === 'noisy')
      rows.push(...offlineUnits(base ? 'base' : name, ckpt, traces, counts));
  }
  return rows;
}

export async function writeStudyUnits(
  ctx: RunContext,
  evalEpisodes: readonly Episode[],
  offlineOracle: ReadonlyMap<string, OfflineCounts>,
  offlineOwn: ReadonlyMap<string, OfflineCounts>,
  offPolicy: readonly TaskOffPolicy[],
): Promise<StudyUnits> {
  const units = {
    episodes: episodeUnits(evalEpisodes),
    offline: offlineRows(offlineOracle, offlineOwn),
    offpolicy: offPolicyUnits(offPolicy, expertPrivilegedTasks),
  };
  for (const [name, rows] of Object.entries(units)) await ctx.writeUnits(name, rows);
  return units;
}
