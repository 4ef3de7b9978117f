// In-job checkpoints (brief §10: parameters, optimiser states, replay and RNG state every N
// updates), so a killed PT or FT job continues where it stopped. Saved at episode boundaries, into
// a fresh folder that replaces the previous one by rename (a kill never leaves a half-written one).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadParams, saveParams, type tf } from 'core-tensor';
import { z } from 'zod';
import { Replay } from '../replay.js';

export interface JobCheckpointContents<State> {
  state: State;
  tensors: Record<string, tf.Tensor>;
  replay: Replay;
}

/** Saves atomically: write `dir.tmp`, move the old `dir` aside, rename, delete the old one. */
export async function saveJobCheckpoint<State>(
  dir: string,
  contents: JobCheckpointContents<State>,
): Promise<void> {
  const temp = `${dir}.tmp`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  await saveParams(join(temp, 'tensors'), contents.tensors);
  contents.replay.save(join(temp, 'replay'));
  writeFileSync(join(temp, 'state.json'), JSON.stringify(contents.state));
  const old = `${dir}.old`;
  rmSync(old, { recursive: true, force: true });
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(temp, dir);
  rmSync(old, { recursive: true, force: true });
}

/** The last checkpoint of a job, or undefined when it has none (also after a kill mid-save). */
export async function loadJobCheckpoint<State>(
  dir: string,
  stateSchema: z.ZodType<State>,
  replayShape: { observationShape: number[]; actionSize: number },
): Promise<JobCheckpointContents<State> | undefined> {
  const folder = existsSync(join(dir, 'state.json'))
    ? dir
    : existsSync(join(`${dir}.old`, 'state.json'))
      ? `${dir}.old`
      : undefined;
  if (!folder) return undefined;
  const parsed = stateSchema.safeParse(JSON.parse(readFileSync(join(folder, 'state.json'), 'utf8')));
  if (!parsed.success)
    throw new Error(`job checkpoint '${folder}/state.json' is malformed:\n${z.prettifyError(parsed.error)}`);
  const replay = new Replay(replayShape.observationShape, replayShape.actionSize);
  replay.load(join(folder, 'replay'));
  return { state: parsed.data, tensors: await loadParams(join(folder, 'tensors')), replay };
}
