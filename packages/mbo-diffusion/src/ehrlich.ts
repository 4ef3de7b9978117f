// Ehrlich functions (Stanton, Alberstein, Frey, Watkins, Cho 2024, "Closed-Form Test Functions for
// Biophysical Sequence Optimization Algorithms", arXiv 2407.00236), written from the definition as
// holo-bench implements it: prescient-design/holo-bench holo/test_functions/closed_form/_ehrlich.py
// (commit 8638baa), holo/test_functions/elemental/_discrete_markov_process.py and _motif.py. The rule
// "q divides k" is poli's (MachineLearningLifeScience/poli, objective_repository/ehrlich/register.py).
//   DMP: x_{t+1} ~ P[x_t, ·], P sparse (banned transitions are zeros) and ergodic; samples start from
//   its stationary π, the likelihood (hence feasibility) from a uniform π_0.
//   feasible(x) ⇔ P[x_t, x_{t+1}] > 0 for t = 1..L−1
//   h_q(x, a, s) = max_l ⌊q·(1/k)·Σ_j 1[x_{l+s_j} = a_j]⌋ / q
//   f(x) = Π_i h_q(x, a⁽ⁱ⁾, s⁽ⁱ⁾) if feasible(x), else EHRLICH_INFEASIBLE
// holo-bench's epistasis_factor (a cubic response applied to each h_q, 0 by default) is not built: at 0
// it is the identity, which is the paper's f.
import type { Rng } from 'core-tensor';
import { Matrix, solve } from 'ml-matrix';
import { z } from 'zod';

/**
 * The value of an infeasible sequence [ours]. holo-bench and poli return −∞; the tasks here normalise
 * scores by the dataset's range and average them, which needs finite values. 0 is the lowest feasible
 * value, so an infeasible design never beats a feasible one, but it ties with a feasible design that
 * misses a motif completely.
 */
export const EHRLICH_INFEASIBLE = 0;

/** holo-bench's transition-matrix constants: band half-width ⌊0.4·v⌋ and softmax temperature 0.5. */
const BAND_SHARE = 0.4;
const SOFTMAX_TEMPERATURE = 0.5;

export const EhrlichParams = z
  .strictObject({
    vocab: z.number().int().min(2), // v, states of the DMP
    length: z.number().int().min(2), // L
    motifs: z.number().int().min(1), // c
    motifLength: z.number().int().min(2), // k (k ≥ 2: a motif of one letter has no spacing)
    quantization: z.number().int().min(1), // q
  })
  .superRefine((p, ctx) => {
    if (p.motifs * p.motifLength > p.length)
      ctx.addIssue({
        code: 'custom',
        path: ['motifs'],
        message: `c·k = ${p.motifs}·${p.motifLength} = ${p.motifs * p.motifLength} exceeds the length L = ${p.length}; an optimal sequence exists only for c·k ≤ L`,
      });
    if (p.quantization > p.motifLength || p.motifLength % p.quantization !== 0) {
      const divisors = Array.from({ length: p.motifLength }, (_, i) => i + 1).filter(
        (d) => p.motifLength % d === 0,
      );
      ctx.addIssue({
        code: 'custom',
        path: ['quantization'],
        message: `q = ${p.quantization} must divide the motif length k = ${p.motifLength}; valid: ${divisors.join(', ')}`,
      });
    }
  });
export type EhrlichParams = z.infer<typeof EhrlichParams>;

export interface EhrlichFunction {
  params: EhrlichParams;
  /** P, row-major [v][v]: P[i][j] = p(x_{t+1} = j | x_t = i); zeros are banned transitions. */
  transition: readonly (readonly number[])[];
  /** π, the stationary distribution of P: motifs and data start from it (holo-bench). */
  stationary: readonly number[];
  /** a⁽ⁱ⁾, c motifs of k letters. */
  motifs: readonly (readonly number[])[];
  /** s⁽ⁱ⁾, c offset vectors of k entries, s_1 = 0, strictly increasing. */
  offsets: readonly (readonly number[])[];
}

/** Row i of the banded mask allows columns i−b … i+b (mod v), holo-bench's `banded_square_matrix`. */
function bandedMask(vocab: number, bandwidth: number): boolean[][] {
  return Array.from({ length: vocab }, (_, i) => {
    const row = new Array<boolean>(vocab).fill(false);
    for (let j = i - bandwidth; j <= i + bandwidth; j++) row[((j % vocab) + vocab) % vocab] = true;
    return row;
  });
}

