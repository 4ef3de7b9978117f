// Noise schedules of brief §3.1. Arrays are indexed by t = 0..T with ᾱ_0 = 1 (β_0 unused).
//   cosine (Nichol & Dhariwal 2021): ᾱ(t) = g(t)/g(0), g(t) = cos²(((t/T) + s)/(1 + s)·π/2), s = 0.008,
//   β_t = 1 − ᾱ(t)/ᾱ(t−1) clipped to [1e-4, 0.999], then ᾱ_t = Π_{s≤t}(1 − β_s).
//   linear-official: β from 1e-4 to 0.02 (the official code's schedule).
import { z } from 'zod';

export const ScheduleName = z.enum(['cosine', 'linear-official']);
export type ScheduleName = z.infer<typeof ScheduleName>;

export interface Schedule {
  steps: number; // T
  beta: Float64Array; // β_t
  alphaBar: Float64Array; // ᾱ_t
  posteriorVariance: Float64Array; // β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t)
}

export function makeSchedule(name: ScheduleName, steps: number): Schedule {
  if (!Number.isInteger(steps) || steps < 2)
    throw new Error(`diffusion steps T must be an integer ≥ 2, got ${steps}`);
  const beta = new Float64Array(steps + 1);
  if (name === 'cosine') {
    const s = 0.008;
    const g = (t: number) => Math.cos(((t / steps + s) / (1 + s)) * (Math.PI / 2)) ** 2;
    for (let t = 1; t <= steps; t++) beta[t] = Math.min(0.999, Math.max(1e-4, 1 - g(t) / g(t - 1)));
  } else if (name === 'linear-official') {
    for (let t = 1; t <= steps; t++) beta[t] = 1e-4 + ((0.02 - 1e-4) * (t - 1)) / (steps - 1);
  } else {
    throw new Error(`unknown schedule '${name}'; valid: ${ScheduleName.options.join(', ')}`);
  }
  const alphaBar = new Float64Array(steps + 1);
  const posteriorVariance = new Float64Array(steps + 1);
  alphaBar[0] = 1;
  for (let t = 1; t <= steps; t++) {
    alphaBar[t] = alphaBar[t - 1]! * (1 - beta[t]!);
    posteriorVariance[t] = (beta[t]! * (1 - alphaBar[t - 1]!)) / (1 - alphaBar[t]!);
  }
  return { steps, beta, alphaBar, posteriorVariance };
}
