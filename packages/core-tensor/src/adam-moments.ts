// Adam's moment estimates m and v, one variable per parameter name, created at zero on first use:
// shared by Adam (one model) and EnsembleAdam (a model axis), with their checkpoint form
// (m.<name>, v.<name>) and their disposal.
import * as tf from '@tensorflow/tfjs';

export class AdamMoments {
  private readonly first = new Map<string, tf.Variable>();
  private readonly second = new Map<string, tf.Variable>();

  /** m and v for the parameter `name`, zeros shaped like it on first use. */
  of(name: string, like: tf.Variable): { m: tf.Variable; v: tf.Variable } {
    return { m: momentIn(this.first, name, like), v: momentIn(this.second, name, like) };
  }

  /** The moments as checkpoint entries m.<name> and v.<name> (lent: the caller must not dispose them). */
  entries(): Record<string, tf.Tensor> {
    const out: Record<string, tf.Tensor> = {};
    for (const [name, m] of this.first) out[`m.${name}`] = m;
    for (const [name, v] of this.second) out[`v.${name}`] = v;
    return out;
  }

  /** Loads every m.<name> and v.<name> entry of a checkpoint (copied); other keys are ignored. */
  load(state: Record<string, tf.Tensor>): void {
    for (const [key, tensor] of Object.entries(state)) {
      const [kind, ...rest] = key.split('.');
      const store = kind === 'm' ? this.first : kind === 'v' ? this.second : undefined;
      if (!store) continue;
      const name = rest.join('.');
      const previous = store.get(name); // may be `tensor` itself, when loading our own entries()
      store.set(
        name,
        tf.tidy(() => tf.variable(tensor.clone(), false)),
      );
      previous?.dispose();
    }
  }

  dispose(): void {
    for (const variable of [...this.first.values(), ...this.second.values()]) variable.dispose();
    this.first.clear();
    this.second.clear();
  }
}

function momentIn(store: Map<string, tf.Variable>, name: string, like: tf.Variable): tf.Variable {
  let moment = store.get(name);
  if (!moment) {
    moment = tf.tidy(() => tf.variable(tf.zerosLike(like), false)); // tidy frees the zeros
    store.set(name, moment);
  }
  return moment;
}
