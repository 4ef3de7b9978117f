// Pretraining (brief §4.2) [O]: next-token NLL on the tokens after the name of freshly streamed
// documents, Adam with global-norm clipping. Checkpoints (parameters, Adam moments, the step) go to a
// folder every `checkpointEvery` steps through core-tensor's binary format; the stream is a function
// of (seed, step), so a killed pretraining resumes exactly where it stopped.
import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Adam, assignParams, loadParams, saveParams, tf } from 'core-tensor';
import { writeJsonAtomic } from 'lab';
import { z } from 'zod';
import { makeBatch, nllLoss, type TinyLM } from './model.js';
import type { World } from './world.js';

export interface PretrainOptions {
  steps: number;
  batchSize: number;
  learningRate: number;
  clipNorm: number;
  checkpointEvery: number;
  /** Score the name tokens as well (pretrain.nameInLoss); default false. */
  nameInLoss?: boolean;
  /** Folder for the resumable checkpoint; none disables checkpoints. */
  checkpointDir?: string;
  onLog?: (record: { step: number; loss: number }) => void;
  logEvery?: number;
}

const PretrainState = z.object({ step: z.number().int().min(0) });

/** Length of the name prefix (<bos> + name): the loss starts at the first token after it. */
export function namePrefixLength(world: World): number {
  return 1 + world.config.nameLength;
}

/** First scored token of a pretraining document: the first name token, or the token after the name. */
export function documentScoreFrom(world: World, nameInLoss: boolean | undefined): number {
  return nameInLoss ? 1 : namePrefixLength(world);
}

/** Trains `model` in place; returns the mean loss of the last logged window and the steps done here. */
export async function pretrain(
  model: TinyLM,
  world: World,
  options: PretrainOptions,
): Promise<{ finalLoss: number; stepsRun: number; resumedFrom: number }> {
  const adam = new Adam({ learningRate: options.learningRate, clipNorm: options.clipNorm });
  const variables = model.variables();
  let step = options.checkpointDir ? await restore(options.checkpointDir, variables, adam) : 0;
  const resumedFrom = step;
  const prefix = documentScoreFrom(world, options.nameInLoss);
  const logEvery = options.logEvery ?? 50;
  let window: number[] = [];
  let finalLoss = Number.NaN;
  for (; step < options.steps; step++) {
    const docs = world.documentsAt(step, options.batchSize);
    const batch = makeBatch(
      docs.map((d) => d.tokens),
      docs.map(() => prefix),
      model.config.context,
    );
    const { loss } = adam.minimize(() => nllLoss(model, batch), variables);
    window.push(loss);
    if ((step + 1) % logEvery === 0 || step + 1 === options.steps) {
      finalLoss = window.reduce((a, b) => a + b, 0) / window.length;
      options.onLog?.({ step: step + 1, loss: finalLoss });
      window = [];
    }
    if (options.checkpointDir && ((step + 1) % options.checkpointEvery === 0 || step + 1 === options.steps)) {
      await save(options.checkpointDir, step + 1, model, adam);
    }
  }
  adam.dispose();
  return { finalLoss, stepsRun: options.steps - resumedFrom, resumedFrom };
}

async function save(dir: string, step: number, model: TinyLM, adam: Adam): Promise<void> {
  // Fill a fresh folder, then swap it in: a kill leaves either the old or the new checkpoint whole.
  const fresh = join(dir, `params-${step}`);
  const adamState = adam.state();
  await saveParams(fresh, { ...prefixKeys('model', model.variables()), ...prefixKeys('adam', adamState) });
  adamState.step?.dispose(); // state() makes the step scalar afresh; the moments stay Adam's
  const pointer = join(dir, 'pretrain.json');
  const previous = existsSync(pointer)
    ? PretrainState.parse(JSON.parse(await readFile(pointer, 'utf8')))
    : undefined;
  await writeJsonAtomic(pointer, { step });
  if (previous && previous.step !== step)
    await rm(join(dir, `params-${previous.step}`), { recursive: true, force: true });
}

async function restore(dir: string, variables: Record<string, tf.Variable>, adam: Adam): Promise<number> {
  const pointer = join(dir, 'pretrain.json');
  if (!existsSync(pointer)) return 0;
  const { step } = PretrainState.parse(JSON.parse(await readFile(pointer, 'utf8')));
  const loaded = await loadParams(join(dir, `params-${step}`));
  assignParams(variables, pick(loaded, 'model'));
  adam.loadState(pick(loaded, 'adam'));
  tf.dispose(Object.values(loaded));
  return step;
}

/** Saves only the model's parameters (a finished checkpoint another stage starts from). */
export async function saveModel(dir: string, model: TinyLM): Promise<void> {
  const tmp = `${dir}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await saveParams(tmp, model.variables());
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
}

export async function loadModel(dir: string, model: TinyLM): Promise<void> {
  const loaded = await loadParams(dir);
  assignParams(model.variables(), loaded);
  tf.dispose(Object.values(loaded));
}

function prefixKeys(prefix: string, tensors: Record<string, tf.Tensor>): Record<string, tf.Tensor> {
  return Object.fromEntries(Object.entries(tensors).map(([k, v]) => [`${prefix}/${k}`, v]));
}

function pick(tensors: Record<string, tf.Tensor>, prefix: string): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(tensors))
    if (k.startsWith(`${prefix}/`)) out[k.slice(prefix.length + 1)] = v;
  return out;
}
