// The unit tables every claim is decided on (issue 17 point 6), written with ctx.writeUnits and read
// back from disk by lab, so `recheck` recomputes every claim from the run folder:
//   episodes  one row per online evaluation episode of every config (paired by task and seed);
//   offline   per (config, checkpoint, traces, task) the offline counts of brief §7.3;
//   offpolicy per multi-step train task the valid-action counts on the expert's and the student's states.
import { z } from 'zod';
import type { Episode } from './data/trace.js';
import type { TaskOffPolicy } from './eval/off-policy.js';
import type { OfflineCounts } from './eval/offline.js';

export const EpisodeUnit = z.object({
  config: z.string(),
  ckpt: z.string(),
  evalMode: z.string(),
  task: z.string(),
  seed: z.number().int(),
  success: z.number().int().min(0).max(1),
  steps: z.number().int().min(0),
});
export type EpisodeUnit = z.infer<typeof EpisodeUnit>;

/** Which held-out expert traces the offline counts were measured on. */
export const TraceSet = z.enum(['oracle', 'style-mix', 'noisy']);
export type TraceSet = z.infer<typeof TraceSet>;

export const OfflineUnit = z.object({
  config: z.string(),
  ckpt: z.string(),
  traces: TraceSet,
  task: z.string(),
  steps: z.number().int().min(0),
  exact: z.number().int().min(0), // â = the traces' executed action
  valid: z.number().int().min(0), // â ∈ the oracle's valid next actions
  thought: z.number().int().min(0), // free-running thought right
  thoughtSteps: z.number().int().min(0),
});
export type OfflineUnit = z.infer<typeof OfflineUnit>;

export const OffPolicyUnit = z.object({
  task: z.string(),
  expertPrivileged: z.boolean(), // kept out of C3 (README: expert-privileged tasks)
  expSteps: z.number().int().min(0),
  expValid: z.number().int().min(0),
  stuSteps: z.number().int().min(0),
  stuValid: z.number().int().min(0),
});
export type OffPolicyUnit = z.infer<typeof OffPolicyUnit>;

export const unitSchemas = { episodes: EpisodeUnit, offline: OfflineUnit, offpolicy: OffPolicyUnit };
export interface StudyUnits {
  episodes: readonly EpisodeUnit[];
  offline: readonly OfflineUnit[];
  offpolicy: readonly OffPolicyUnit[];
}

export function episodeUnits(episodes: readonly Episode[]): EpisodeUnit[] {
  return episodes.map((e) => ({
    config: e.policy,
    ckpt: e.ckpt ?? '',
    evalMode: e.evalMode ?? '',
    task: e.task,
    seed: e.seed,
    success: e.success,
    steps: e.nSteps,
  }));
}

export function offlineUnits(
  config: string,
  ckpt: string,
  traces: TraceSet,
  counts: OfflineCounts,
): OfflineUnit[] {
  return Object.entries(counts).map(([task, c]) => ({
    config,
    ckpt,
    traces,
    task,
    steps: c.steps,
    exact: c.exact,
    valid: c.valid,
    thought: c.thought,
    thoughtSteps: c.thoughtSteps,
  }));
}

export function offPolicyUnits(
  perTask: readonly TaskOffPolicy[],
  privileged: readonly string[],
): OffPolicyUnit[] {
  return perTask.map((t) => ({
    task: t.task,
    expertPrivileged: privileged.includes(t.task),
    expSteps: t.expSteps,
    expValid: t.expValid,
    stuSteps: t.stuSteps,
    stuValid: t.stuValid,
  }));
}
