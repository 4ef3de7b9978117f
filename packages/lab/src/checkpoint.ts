// Save and resume. A checkpoint holds the run's progress (`step`), a JSON state, named tensors
// (through core-tensor's saveParams) and the state of ctx.rng plus any other named Rngs, so a
// resumed run continues with exactly the numbers an uninterrupted one would have drawn.
//
// Layout, inside the run folder:
//   checkpoint/latest.json          pointer: which folder is the current checkpoint
//   checkpoint/ckpt-<step>-<id>/    state.json + tensors/ (manifest.json + one binary)
//   checkpoint/jobs/<hash>.json     finished ctx.pool jobs (see job-cache.ts)
// A save fills a fresh temp folder, renames it into place, then atomically replaces latest.json,
// then deletes the previous folder: a kill at any moment leaves latest.json naming a complete one.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadParams, type Rng, RngState, saveParams, type tf } from 'core-tensor';
import { z } from 'zod';
import { writeJsonAtomic } from './atomic-write.js';
import { assertJson, JsonValue } from './json-value.js';
import type { Logger } from './logger.js';
import type { MetricsLog } from './metrics-log.js';

export interface CheckpointContents {
  /** How far the run got, e.g. the next training step to run; reported on resume. */
  step: number;
  /** Anything else the run needs to continue (JSON), e.g. running sums, the phase, an lr schedule position. */
  state?: JsonValue;
  /** Tensors and variables by name: parameters, optimiser moments, EMA copies. */
  tensors?: Record<string, tf.Tensor>;
  /** Rngs besides ctx.rng (which is always saved) whose position must survive, e.g. a split data stream. */
  rngs?: Record<string, Rng>;
}

export interface RestoredCheckpoint<State> {
  step: number;
  state: State;
  /** Fresh tensors owned by the caller: assign them into variables, then dispose them. */
  tensors: Record<string, tf.Tensor>;
  savedAt: string;
}

export interface Checkpoint {
  /** Saves atomically, replacing the previous checkpoint. */
  save(contents: CheckpointContents): Promise<void>;
  /**
   * Loads the latest checkpoint, or returns undefined when there is none (a fresh run). Restores
   * ctx.rng and the Rngs named in `rngs`; validates the state with `stateSchema`. Logs and records
   * a `resumed` metric with the step.
   */
  restore<State>(
    stateSchema: z.ZodType<State>,
    rngs?: Record<string, Rng>,
  ): Promise<RestoredCheckpoint<State> | undefined>;
  /** True when a checkpoint exists. */
  exists(): boolean;
}

/** State the harness itself keeps in every checkpoint (e.g. report sections added so far). */
export interface HarnessState {
  save(): JsonValue;
  restore(value: JsonValue): void;
}

export const CheckpointPointer = z.object({ folder: z.string(), step: z.number(), savedAt: z.string() });

export const CheckpointRecord = z.object({
  format: z.literal('lab-checkpoint'),
  version: z.literal(1),
  step: z.number(),
  savedAt: z.string(),
  state: JsonValue,
  contextRng: RngState,
  rngs: z.record(z.string(), RngState),
  tensorNames: z.array(z.string()),
  /** Length of metrics.jsonl when saved: a resume cuts the file back to it. */
  metricsLength: z.number().int().min(0),
  harness: JsonValue,
});
export type CheckpointRecord = z.infer<typeof CheckpointRecord>;

const pointerFile = 'latest.json';

/** The current checkpoint's record (without its tensors), or undefined when there is none. */
export async function readCheckpointRecord(
  dir: string,
): Promise<{ record: CheckpointRecord; folder: string } | undefined> {
  const pointerPath = join(dir, pointerFile);
  if (!existsSync(pointerPath)) return undefined;
  const pointer = CheckpointPointer.parse(JSON.parse(await readFile(pointerPath, 'utf8')));
  const folder = join(dir, pointer.folder);
  const parsed = CheckpointRecord.safeParse(JSON.parse(await readFile(join(folder, 'state.json'), 'utf8')));
  if (!parsed.success)
    throw new Error(`${folder}/state.json is not a lab checkpoint:\n${z.prettifyError(parsed.error)}`);
  return { record: parsed.data, folder };
}

async function removeStaleFolders(dir: string, keep: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const isCheckpointFolder = entry.name.startsWith('ckpt-') || entry.name.startsWith('.ckpt-');
    if (entry.isDirectory() && isCheckpointFolder && entry.name !== keep) {
      await rm(join(dir, entry.name), { recursive: true, force: true });
    }
  }
}

export function createCheckpoint(options: {
  dir: string;
  rng: Rng;
  metrics: MetricsLog;
  log: Logger;
  harness: HarnessState;
}): Checkpoint {
  const { dir, rng, metrics, log, harness } = options;
  return {
    exists: () => existsSync(join(dir, pointerFile)),

    async save(contents) {
      const state = contents.state ?? null;
      assertJson(state, 'checkpoint state');
      if (!Number.isFinite(contents.step))
        throw new TypeError(`checkpoint step must be a finite number, got ${contents.step}`);
      await mkdir(dir, { recursive: true });
      const folderName = `ckpt-${String(contents.step).padStart(8, '0')}-${randomUUID().slice(0, 8)}`;
      const tempFolder = join(dir, `.${folderName}`);
      const tensors = contents.tensors ?? {};
      const record: CheckpointRecord = {
        format: 'lab-checkpoint',
        version: 1,
        step: contents.step,
        savedAt: new Date().toISOString(),
        state,
        contextRng: rng.getState(),
        rngs: Object.fromEntries(
          Object.entries(contents.rngs ?? {}).map(([name, stream]) => [name, stream.getState()]),
        ),
        tensorNames: Object.keys(tensors),
        metricsLength: metrics.length(),
        harness: harness.save(),
      };
      await mkdir(tempFolder, { recursive: true });
      if (record.tensorNames.length > 0) await saveParams(join(tempFolder, 'tensors'), tensors);
      await writeJsonAtomic(join(tempFolder, 'state.json'), record);
      await rename(tempFolder, join(dir, folderName));
      await writeJsonAtomic(join(dir, pointerFile), {
        folder: folderName,
        step: record.step,
        savedAt: record.savedAt,
      });
      await removeStaleFolders(dir, folderName);
    },

    async restore<State>(stateSchema: z.ZodType<State>, rngs: Record<string, Rng> = {}) {
      const found = await readCheckpointRecord(dir);
      if (found === undefined) return undefined;
      const { record, folder } = found;
      const state = stateSchema.safeParse(record.state);
      if (!state.success) {
        throw new Error(
          `checkpoint ${folder} holds a state this code cannot read:\n${z.prettifyError(state.error)}`,
        );
      }
      const missing = Object.keys(rngs).filter((name) => !Object.hasOwn(record.rngs, name));
      if (missing.length > 0) {
        throw new Error(
          `checkpoint ${folder} has no Rng named ${missing.join(', ')}; it holds: ${Object.keys(record.rngs).join(', ') || 'none'}`,
        );
      }
      const tensors = record.tensorNames.length > 0 ? await loadParams(join(folder, 'tensors')) : {};
      rng.setState(record.contextRng);
      for (const [name, stream] of Object.entries(rngs)) stream.setState(record.rngs[name]!);
      harness.restore(record.harness);
      log.info(`resumed from step ${record.step} (checkpoint saved ${record.savedAt})`);
      metrics.append({ event: 'resumed', step: record.step });
      return { step: record.step, state: state.data, tensors, savedAt: record.savedAt };
    },
  };
}
