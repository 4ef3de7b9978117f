// The JSONL trace format of brief §5.1: one line per finished episode, validated by zod when read
// back. Resumable: keys already present are skipped; a truncated last line is ignored.
import {
  appendFileSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { Action } from '../actions/action.js';
import { Obs } from '../env/obs.js';
import { Thought } from '../experts/thought.js';

export const TraceStep = z.object({
  obs: Obs,
  /** the executed action string (possibly malformed) */
  action: z.string(),
  parsed: Action.nullable(),
  thought: Thought.nullable(),
  oracleCanonical: z.string().nullable(),
  oracleValid: z.array(z.string()),
  oracleThought: Thought.nullable(),
  reward: z.number(),
  /** the error this action produced (the next observation's lastActionError) */
  error: z.string().nullable(),
  ms: z.number(),
});
export type TraceStep = z.infer<typeof TraceStep>;

export const Episode = z.object({
  key: z.string(),
  phase: z.string(),
  task: z.string(),
  seed: z.number().int(),
  policy: z.string(),
  ckpt: z.string().nullable(),
  evalMode: z.string().nullable(),
  goal: z.string(),
  htmlHash: z.string(),
  steps: z.array(TraceStep),
  /** the last observation (after the final action) */
  finalObs: Obs.nullable(),
  rawReward: z.number().min(-1).max(1),
  success: z.union([z.literal(0), z.literal(1)]),
  strictSuccess: z.union([z.literal(0), z.literal(1)]),
  nSteps: z.number().int(),
  truncated: z.boolean(),
  endReason: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  timings: z.object({ totalMs: z.number() }),
  versions: z.object({ chromium: z.string(), playwright: z.string() }),
});
export type Episode = z.infer<typeof Episode>;

/**
 * Appends one whole line (one write call, so a kill leaves at most a truncated last line). A
 * truncated last line left by a killed run is cut off first, so the new line starts clean.
 */
export function appendEpisode(path: string, episode: Episode): void {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && !endsWithNewline(path)) {
    const text = readFileSync(path); // rare: only after a kill mid-write
    truncateSync(path, text.lastIndexOf(10) + 1);
  }
  appendFileSync(path, `${JSON.stringify(Episode.parse(episode))}\n`);
}

function endsWithNewline(path: string): boolean {
  const size = statSync(path).size;
  if (size === 0) return true;
  const fd = openSync(path, 'r');
  try {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    return last[0] === 10;
  } finally {
    closeSync(fd);
  }
}

/** Reads a JSONL trace file; a truncated last line is ignored, any other bad line is an error. */
export function readEpisodes(path: string): Episode[] {
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: Episode[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const isLast = i >= lines.length - 2;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (isLast) return; // a run killed mid-write leaves a truncated last line
      throw new Error(`${path}:${i + 1}: not JSON (${String(error)})`);
    }
    const parsed = Episode.safeParse(value);
    if (!parsed.success) throw new Error(`${path}:${i + 1}: not a trace episode: ${parsed.error.issues[0]?.message} at ${parsed.error.issues[0]?.path.join('.')}`);
    out.push(parsed.data);
  });
  return out;
}

/** A phase's trace is one file per worker: <dir>/<phase>.jsonl, <dir>/<phase>.w1.jsonl, ... */
export function readPhase(dir: string, phase: string): Episode[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => f === `${phase}.jsonl` || (f.startsWith(`${phase}.w`) && f.endsWith('.jsonl')));
  const byKey = new Map<string, Episode>();
  for (const f of files.sort()) for (const e of readEpisodes(join(dir, f))) byKey.set(e.key, e);
  return [...byKey.values()];
}

export function phaseFile(dir: string, phase: string, worker: number): string {
  return join(dir, worker === 0 ? `${phase}.jsonl` : `${phase}.w${worker}.jsonl`);
}

export function phaseName(path: string): string {
  return basename(path).replace(/(\.w\d+)?\.jsonl$/, '');
}
