// Temperature scaling (§4.3): p_T = σ(logit(p) / T), with T fitted by NLL on answers whose truth
// is known (the directed CPDAG arcs). A golden-section search on log T.

const logit = (p: number) => Math.log(p) - Math.log(1 - p);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const clip = (p: number) => Math.min(1 - 1e-12, Math.max(1e-12, p));

export function scaleConfidence(p: number, temperature: number): number {
  return sigmoid(logit(clip(p)) / temperature); // §4.3 p_T = σ(logit(p)/T)
}

/** Mean NLL of the stated confidences `p` (for the chosen answer) given correctness. */
export function meanNll(confidence: ArrayLike<number>, correct: ArrayLike<number>, temperature = 1): number {
  let total = 0;
  for (let i = 0; i < confidence.length; i++) {
    const p = clip(scaleConfidence(confidence[i]!, temperature));
    total -= correct[i] ? Math.log(p) : Math.log(1 - p);
  }
  return total / Math.max(1, confidence.length);
}

/** The T in [0.05, 1000] minimising the NLL (golden-section search on log T). */
export function fitTemperature(confidence: ArrayLike<number>, correct: ArrayLike<number>): number {
  if (confidence.length === 0) return 1;
  let lo = Math.log(0.05);
  let hi = Math.log(1000);
  const ratio = (Math.sqrt(5) - 1) / 2;
  const f = (logT: number) => meanNll(confidence, correct, Math.exp(logT));
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let iter = 0; iter < 80; iter++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = f(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}
