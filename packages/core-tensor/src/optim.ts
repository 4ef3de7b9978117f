// Adam and AdamW (decoupled weight decay) with optional global-norm gradient clipping.
//   g ← g · min(1, clip / ‖g‖₂)                       (global norm over all parameters)
//   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²
//   θ ← θ − lr·( m̂ / (√v̂ + ε) + λ·θ ),  m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ)   (λ = 0 is plain Adam)
// The moments are keyed by the same dotted names as the module's variables, so `state()` can go
// straight into a checkpoint next to the parameters.
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { AdamMoments } from './adam-moments.js';
import type { Variables } from './nn/module.js';

export const AdamOptions = z.object({
  learningRate: z.number().positive(),
  beta1: z.number().min(0).max(1).default(0.9),
  beta2: z.number().min(0).max(1).default(0.999),
  epsilon: z.number().positive().default(1e-8),
  /** Decoupled weight decay λ (AdamW); 0 gives Adam. */
  weightDecay: z.number().min(0).default(0),
  /** Clip gradients to this global L2 norm; undefined disables clipping. */
  clipNorm: z.number().positive().optional(),
});
export type AdamOptions = z.input<typeof AdamOptions>;

export interface StepResult {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

/** The global L2 norm of a set of gradients, √(Σ‖g‖²). */
export function globalNorm(grads: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.addN(grads.map((g) => g.square().sum())).sqrt() as tf.Scalar);
}

export class Adam {
  readonly options: z.output<typeof AdamOptions>;
  private step = 0;
  private readonly moments = new AdamMoments();

  constructor(options: AdamOptions) {
    this.options = AdamOptions.parse(options);
  }

  get iterations(): number {
    return this.step;
  }

  setLearningRate(learningRate: number): void {
    this.options.learningRate = learningRate;
  }

  /** Computes loss and gradients for `variables`, then applies one update. */
  minimize(loss: () => tf.Scalar, variables: Variables): StepResult {
    const names = Object.keys(variables);
    const list = names.map((name) => variables[name]!);
    const { value, grads } = tf.variableGrads(loss, list);
    const byName: Record<string, tf.Tensor> = {};
    for (const name of names) {
      const grad = grads[variables[name]!.name];
      if (grad) byName[name] = grad;
    }
    const gradNorm = this.applyGradients(byName, variables);
    const result = { loss: value.dataSync()[0]!, gradNorm };
    value.dispose();
    tf.dispose(grads);
    return result;
  }

  /** Applies gradients keyed like `variables`; returns the global norm before clipping. */
  applyGradients(grads: Record<string, tf.Tensor>, variables: Variables): number {
    const names = Object.keys(grads);
    if (names.length === 0)
      throw new Error('Adam.applyGradients: no gradients (does the loss use the variables?)');
    this.step += 1;
    const { learningRate, beta1, beta2, epsilon, weightDecay, clipNorm } = this.options;
    const norm = globalNorm(names.map((n) => grads[n]!));
    const gradNorm = norm.dataSync()[0]!;
    norm.dispose();
    const clipScale = clipNorm !== undefined && gradNorm > clipNorm ? clipNorm / (gradNorm + 1e-6) : 1;
    const firstCorrection = 1 - beta1 ** this.step;
    const secondCorrection = 1 - beta2 ** this.step;
    for (const name of names) {
      const variable = variables[name];
      if (!variable)
        throw new Error(
          `Adam: gradient '${name}' has no variable; variables are ${Object.keys(variables).join(', ')}`,
        );
      const { m, v } = this.moments.of(name, variable);
      tf.tidy(() => {
        const g = grads[name]!.mul(clipScale);
        m.assign(m.mul(beta1).add(g.mul(1 - beta1)));
        v.assign(v.mul(beta2).add(g.square().mul(1 - beta2)));
        const adamStep = m.div(firstCorrection).div(v.div(secondCorrection).sqrt().add(epsilon));
        const update = weightDecay > 0 ? adamStep.add(variable.mul(weightDecay)) : adamStep;
        variable.assign(variable.sub(update.mul(learningRate)));
      });
    }
    return gradNorm;
  }

  /**
   * Optimiser state as named tensors, for a checkpoint: step, m.<name>, v.<name>.
   * Ownership differs by entry: `step` is a new int32 scalar made on every call, so the caller owns
   * it and must dispose it (or it leaks one tensor per call); `m.*` and `v.*` are this optimiser's
   * own moment variables, lent: do not dispose them, and clone them to keep a snapshot past the
   * next update.
   */
  state(): Record<string, tf.Tensor> {
    return { step: tf.scalar(this.step, 'int32'), ...this.moments.entries() };
  }

  /** Restores what `state()` returned (tensors are copied; the caller keeps ownership). */
  loadState(state: Record<string, tf.Tensor>): void {
    const step = state.step;
    if (!step) throw new Error('Adam.loadState: missing "step"');
    this.step = step.dataSync()[0]!;
    this.moments.load(state);
  }

  dispose(): void {
    this.moments.dispose();
  }
}
