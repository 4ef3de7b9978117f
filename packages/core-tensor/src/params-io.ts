// saveParams / loadParams: named tensors to a folder and back, bit for bit, on every backend.
//
// Layout: `manifest.json` (names, shapes, dtypes, byte ranges, sha256) and one binary file
// `params-<sha256 prefix>.bin`. The binary is written first under its content name, then the
// manifest replaces the old one by rename; a crash at any point leaves a manifest that points at a
// complete binary, so a checkpoint is never half written.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';

const StoredDtype = z.enum(['float32', 'int32', 'bool']);

export const ParamsManifest = z.object({
  format: z.literal('core-tensor-params'),
  version: z.literal(1),
  binary: z.string().regex(/^params-[0-9a-f]{16}\.bin$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  tensors: z.array(
    z.object({
      name: z.string().min(1),
      shape: z.array(z.number().int().min(0)),
      dtype: StoredDtype,
      byteOffset: z.number().int().min(0),
      byteLength: z.number().int().min(0),
    }),
  ),
});
export type ParamsManifest = z.infer<typeof ParamsManifest>;

const MANIFEST = 'manifest.json';

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}

function bytesOf(values: tf.TypedArray | string[] | unknown, dtype: string, name: string): Uint8Array {
  if (dtype === 'bool' && values instanceof Uint8Array) return values;
  if (values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array) {
    return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  }
  throw new Error(
    `saveParams: tensor '${name}' has dtype ${dtype}; only float32, int32 and bool can be saved`,
  );
}

/** Writes `params` into `dir` (created if missing). Names are kept as given. */
export async function saveParams(dir: string, params: Record<string, tf.Tensor>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const chunks: Uint8Array[] = [];
  const tensors: ParamsManifest['tensors'] = [];
  let offset = 0;
  for (const [name, tensor] of Object.entries(params)) {
    const dtype = StoredDtype.safeParse(tensor.dtype);
    if (!dtype.success)
      throw new Error(`saveParams: tensor '${name}' has dtype ${tensor.dtype}; valid: float32, int32, bool`);
    const bytes = bytesOf(await tensor.data(), tensor.dtype, name);
    tensors.push({
      name,
      shape: tensor.shape,
      dtype: dtype.data,
      byteOffset: offset,
      byteLength: bytes.byteLength,
    });
    chunks.push(bytes);
    offset += bytes.byteLength;
  }
  const binary = Buffer.concat(chunks);
  const sha256 = createHash('sha256').update(binary).digest('hex');
  const binaryName = `params-${sha256.slice(0, 16)}.bin`;
  await writeAtomic(join(dir, binaryName), binary);
  const manifest: ParamsManifest = {
    format: 'core-tensor-params',
    version: 1,
    binary: binaryName,
    sha256,
    tensors,
  };
  await writeAtomic(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  // Binaries the new manifest no longer points at are garbage now.
  for (const file of await readdir(dir)) {
    if (/^params-[0-9a-f]{16}\.bin$/.test(file) && file !== binaryName)
      await rm(join(dir, file), { force: true });
  }
}

async function readManifest(dir: string): Promise<ParamsManifest> {
  const path = join(dir, MANIFEST);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(
      `loadParams: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`loadParams: ${path} is not valid JSON`);
  }
  const parsed = ParamsManifest.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`loadParams: ${path} is malformed at '${issue?.path.join('.')}': ${issue?.message}`);
  }
  return parsed.data;
}

/** Reads what saveParams wrote; checks the checksum and every byte range. */
export async function loadParams(dir: string): Promise<Record<string, tf.Tensor>> {
  const manifest = await readManifest(dir);
  const binaryPath = join(dir, manifest.binary);
  const binary = await readFile(binaryPath);
  const sha256 = createHash('sha256').update(binary).digest('hex');
  if (sha256 !== manifest.sha256) throw new Error(`loadParams: ${binaryPath} is corrupt (checksum mismatch)`);
  const out: Record<string, tf.Tensor> = {};
  for (const entry of manifest.tensors) {
    if (entry.byteOffset + entry.byteLength > binary.byteLength) {
      throw new Error(`loadParams: tensor '${entry.name}' runs past the end of ${binaryPath}`);
    }
    // Copy into a fresh, aligned buffer: typed arrays need offsets that are multiples of 4.
    const bytes = new Uint8Array(binary.subarray(entry.byteOffset, entry.byteOffset + entry.byteLength));
    const size = entry.shape.reduce((a, b) => a * b, 1);
    const values =
      entry.dtype === 'float32'
        ? new Float32Array(bytes.buffer)
        : entry.dtype === 'int32'
          ? new Int32Array(bytes.buffer)
          : bytes;
    if (values.length !== size) {
      throw new Error(
        `loadParams: tensor '${entry.name}' has ${values.length} values for shape [${entry.shape.join(', ')}]`,
      );
    }
    out[entry.name] = tf.tensor(values, entry.shape, entry.dtype);
  }
  return out;
}

/**
 * Assigns loaded tensors into a module's variables by name. Names must match exactly and shapes
 * must agree; the error lists what is missing, extra or mis-shaped.
 */
export function assignParams(
  variables: Record<string, tf.Variable>,
  loaded: Record<string, tf.Tensor>,
): void {
  const missing = Object.keys(variables).filter((name) => !(name in loaded));
  const extra = Object.keys(loaded).filter((name) => !(name in variables));
  if (missing.length || extra.length) {
    throw new Error(
      `assignParams: names differ; missing [${missing.join(', ')}], unexpected [${extra.join(', ')}]`,
    );
  }
  for (const [name, variable] of Object.entries(variables)) {
    const tensor = loaded[name]!;
    if (!tf.util.arraysEqual(variable.shape, tensor.shape)) {
      throw new Error(
        `assignParams: '${name}' has shape [${tensor.shape}] in the file, [${variable.shape}] in the model`,
      );
    }
    variable.assign(tensor);
  }
}
