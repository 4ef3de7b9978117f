// A building block holds named tf.Variables and exposes them for optimisers and checkpoints.
// Names are dotted paths ("blocks.0.attention.query.kernel"); tf.Variable's own global names
// are left automatic, because tfjs refuses to register the same name twice.
import type * as tf from '@tensorflow/tfjs';

export type Variables = Record<string, tf.Variable>;

export interface Module {
  variables(): Variables;
}

/** Flattens child modules' variables under `prefix.` names. */
export function prefixed(prefix: string, module: Module): Variables {
  const out: Variables = {};
  for (const [name, variable] of Object.entries(module.variables())) out[`${prefix}.${name}`] = variable;
  return out;
}

/** Number of scalar parameters in a module. */
export function parameterCount(module: Module): number {
  return Object.values(module.variables()).reduce((sum, v) => sum + v.size, 0);
}

/** Frees a module's variables. */
export function disposeModule(module: Module): void {
  for (const variable of Object.values(module.variables())) variable.dispose();
}
