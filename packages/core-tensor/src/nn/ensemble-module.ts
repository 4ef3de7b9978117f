// The model axis (issue 13): M small models of one architecture trained as one. Every parameter of
// an ensemble block is the M models' parameters stacked on a leading axis, [M, …], and every input
// carries the same leading axis, [M, B, …]. A small model is dispatch-bound on wasm (tens of µs per
// op whatever its size), so M models in one set of ops cost little more than one.
//
// Model m of an ensemble block built from `rngs` equals the single-model block built from rngs[m]
// (the ensemble constructors build exactly that block and stack its parameters). A model's slice
// goes back into a single-model block (to save, load or evaluate it alone) with `modelParams`, and
// saved single models come back into their slots with `assignModelParams` / `stackModelParams`.
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import type { Module, Variables } from './module.js';

/** A block whose parameters carry a leading model axis of size `models`. */
export interface EnsembleModule extends Module {
  /** M, the number of models stacked along axis 0 of every parameter and input. */
  readonly models: number;
  /**
   * Each parameter's shape in the single-model block, by the same names as `variables()`. It can
   * differ from the stacked shape without its leading M by unit axes kept for broadcasting (a
   * bias is [M, 1, out] here, [out] alone), never in size.
   */
  modelShapes(): Record<string, number[]>;
}

/** Flattens a child ensemble's single-model shapes under `prefix.` names, as `prefixed` does. */
export function prefixedShapes(prefix: string, module: EnsembleModule): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [name, shape] of Object.entries(module.modelShapes())) out[`${prefix}.${name}`] = shape;
  return out;
}

/** The number of models M given by one Rng per model; throws on an empty list. */
export function modelCount(rngs: readonly Rng[], block: string): number {
  if (rngs.length === 0) throw new Error(`${block} needs one Rng per model, got none`);
  return rngs.length;
}

/** Checks that x is [M, …, size] for an ensemble block of M models. */
export function assertModelInput(x: tf.Tensor, models: number, size: number, block: string): void {
  if (x.rank < 2 || x.shape[0] !== models || x.shape[x.rank - 1] !== size) {
    throw new Error(`${block}: input has shape [${x.shape.join(', ')}], expected [${models}, …, ${size}]`);
  }
}

/**
 * One variable [M, ...stackedShape] from M single-model variables (which are disposed). `stacked`
 * is the per-model shape inside the stack; it must have the same size as each part.
 */
export function stackedVariable(parts: readonly tf.Variable[], stacked: readonly number[]): tf.Variable {
  const variable = tf.tidy(() => tf.variable(tf.stack([...parts]).reshape([parts.length, ...stacked])));
  tf.dispose([...parts]);
  return variable;
}

/**
 * Stacks the parameters of M single-model blocks (one per model, built from that model's Rng) and
 * disposes the blocks' variables. `layout` gives each parameter's shape inside the stack, without
 * the leading M (a bias [out] is stacked as [M, 1, out]: layout [1, out]).
 */
export function stackBlocks(blocks: readonly Module[], layout: Record<string, number[]>): Variables {
  const out: Variables = {};
  const perBlock = blocks.map((block) => block.variables());
  for (const [name, shape] of Object.entries(layout)) {
    out[name] = stackedVariable(
      perBlock.map((variables) => {
        const variable = variables[name];
        if (!variable) throw new Error(`stackBlocks: a block has no parameter '${name}'`);
        return variable;
      }),
      shape,
    );
  }
  return out;
}

function checkModelIndex(ensemble: EnsembleModule, model: number, caller: string): void {
  if (!Number.isInteger(model) || model < 0 || model >= ensemble.models) {
    throw new Error(`${caller}: model ${model} is not an integer in [0, ${ensemble.models - 1}]`);
  }
}

/**
 * Model m's parameters with the single-model block's names and shapes: new tensors the caller
 * owns. `assignParams(single.variables(), modelParams(ensemble, m))` evaluates it alone;
 * `saveParams(dir, modelParams(ensemble, m))` saves it as the single-model block would.
 */
export function modelParams(ensemble: EnsembleModule, model: number): Record<string, tf.Tensor> {
  checkModelIndex(ensemble, model, 'modelParams');
  const shapes = ensemble.modelShapes();
  const out: Record<string, tf.Tensor> = {};
  for (const [name, variable] of Object.entries(ensemble.variables())) {
    const shape = shapes[name]!;
    out[name] = tf.tidy(() => {
      const begin = variable.shape.map((_, axis) => (axis === 0 ? model : 0));
      const size = variable.shape.map((extent, axis) => (axis === 0 ? 1 : extent));
      return tf.slice(variable, begin, size).reshape(shape);
    });
  }
  return out;
}

/** Checks names and shapes of one model's params against the ensemble's single-model shapes. */
function checkModelParams(
  ensemble: EnsembleModule,
  params: Record<string, tf.Tensor>,
  caller: string,
): Record<string, number[]> {
  const shapes = ensemble.modelShapes();
  const missing = Object.keys(shapes).filter((name) => !(name in params));
  const extra = Object.keys(params).filter((name) => !(name in shapes));
  if (missing.length || extra.length) {
    throw new Error(
      `${caller}: names differ; missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`,
    );
  }
  for (const [name, shape] of Object.entries(shapes)) {
    if (!tf.util.arraysEqual(params[name]!.shape, shape)) {
      throw new Error(
        `${caller}: '${name}' has shape [${params[name]!.shape}], a single model needs [${shape}]`,
      );
    }
  }
  return shapes;
}

/** Writes one model's parameters (single-model names and shapes) into slot m; other slots are kept. */
export function assignModelParams(
  ensemble: EnsembleModule,
  model: number,
  params: Record<string, tf.Tensor>,
): void {
  checkModelIndex(ensemble, model, 'assignModelParams');
  checkModelParams(ensemble, params, 'assignModelParams');
  for (const [name, variable] of Object.entries(ensemble.variables())) {
    tf.tidy(() => {
      const slot = params[name]!.reshape([1, ...variable.shape.slice(1)]);
      const parts = [model > 0 ? tf.slice(variable, 0, model) : undefined, slot];
      if (model < ensemble.models - 1) parts.push(tf.slice(variable, model + 1));
      variable.assign(tf.concat(parts.filter((part) => part !== undefined)));
    });
  }
}

/** Stacks M models' parameters (single-model names and shapes, e.g. from loadParams) into the ensemble. */
export function stackModelParams(
  ensemble: EnsembleModule,
  params: readonly Record<string, tf.Tensor>[],
): void {
  if (params.length !== ensemble.models) {
    throw new Error(
      `stackModelParams: got ${params.length} models' parameters for an ensemble of ${ensemble.models}`,
    );
  }
  for (const model of params) checkModelParams(ensemble, model, 'stackModelParams');
  for (const [name, variable] of Object.entries(ensemble.variables())) {
    tf.tidy(() => variable.assign(tf.stack(params.map((model) => model[name]!)).reshape(variable.shape)));
  }
}
