// A seeded, splittable random number generator. Every random draw in the workspace goes through
// one of these (no Math.random), so the same seed on the same backend gives the same numbers.
// The generator is xoroshiro128+ from pure-rand; `split(label)` derives an independent child
// stream from the parent's *seed path* and the label, so adding draws to one component never
// shifts the numbers another component sees.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { z } from 'zod';

export const RngState = z.object({
  path: z.string(),
  generator: z.array(z.number().int()),
});
export type RngState = z.infer<typeof RngState>;

/** FNV-1a, 32 bits: turns a seed path such as "42/init/layer1" into a generator seed. */
function hashSeedPath(path: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    hash ^= path.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

type Generator = ReturnType<typeof xoroshiro128plus>;

export class Rng {
  private generator: Generator;
  private path: string;

  constructor(seed: number | string) {
    if (typeof seed === 'number' && !Number.isInteger(seed)) {
      throw new Error(`Rng seed must be an integer or a string, got ${seed}`);
    }
    this.path = String(seed);
    this.generator = xoroshiro128plus(hashSeedPath(this.path));
  }

  /** An independent child stream, a function of (this stream's seed path, label) only. */
  split(label: string): Rng {
    return new Rng(`${this.path}/${label}`);
  }

  /** Uniform in [0, 1), 53 random bits. */
  next(): number {
    return uniformFloat64(this.generator);
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive <= 0) {
      throw new Error(`Rng.int needs a positive integer bound, got ${maxExclusive}`);
    }
    return Math.floor(this.next() * maxExclusive);
  }

  /** Standard normal by Box-Muller (one pair per call, the second value discarded for simplicity). */
  normal(mean = 0, std = 1): number {
    const u1 = 1 - this.next(); // in (0, 1], keeps log finite
    const u2 = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Fisher-Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }

  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.choice of an empty list');
    return items[this.int(items.length)]!;
  }

  /** Index drawn with probability proportional to weights (non-negative, not all zero). */
  categorical(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i]!;
    if (!(total > 0)) throw new Error('Rng.categorical needs weights with a positive sum');
    let u = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i]!;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** A 31-bit integer to pass as `seed` to tf random ops (tf.randomNormal, tf.randomUniform...). */
  tfSeed(): number {
    return Math.floor(this.next() * 0x7fffffff);
  }

  getState(): RngState {
    return { path: this.path, generator: [...this.generator.getState()] };
  }

  setState(state: RngState): void {
    const parsed = RngState.parse(state);
    this.path = parsed.path;
    this.generator = xoroshiro128plusFromState(parsed.generator);
  }
}
