// Everything about a task that every job of a run shares and can rebuild from the config alone:
// the task, its split (seed 42), its design space, the fixed validation labels V (§4), the DC reals
// and the C-DSM triples. Built once per process and cached, so pool workers and the parent agree.
import { Rng } from 'core-tensor';
import { type CdsmTriples, makeCdsmTriples } from './cdsm.js';
import type { Config } from './config.js';
import { type DesignSpace, makeDesignSpace } from './design-space.js';
import { makeTask, type TaskId } from './task.js';

export interface PreparedTask {
  space: DesignSpace;
  /** ỹ of the fixed seeded subset V of D_valid, shared by every checkpoint and configuration (§4). */
  validationLabels: Float32Array;
  /** Model-space rows of D_valid used as DC reals (at most config.dcReals). */
  dcRealRows: Float32Array;
  cdsmTriples: CdsmTriples;
}

const cache = new Map<string, PreparedTask>();

export function prepareTask(config: Config, id: TaskId): PreparedTask {
  const key = JSON.stringify([
    id,
    config.taskSeed,
    config.nkK,
    config.noiseScale,
    config.splitSeed,
    config.validationSamples,
    config.dcReals,
    config.cdsmExamples,
    config.cdsmRepeats,
    config.diffusionSteps,
  ]);
  const cached = cache.get(key);
  if (cached) return cached;
  const task = makeTask(id, { taskSeed: config.taskSeed, nkK: config.nkK, noiseScale: config.noiseScale });
  const space = makeDesignSpace(task, task.split({ seed: config.splitSeed }));
  const rng = new Rng(`prepared/${id}/${config.splitSeed}`);
  const validCount = space.validY.length;
  const order = rng.split('V').shuffle(Array.from({ length: validCount }, (_, i) => i));
  const validationLabels = Float32Array.from(
    order.slice(0, Math.min(config.validationSamples, validCount)),
    (i) => space.validY[i]!,
  );
  const realOrder = rng.split('dc-reals').shuffle(Array.from({ length: validCount }, (_, i) => i));
  const reals = realOrder.slice(0, Math.min(config.dcReals, validCount));
  const dcRealRows = new Float32Array(reals.length * space.dims);
  for (const [row, index] of reals.entries())
    dcRealRows.set(space.validX.subarray(index * space.dims, (index + 1) * space.dims), row * space.dims);
  const cdsmTriples = makeCdsmTriples(
    space.validX,
    space.validY,
    space.dims,
    config.cdsmExamples,
    config.cdsmRepeats,
    config.diffusionSteps,
    rng.split('cdsm'),
  );
  const prepared = { space, validationLabels, dcRealRows, cdsmTriples };
  cache.set(key, prepared);
  return prepared;
}
