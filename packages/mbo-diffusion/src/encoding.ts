// Design representations of brief §2.5. Discrete designs: letter indices per position ("raw"),
// one-hot in {−1, +1} flattened to D = L·q ("model space"), decoded by an argmax per position
// (ties to the lowest index). Continuous designs: per-dimension min–max from D_train to [−1, 1],
// never clipped. Labels: ỹ = (y − min_train)/(max_train − min_train).

/** Base-4 (base-q) code of a sequence: Σ_j x_j·q^j, position 0 the least significant digit (§2.1). */
export function sequenceCode(letters: ArrayLike<number>, vocab: number): number {
  let code = 0;
  for (let j = letters.length - 1; j >= 0; j--) code = code * vocab + letters[j]!;
  return code;
}

/** The letters of a code, position 0 first. */
export function codeLetters(code: number, length: number, vocab: number): number[] {
  const letters: number[] = [];
  let rest = code;
  for (let j = 0; j < length; j++) {
    letters.push(rest % vocab);
    rest = Math.floor(rest / vocab);
  }
  return letters;
}

const DNA = 'acgt';

/** 'aggtatca' → 7400 (§2.1). */
export function dnaToCode(sequence: string): number {
  const letters = [...sequence.toLowerCase()].map((ch) => {
    const index = DNA.indexOf(ch);
    if (index < 0)
      throw new Error(`'${sequence}' is not a DNA sequence: letter '${ch}' is not one of a, c, g, t`);
    return index;
  });
  return sequenceCode(letters, 4);
}

export function codeToDna(code: number, length = 8): string {
  return codeLetters(code, length, 4)
    .map((letter) => DNA[letter])
    .join('');
}

/** Raw letters [n·L] → one-hot ±1 [n·L·q] (§2.5). */
export function oneHotPlusMinus(letters: ArrayLike<number>, length: number, vocab: number): Float32Array {
  const n = letters.length / length;
  const out = new Float32Array(n * length * vocab).fill(-1);
  for (let i = 0; i < n * length; i++) out[i * vocab + letters[i]!] = 1;
  return out;
}

/** Model-space rows [n·L·q] → letters [n·L] by argmax per position, ties to the lowest index (§2.5). */
export function decodeArgmax(model: ArrayLike<number>, length: number, vocab: number): Float32Array {
  if (model.length % (length * vocab) !== 0)
    throw new Error(
      `decode: ${model.length} values are not whole designs of ${length}×${vocab} one-hot entries`,
    );
  const positions = model.length / vocab;
  const out = new Float32Array(positions);
  for (let p = 0; p < positions; p++) {
    let best = 0;
    let bestValue = model[p * vocab]!;
    for (let v = 1; v < vocab; v++) {
      const value = model[p * vocab + v]!;
      if (value > bestValue) {
        best = v;
        bestValue = value;
      }
    }
    out[p] = best;
  }
  return out;
}

/** Per-dimension min–max scaler fitted on D_train: x → 2(x − lo)/(hi − lo) − 1 (§2.5, code). */
export class MinMaxScaler {
  private constructor(
    readonly low: Float32Array,
    readonly high: Float32Array,
  ) {}

  static fit(rows: Float32Array, dims: number): MinMaxScaler {
    const low = new Float32Array(dims).fill(Number.POSITIVE_INFINITY);
    const high = new Float32Array(dims).fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < rows.length; i++) {
      const d = i % dims;
      low[d] = Math.min(low[d]!, rows[i]!);
      high[d] = Math.max(high[d]!, rows[i]!);
    }
    return new MinMaxScaler(low, high);
  }

  forward(rows: ArrayLike<number>): Float32Array {
    const dims = this.low.length;
    const out = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const d = i % dims;
      out[i] = (2 * (rows[i]! - this.low[d]!)) / (this.high[d]! - this.low[d]!) - 1;
    }
    return out;
  }

  /** The inverse; never clips (extrapolation is allowed). */
  inverse(rows: ArrayLike<number>): Float32Array {
    const dims = this.low.length;
    const out = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const d = i % dims;
      out[i] = ((rows[i]! + 1) / 2) * (this.high[d]! - this.low[d]!) + this.low[d]!;
    }
    return out;
  }
}

/** ỹ = (y − min_train)/(max_train − min_train), the code with gain_y = 1 (§2.5). */
export class LabelScaler {
  constructor(
    readonly min: number,
    readonly max: number,
  ) {
    if (!(max > min)) throw new Error(`LabelScaler needs max > min, got [${min}, ${max}]`);
  }

  forward(y: number): number {
    return (y - this.min) / (this.max - this.min);
  }

  inverse(yTilde: number): number {
    return yTilde * (this.max - this.min) + this.min;
  }
}
