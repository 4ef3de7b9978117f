// The miscalibrated simulated expert (§2.3, ours): each answer is correct with probability
// `accuracy`; its confidence c ~ U[0.95, 0.999] is independent of correctness, and L[o_e] = c.
// It mimics the official GPT-3 caches (§9.4). Temperature scaling (§4.3) refits c on the
// directed CPDAG arcs, whose orientation is identified from data, and applies T to U.
import type { Rng } from 'core-tensor';
import type { Report } from './posterior.js';

export interface SimulatedAnswers {
  correct: Uint8Array;
  confidence: Float64Array;
}

export function drawMiscalibratedAnswers(
  rng: Rng,
  count: number,
  accuracy: number,
  range: [number, number] = [0.95, 0.999],
): SimulatedAnswers {
  if (!(accuracy >= 0 && accuracy <= 1))
    throw new Error(`accuracy ${accuracy} is invalid; valid: a number in [0, 1]`);
  const correct = new Uint8Array(count);
  const confidence = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    correct[i] = rng.next() < accuracy ? 1 : 0;
    confidence[i] = rng.uniform(range[0], range[1]);
  }
  return { correct, confidence };
}

export function answersReport(truth: Uint8Array, answers: SimulatedAnswers): Report {
  const reported = Uint8Array.from(truth, (t, e) => (answers.correct[e] ? t : 1 - t));
  return { reported, likelihood: Float64Array.from(answers.confidence) };
}