/** Whether P is primitive (irreducible and aperiodic): every entry of P^m is positive, m = (v−1)² + 1 (Wielandt). */
export function isErgodic(transition: readonly (readonly number[])[]): boolean {
  const v = transition.length;
  const step = transition.map((row) => row.map((p) => p > 0));
  let reach = step;
  for (let power = 1; power < (v - 1) ** 2 + 1; power++)
    reach = reach.map((row) => step[0]!.map((_, j) => row.some((r, m) => r && step[m]![j]!)));
  return reach.every((row) => row.every(Boolean));
}

/** P = renormalised softmax(N(0,1)/0.5) under a row-shuffled banded mask with the diagonal allowed (holo-bench). */
export function sampleTransitionMatrix(rng: Rng, vocab: number): number[][] {
  const band = bandedMask(vocab, Math.floor(BAND_SHARE * vocab));
  const rowOrder = rng.shuffle(Array.from({ length: vocab }, (_, i) => i));
  const transition = Array.from({ length: vocab }, (_, i) => {
    const logits = Array.from({ length: vocab }, () => rng.normal() / SOFTMAX_TEMPERATURE);
    const top = Math.max(...logits);
    // the softmax's own normaliser cancels in the renormalisation after masking
    const weights = logits.map((l, j) => (band[rowOrder[i]!]![j] || i === j ? Math.exp(l - top) : 0));
    const total = weights.reduce((s, w) => s + w, 0);
    return weights.map((w) => w / total);
  });
  if (!isErgodic(transition))
    throw new Error(
      `Ehrlich: the sampled ${vocab}-state transition matrix is not ergodic (some power of P has a zero); use another seed or a larger v`,
    );
  return transition;
}

/** π with πP = π and Σπ = 1: (Pᵀ − I)π = 0 with its last row replaced by the normalisation. */
export function stationaryDistribution(transition: readonly (readonly number[])[]): number[] {
  const v = transition.length;
  const system = Matrix.zeros(v, v);
  for (let i = 0; i < v; i++)
    for (let j = 0; j < v; j++) system.set(i, j, transition[j]![i]! - (i === j ? 1 : 0));
  for (let j = 0; j < v; j++) system.set(v - 1, j, 1);
  const rhs = Matrix.zeros(v, 1);
  rhs.set(v - 1, 0, 1);
  return solve(system, rhs).to1DArray();
}

/** One DMP path of `steps` letters: x_1 ~ initial, x_{t+1} ~ P[x_t, ·]. */
export function sampleDmp(
  rng: Rng,
  initial: readonly number[],
  transition: readonly (readonly number[])[],
  steps: number,
): number[] {
  const path = [rng.categorical(initial)];
  while (path.length < steps) path.push(rng.categorical(transition[path.at(-1)!]!));
  return path;
}

/** s⁽ⁱ⁾ of holo-bench: gaps 1 + ⌊⌊(L − c·k)/c⌋·w_j⌋, w uniform on the simplex by normalised U(0,1); s_1 = 0. */
export function sampleOffsets(rng: Rng, params: EhrlichParams): number[][] {
  const { length, motifs, motifLength } = params;
  const slackPerMotif = Math.floor((length - motifs * motifLength) / motifs);
  return Array.from({ length: motifs }, () => {
    const weights = Array.from({ length: motifLength - 1 }, () => rng.next());
    const total = weights.reduce((s, w) => s + w, 0);
    const offsets = [0];
    for (const w of weights) offsets.push(offsets.at(-1)! + 1 + Math.floor((slackPerMotif * w) / total));
    return offsets;
  });
}

/**
 * The Ehrlich function of `params`, in holo-bench's order: P, its π, the c motifs as one DMP path of
 * c·k letters from π cut into c pieces (so one feasible sequence holds them all), then the offsets.
 */
