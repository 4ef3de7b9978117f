// Adam / AdamW over parameters stacked along a model axis (issue 13): M models in one set of ops,
// each updated exactly as `Adam` would update it alone.
//   per model m:  g_m ← g_m · min(1, clip / ‖g_m‖₂)     (m's own global norm over all its parameters)
//                 m_m ← β₁m_m + (1−β₁)g_m,  v_m ← β₂v_m + (1−β₂)g_m²
//                 θ_m ← θ_m − lr·( m̂_m / (√v̂_m + ε) + λ·θ_m ),  m̂ = m/(1−β₁^t_m), v̂ = v/(1−β₂^t_m)
// Clipping never mixes models: one model's exploding gradient does not shrink another's step.
// A per-model `active` mask lets a model skip a step or stop early: an inactive model's parameters,
// moments and step count t_m stay exactly as they were, so its trajectory is that of a single model
// trained on its active steps only.
import * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import { AdamMoments } from './adam-moments.js';
import type { Variables } from './nn/module.js';
import { AdamOptions } from './optim.js';

export interface EnsembleStepResult {
  /** Each model's loss, [M]. */
  losses: number[];
  /** Each model's global gradient norm over its own parameters, before clipping, [M]. */
  gradNorms: number[];
}

/** Each model's global L2 norm √(Σ‖g_m‖²) over gradients stacked as [M, …]: -> [M]. */
export function modelGlobalNorms(grads: readonly tf.Tensor[]): tf.Tensor1D {
  return tf.tidy(() => {
    const perModel = grads.map((g) => {
      const axes = g.shape.map((_, axis) => axis).slice(1);
      return axes.length > 0 ? g.square().sum(axes) : g.square(); // [M]
    });
    return tf.addN(perModel).sqrt() as tf.Tensor1D;
  });
}

/** Per-model factors of one step, as numbers when every model shares them, else [M, 1, …] columns. */
interface StepFactors {
  clipScale: number | tf.Tensor;
  firstCorrection: number | tf.Tensor;
  secondCorrection: number | tf.Tensor;
}

export class EnsembleAdam {
  readonly options: z.output<typeof AdamOptions>;
  private readonly steps: number[];
  private readonly moments = new AdamMoments();

  constructor(
    readonly models: number,
    options: AdamOptions,
  ) {
    if (!Number.isInteger(models) || models < 1)
      throw new Error(`EnsembleAdam needs a whole number of models ≥ 1, got ${models}`);
    this.options = AdamOptions.parse(options);
    this.steps = new Array<number>(models).fill(0);
  }

  /** Each model's step count t_m (masked steps are not counted). */
  get iterations(): readonly number[] {
    return [...this.steps];
  }

  setLearningRate(learningRate: number): void {
    this.options.learningRate = learningRate;
  }

  /**
   * `losses` returns each model's loss, [M]; their sum is differentiated, so model m's gradient is
   * that of its own loss alone. `active` [M] (default all) says which models take this step.
   */
  minimize(losses: () => tf.Tensor, variables: Variables, active?: readonly boolean[]): EnsembleStepResult {
    const names = Object.keys(variables);
    const kept: { losses?: tf.Tensor } = {};
    const { value, grads } = tf.variableGrads(
      () => {
        const perModel = losses();
        if (perModel.rank !== 1 || perModel.shape[0] !== this.models) {
          throw new Error(
            `EnsembleAdam.minimize: the loss function returned shape [${perModel.shape.join(', ')}]; ` +
              `it must return one loss per model, [${this.models}]`,
          );
        }
        kept.losses = tf.keep(perModel);
        return perModel.sum() as tf.Scalar;
      },
      names.map((name) => variables[name]!),
    );
    const byName: Record<string, tf.Tensor> = {};
    for (const name of names) {
      const grad = grads[variables[name]!.name];
      if (grad) byName[name] = grad;
    }
    try {
      const gradNorms = this.applyGradients(byName, variables, active);
      return { losses: Array.from(kept.losses!.dataSync()), gradNorms };
    } finally {
      tf.dispose([value, ...Object.values(grads)]);
      kept.losses?.dispose();
    }
  }

