// The area under a fine-tuning learning curve (issue 14: C1 and C3 are scored on it because
// scratch saturates by 7.5k frames on reach4, so final scores alone hide how fast each condition
// learns). Evaluations at frames f_0 < … < f_m with scores s_i; the area is the trapezoid rule
// divided by the span, so it is a mean score in the same units as a score (0..1).
import { z } from 'zod';

/** One evaluation of one FT run: the unit rows the claims are decided on (units/curves.csv). */
export const CurvePoint = z.object({
  task: z.string(),
  condition: z.string(),
  seed: z.number().int(),
  frame: z.number().int().min(0),
  score: z.number(),
});
export type CurvePoint = z.infer<typeof CurvePoint>;

/** AUC = Σ_i (f_{i+1} − f_i)·(s_i + s_{i+1})/2 ÷ (f_m − f_0); a single point gives its score. */
export function areaUnderCurve(points: readonly { frame: number; score: number }[]): number {
  if (points.length === 0) return Number.NaN;
  const sorted = [...points].sort((a, b) => a.frame - b.frame);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  if (last.frame === first.frame) return sorted.reduce((sum, p) => sum + p.score, 0) / sorted.length;
  let area = 0;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i]!;
    const b = sorted[i + 1]!;
    area += ((b.frame - a.frame) * (a.score + b.score)) / 2;
  }
  return area / (last.frame - first.frame);
}

/** The score at the largest evaluated frame (the URLB protocol's final score). */
export function finalScore(points: readonly { frame: number; score: number }[]): number {
  if (points.length === 0) return Number.NaN;
  return points.reduce((latest, p) => (p.frame > latest.frame ? p : latest)).score;
}

/** The curve of each (task, condition, seed) run, keyed `task|condition|seed`. */
export function curvesByRun(points: readonly CurvePoint[]): Map<string, CurvePoint[]> {
  const runs = new Map<string, CurvePoint[]>();
  for (const p of points) {
    const key = `${p.task}|${p.condition}|${p.seed}`;
    runs.set(key, [...(runs.get(key) ?? []), p]);
  }
  return runs;
}
