// TFBind8 (brief §2.1): the exhaustive SIX6 PBM score table shipped in data/tfbind8/, read back and
// validated (size, sha256, finiteness, range) so a corrupt or truncated file fails with a clear error.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const TFBIND8_SHA256 = '2799e31eff95d9797f9b95bf27443bcfb4d0bf091850d56cf378c6412ca1041a';
export const TFBIND8_ENTRIES = 65_536;
export const defaultTfbind8Path = fileURLToPath(new URL('../data/tfbind8/scores.f32le.bin', import.meta.url));

export class DataFileError extends Error {
  constructor(path: string, problem: string) {
    super(`data file ${path}: ${problem}`);
    this.name = 'DataFileError';
  }
}

/** Reads the 65,536 little-endian float32 scores; entry i is the 8-mer with code i. */
export function readTfbind8Scores(path = defaultTfbind8Path): Float32Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new DataFileError(path, `cannot be read (${error instanceof Error ? error.message : error})`);
  }
  if (bytes.length !== TFBIND8_ENTRIES * 4) {
    throw new DataFileError(
      path,
      `has ${bytes.length} bytes; expected ${TFBIND8_ENTRIES * 4} (65,536 float32): truncated or wrong file`,
    );
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== TFBIND8_SHA256) {
    throw new DataFileError(path, `sha256 ${digest} does not match the shipped table's ${TFBIND8_SHA256}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const scores = new Float32Array(TFBIND8_ENTRIES);
  for (let i = 0; i < TFBIND8_ENTRIES; i++) {
    const value = view.getFloat32(4 * i, true);
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new DataFileError(path, `entry ${i} is ${value}; scores must be finite and in [0, 1]`);
    }
    scores[i] = value;
  }
  return scores;
}

/** The code of the reverse complement (a↔t, c↔g, order reversed) of the 8-mer with `code`. */
export function reverseComplementCode(code: number, length = 8): number {
  let out = 0;
  let rest = code;
  for (let j = 0; j < length; j++) {
    const letter = rest % 4;
    rest = Math.floor(rest / 4);
    // position j goes to position length-1-j, letter to 3 − letter (a=0↔t=3, c=1↔g=2)
    out += (3 - letter) * 4 ** (length - 1 - j);
  }
  return out;
}
