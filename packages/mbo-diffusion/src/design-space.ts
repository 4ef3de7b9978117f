// A task seen through its split (brief §2.5): model-space arrays for D_train and D_valid, the label
// scaler ỹ = (y − min_train)/(max_train − min_train), and the way back from model space to raw designs
// (decode for discrete tasks, de-normalise for continuous ones). Everything generated is decoded
// and re-encoded (`canonical`) before f_valid, a metric or the oracle sees it.
import { decodeArgmax, LabelScaler, MinMaxScaler, oneHotPlusMinus } from './encoding.js';
import type { Split } from './split.js';
import type { Task } from './task.js';

export interface DesignSpace {
  task: Task;
  split: Split;
  /** D, the model-space width. */
  dims: number;
  labels: LabelScaler;
  trainX: Float32Array; // [N_train·D]
  trainY: Float32Array; // ỹ of D_train
  validX: Float32Array; // [N_valid·D]
  validY: Float32Array; // ỹ of D_valid (all above 1 up to ties)
  toModel(raw: Float32Array): Float32Array;
  toRaw(model: Float32Array): Float32Array;
  canonical(model: Float32Array): Float32Array;
}

function gatherRows(source: Float32Array, width: number, indices: Int32Array): Float32Array {
  const out = new Float32Array(indices.length * width);
  for (let row = 0; row < indices.length; row++)
    out.set(source.subarray(indices[row]! * width, (indices[row]! + 1) * width), row * width);
  return out;
}

export function makeDesignSpace(task: Task, split: Split): DesignSpace {
  const { designs } = task.fullDataset();
  const rawTrain = gatherRows(designs, task.rawDims, split.trainIndex);
  const rawValid = gatherRows(designs, task.rawDims, split.validIndex);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const y of split.trainLabels) {
    min = Math.min(min, y);
    max = Math.max(max, y);
  }
  const labels = new LabelScaler(min, max);
  const scaler = task.isDiscrete ? undefined : MinMaxScaler.fit(rawTrain, task.rawDims);
  const toModel = (raw: Float32Array) =>
    scaler ? scaler.forward(raw) : oneHotPlusMinus(raw, task.length, task.vocab);
  const toRaw = (model: Float32Array) =>
    scaler ? scaler.inverse(model) : decodeArgmax(model, task.length, task.vocab);
  return {
    task,
    split,
    dims: task.modelDims,
    labels,
    trainX: toModel(rawTrain),
    trainY: Float32Array.from(split.trainLabels, (y) => labels.forward(y)),
    validX: toModel(rawValid),
    validY: Float32Array.from(split.validLabels, (y) => labels.forward(y)),
    toModel,
    toRaw,
    canonical: (model) => (scaler ? model : toModel(toRaw(model))),
  };
}
