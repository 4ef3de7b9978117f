// config.json, the record of a run: what was asked (preset, seed, overrides), what it resolved to,
// and where it ran (backend and why, git commit, versions, Node, platform). Written before the run
// starts, read back (through this schema) when a run resumes.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PaperRef } from './experiment.js';
import { JsonObject, JsonValue } from './json-value.js';
import { Provenance } from './provenance.js';

export const BackendRecord = z.object({
  name: z.string(),
  reason: z.string(),
  attempts: z.array(z.object({ name: z.string(), error: z.string() })),
  kernelFixes: z.array(z.string()),
});
export type BackendRecord = z.infer<typeof BackendRecord>;

/** Where a run's pool jobs went with --queue: the URL with its password replaced by ***, and the store. */
export const QueueRecord = z.object({ url: z.string(), store: z.string() });
export type QueueRecord = z.infer<typeof QueueRecord>;

export const ResumeRecord = z.object({
  at: z.string(),
  backend: z.string(),
  gitCommit: z.string(),
  /** Set when this continuation sent its jobs to a queue. */
  queue: QueueRecord.optional(),
});
export type ResumeRecord = z.infer<typeof ResumeRecord>;

export const RunRecord = z.object({
  study: z.string(),
  paper: PaperRef,
  runId: z.string(),
  preset: z.string(),
  seed: z.number().int(),
  /** The --set overrides as given (dotted key → value). */
  overrides: z.record(z.string(), JsonValue),
  /** The resolved config: paper defaults, then the preset, then the overrides. */
  config: JsonObject,
  startedAt: z.string(),
  backend: BackendRecord,
  ...Provenance.shape,
  /** Set when the run started with --queue (absent: the local pool). */
  queue: QueueRecord.optional(),
  /** One entry per time a killed or failed run was continued. */
  resumes: z.array(ResumeRecord).default([]),
});
export type RunRecord = z.infer<typeof RunRecord>;

/** Reads and validates a run folder's config.json. */
export async function readRunRecord(path: string): Promise<RunRecord> {
  const text = await readFile(path, 'utf8');
  const result = RunRecord.safeParse(JSON.parse(text));
  if (!result.success) throw new Error(`${path} is not a lab run record:\n${z.prettifyError(result.error)}`);
  return result.data;
}