export function makeEhrlich(rng: Rng, params: EhrlichParams): EhrlichFunction {
  const parsed = EhrlichParams.safeParse(params);
  if (!parsed.success) throw new Error(`bad Ehrlich parameters: ${z.prettifyError(parsed.error)}`);
  const { vocab, motifs, motifLength } = parsed.data;
  const transition = sampleTransitionMatrix(rng.split('transition'), vocab);
  const stationary = stationaryDistribution(transition);
  const path = sampleDmp(rng.split('motifs'), stationary, transition, motifs * motifLength);
  return {
    params: parsed.data,
    transition,
    stationary,
    motifs: Array.from({ length: motifs }, (_, i) => path.slice(i * motifLength, (i + 1) * motifLength)),
    offsets: sampleOffsets(rng.split('spacings'), parsed.data),
  };
}

/** feasible(x): no banned transition between consecutive letters (π_0 is uniform, so any first letter). */
export function isFeasible(ehrlich: EhrlichFunction, x: ArrayLike<number>): boolean {
  for (let t = 0; t + 1 < x.length; t++) if (!(ehrlich.transition[x[t]!]![x[t + 1]!]! > 0)) return false;
  return true;
}

/** h_q(x, a, s) = max_l ⌊q·(1/k)·Σ_j 1[x_{l+s_j} = a_j]⌋ / q, over every l where the motif fits. */
export function motifPresence(
  x: ArrayLike<number>,
  motif: readonly number[],
  offsets: readonly number[],
  quantization: number,
): number {
  const k = motif.length;
  let best = 0;
  for (let l = 0; l + offsets[k - 1]! < x.length; l++) {
    let matches = 0;
    for (let j = 0; j < k; j++) if (x[l + offsets[j]!] === motif[j]) matches++;
    best = Math.max(best, matches);
  }
  return Math.floor((quantization * best) / k) / quantization; // ⌊·⌋ is monotone, so max and ⌊·⌋ commute
}

/** f(x) = Π_i h_q(x, a⁽ⁱ⁾, s⁽ⁱ⁾) if x is feasible, else EHRLICH_INFEASIBLE. */
export function ehrlichValue(ehrlich: EhrlichFunction, x: ArrayLike<number>): number {
  if (!isFeasible(ehrlich, x)) return EHRLICH_INFEASIBLE;
  let product = 1;
  for (const [i, motif] of ehrlich.motifs.entries())
    product *= motifPresence(x, motif, ehrlich.offsets[i]!, ehrlich.params.quantization);
  return product;
}

/** f of each row of `designs` [n·L]. */
export function ehrlichValues(ehrlich: EhrlichFunction, designs: Float32Array): Float64Array {
  const { length } = ehrlich.params;
  const out = new Float64Array(designs.length / length);
  for (let row = 0; row < out.length; row++)
    out[row] = ehrlichValue(ehrlich, designs.subarray(row * length, (row + 1) * length));
  return out;
}

/**
 * An optimal sequence (f = 1): each motif written letter by letter, a_j repeated until s_{j+1}, the
 * motifs one after another, padded with the last letter. Feasible because repeats are always allowed
 * and consecutive motif letters are consecutive steps of the DMP path they were cut from.
 */
export function optimalSequence(ehrlich: EhrlichFunction): number[] {
  const x: number[] = [];
  for (const [i, motif] of ehrlich.motifs.entries()) {
    const offsets = ehrlich.offsets[i]!;
    for (let j = 0; j + 1 < motif.length; j++)
      for (let r = offsets[j]!; r < offsets[j + 1]!; r++) x.push(motif[j]!);
    x.push(motif.at(-1)!);
  }
  while (x.length < ehrlich.params.length) x.push(x.at(-1)!);
  return x;
}

/** `count` distinct DMP paths of length L started from π, as holo-bench draws its initial designs [distinct: ours]. */
export function sampleEhrlichDesigns(rng: Rng, ehrlich: EhrlichFunction, count: number): Float32Array {
  const { length } = ehrlich.params;
  const designs = new Float32Array(count * length);
  const seen = new Set<string>();
  for (let draws = 0; seen.size < count; draws++) {
    if (draws >= 100 * count)
      throw new Error(
        `Ehrlich: only ${seen.size} distinct sequences after ${draws} DMP draws; ask for fewer than ${count} or a longer L`,
      );
    const path = sampleDmp(rng, ehrlich.stationary, ehrlich.transition, length);
    const key = path.join(',');
    if (seen.has(key)) continue;
    designs.set(path, seen.size * length);
    seen.add(key);
  }
  return designs;
}
