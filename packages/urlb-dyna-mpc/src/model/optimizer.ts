// Adam with global-norm clipping and decoupled weight decay applied before the step (brief §3.2:
// gradients, clip at 100, multiply every parameter by (1 − wd), then Adam).
import { Adam, tf, type Variables } from 'core-tensor';

export class DecayedAdam {
  readonly adam: Adam;

  constructor(
    learningRate: number,
    readonly options: { epsilon: number; clipNorm: number; weightDecay: number },
  ) {
    this.adam = new Adam({ learningRate, epsilon: options.epsilon, clipNorm: options.clipNorm });
  }

  /** One step on `variables` for `loss`; returns the loss value. */
  minimize(loss: () => tf.Scalar, variables: Variables): number {
    const names = Object.keys(variables);
    const list = names.map((name) => variables[name]!);
    const { value, grads } = tf.variableGrads(loss, list);
    const byName: Record<string, tf.Tensor> = {};
    for (const name of names) {
      const grad = grads[variables[name]!.name];
      if (grad) byName[name] = grad;
    }
    const decay = 1 - this.options.weightDecay;
    if (this.options.weightDecay > 0) {
      tf.tidy(() => {
        for (const name of Object.keys(byName)) variables[name]!.assign(variables[name]!.mul(decay));
      });
    }
    this.adam.applyGradients(byName, variables);
    const result = value.dataSync()[0]!;
    value.dispose();
    tf.dispose(grads);
    return result;
  }

  state(): Record<string, tf.Tensor> {
    return this.adam.state();
  }

  loadState(state: Record<string, tf.Tensor>): void {
    this.adam.loadState(state);
  }

  dispose(): void {
    this.adam.dispose();
  }
}
