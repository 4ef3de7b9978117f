// Exponential moving average of a module's parameters (Polyak averaging): the EMA weights of a
// diffusion model, the slow critic of an actor-critic agent.
//   shadow ← d·shadow + (1 − d)·θ      (d = 0 copies θ, d = 1 freezes the shadow)
import * as tf from '@tensorflow/tfjs';
import type { Module, Variables } from './module.js';

export class Ema implements Module {
  private readonly shadow: Variables = {};

  /** Starts as a copy of the module's current parameters. */
  constructor(private readonly source: Module) {
    for (const [name, variable] of Object.entries(source.variables())) {
      this.shadow[name] = tf.tidy(() => tf.variable(variable.clone(), false)); // tidy frees the clone
    }
  }

  /** One EMA step with decay d ∈ [0, 1]. */
  update(decay: number): void {
    if (!(decay >= 0 && decay <= 1)) throw new Error(`Ema decay must be in [0, 1], got ${decay}`);
    const current = this.source.variables();
    tf.tidy(() => {
      for (const [name, shadow] of Object.entries(this.shadow)) {
        const parameter = current[name];
        if (!parameter) throw new Error(`Ema: the module no longer has parameter '${name}'`);
        shadow.assign(shadow.mul(decay).add(parameter.mul(1 - decay)));
      }
    });
  }

  /** Writes the averaged weights into `target` (e.g. a second copy of the network used to sample). */
  copyTo(target: Module): void {
    const variables = target.variables();
    for (const [name, shadow] of Object.entries(this.shadow)) {
      const variable = variables[name];
      if (!variable) throw new Error(`Ema.copyTo: the target has no parameter '${name}'`);
      variable.assign(shadow);
    }
  }

  /** The averaged weights by the module's names: for checkpoints (saveParams) and assignParams. */
  variables(): Variables {
    return { ...this.shadow };
  }
}