  /** Applies gradients stacked as [M, …] and keyed like `variables`; returns each model's norm before clipping. */
  applyGradients(
    grads: Record<string, tf.Tensor>,
    variables: Variables,
    active?: readonly boolean[],
  ): number[] {
    const names = Object.keys(grads);
    if (names.length === 0)
      throw new Error('EnsembleAdam.applyGradients: no gradients (does the loss use the variables?)');
    for (const name of names) {
      const variable = variables[name];
      if (!variable) {
        throw new Error(
          `EnsembleAdam: gradient '${name}' has no variable; variables are ${Object.keys(variables).join(', ')}`,
        );
      }
      if (variable.rank < 1 || variable.shape[0] !== this.models) {
        throw new Error(
          `EnsembleAdam: '${name}' has shape [${variable.shape.join(', ')}]; stacked parameters lead with M = ${this.models}`,
        );
      }
    }
    const isActive = this.activeMask(active);
    const norms = modelGlobalNorms(names.map((name) => grads[name]!));
    const gradNorms = Array.from(norms.dataSync());
    norms.dispose();
    if (!isActive.some(Boolean)) return gradNorms;
    isActive.forEach((isOn, model) => {
      if (isOn) this.steps[model]! += 1;
    });

    const { learningRate, beta1, beta2, epsilon, weightDecay, clipNorm } = this.options;
    const isAllActive = isActive.every(Boolean);
    const clipScales = gradNorms.map((norm) =>
      clipNorm !== undefined && norm > clipNorm ? clipNorm / (norm + 1e-6) : 1,
    );
    tf.tidy(() => {
      const factorsByRank = new Map<number, StepFactors>();
      const masksByShape = new Map<string, tf.Tensor>();
      for (const name of names) {
        const variable = variables[name]!;
        let factors = factorsByRank.get(variable.rank);
        if (!factors) {
          factors = this.stepFactors(variable.rank, clipScales, isActive);
          factorsByRank.set(variable.rank, factors);
        }
        const { m, v } = this.moments.of(name, variable);
        const g = factors.clipScale === 1 ? grads[name]! : grads[name]!.mul(factors.clipScale);
        const nextM = m.mul(beta1).add(g.mul(1 - beta1));
        const nextV = v.mul(beta2).add(g.square().mul(1 - beta2));
        const adamStep = nextM
          .div(factors.firstCorrection)
          .div(nextV.div(factors.secondCorrection).sqrt().add(epsilon));
        const update = weightDecay > 0 ? adamStep.add(variable.mul(weightDecay)) : adamStep;
        const nextTheta = variable.sub(update.mul(learningRate));
        // A masked model keeps its values exactly, even if its gradient is not finite.
        const isActiveHere = isAllActive ? undefined : this.fullMask(variable.shape, isActive, masksByShape);
        const keep = (next: tf.Tensor, current: tf.Tensor) =>
          isActiveHere ? tf.where(isActiveHere, next, current) : next;
        m.assign(keep(nextM, m));
        v.assign(keep(nextV, v));
        variable.assign(keep(nextTheta, variable));
      }
    });
    return gradNorms;
  }

  private activeMask(active: readonly boolean[] | undefined): boolean[] {
    if (active === undefined) return new Array<boolean>(this.models).fill(true);
    if (active.length !== this.models) {
      throw new Error(
        `EnsembleAdam: active has ${active.length} entries, one per model needs ${this.models}`,
      );
    }
    return [...active];
  }

  /** Clip scales, bias corrections and the mask for parameters of this rank. */
  private stepFactors(
    rank: number,
    clipScales: readonly number[],
    isActive: readonly boolean[],
  ): StepFactors {
    const { beta1, beta2 } = this.options;
    const shape = [this.models, ...new Array<number>(rank - 1).fill(1)]; // [M, 1, …]
    const column = (values: readonly number[]): number | tf.Tensor =>
      values.every((value) => value === values[0]) ? values[0]! : tf.tensor(values, shape, 'float32');
    // Inactive models' factors are never used (tf.where keeps their values); copy an active one's so
    // that a shared step count still gives plain numbers.
    const reference = this.steps[isActive.indexOf(true)]!;
    const steps = this.steps.map((step, model) => (isActive[model] ? step : reference));
    return {
      clipScale: column(clipScales.map((scale, model) => (isActive[model] ? scale : 1))),
      firstCorrection: column(steps.map((step) => 1 - beta1 ** step)),
      secondCorrection: column(steps.map((step) => 1 - beta2 ** step)),
    };
  }

  /**
   * The mask at a parameter's full shape, built in JS (model m's entries are one contiguous run):
   * tf.where would otherwise broadcast an [M, 1, …] mask with a Tile per call, three calls per
   * parameter, which tripled the time of a masked step.
   */
  private fullMask(
    shape: readonly number[],
    isActive: readonly boolean[],
    cache: Map<string, tf.Tensor>,
  ): tf.Tensor {
    const key = shape.join('x');
    let mask = cache.get(key);
    if (!mask) {
      const perModel = tf.util.sizeFromShape(shape.slice(1));
      const values = new Uint8Array(this.models * perModel);
      isActive.forEach((isOn, model) => {
        if (isOn) values.fill(1, model * perModel, (model + 1) * perModel);
      });
      mask = tf.tensor(values, [...shape], 'bool');
      cache.set(key, mask);
    }
    return mask;
  }

  /**
   * Optimiser state as named tensors: step [M] int32, m.<name>, v.<name>. As with `Adam.state()`,
   * `step` is a new tensor made on every call, owned (and to be disposed) by the caller; the
   * moments are this optimiser's own variables, lent: do not dispose them.
   */
  state(): Record<string, tf.Tensor> {
    return { step: tf.tensor1d(this.steps, 'int32'), ...this.moments.entries() };
  }

  /** Restores what `state()` returned (tensors are copied; the caller keeps ownership). */
  loadState(state: Record<string, tf.Tensor>): void {
    const step = state.step;
    if (!step) throw new Error('EnsembleAdam.loadState: missing "step"');
    if (step.rank !== 1 || step.shape[0] !== this.models) {
      throw new Error(
        `EnsembleAdam.loadState: "step" has shape [${step.shape.join(', ')}], expected [${this.models}]`,
      );
    }
    Array.from(step.dataSync()).forEach((value, model) => {
      this.steps[model] = value;
    });
    this.moments.load(state);
  }

  dispose(): void {
    this.moments.dispose();
  }
}
