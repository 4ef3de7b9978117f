// core-tensor's initialisers build each tf.Variable from a temporary tensor that they never dispose
// (tf.variable(tf.randomUniform(...)) keeps the temporary alive), and Ema clones likewise. Building
// a module inside an engine scope frees those temporaries while the variables (never scope-tracked)
// survive. Reported to the lead; this keeps our leak test honest without changing core-tensor.
import { tf } from 'core-tensor';

export function untrackedInit<T>(build: () => T): T {
  tf.engine().startScope();
  try {
    return build();
  } finally {
    tf.engine().endScope();
  }
}
