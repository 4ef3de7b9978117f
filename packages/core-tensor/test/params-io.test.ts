import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { assignParams, initBackend, loadParams, saveParams, tf } from '../src/index.js';

const tempDir = () => mkdtemp(join(tmpdir(), 'params-'));

describe.each(['cpu', 'wasm'] as const)('saveParams / loadParams on %s', (backend) => {
  test('round trip is bitwise for float32 (incl. NaN, -0, subnormals), int32 and bool', async () => {
    await initBackend(backend);
    const special = new Float32Array([Number.NaN, -0, 1e-42, 3.4e38, -1.5, Math.PI]);
    const params = {
      'layers.0.kernel': tf.tensor(special, [2, 3]),
      step: tf.scalar(41, 'int32'),
      mask: tf.tensor1d([true, false, true], 'bool'),
      empty: tf.zeros([0, 4]),
    };
    const dir = await tempDir();
    await saveParams(dir, params);
    const loaded = await loadParams(dir);
    expect(Object.keys(loaded)).toEqual(Object.keys(params));
    const bits = (t: tf.Tensor) => Array.from(new Uint8Array(new Float32Array(t.dataSync()).buffer));
    expect(bits(loaded['layers.0.kernel']!)).toEqual(bits(params['layers.0.kernel']));
    expect(loaded.step!.dtype).toBe('int32');
    expect(Array.from(loaded.step!.dataSync())).toEqual([41]);
    expect(loaded.mask!.dtype).toBe('bool');
    expect(Array.from(loaded.mask!.dataSync())).toEqual([1, 0, 1]);
    expect(loaded.empty!.shape).toEqual([0, 4]);
  });
});

describe('checkpoint safety', () => {
  test('saving again replaces the binary and leaves one consistent pair', async () => {
    await initBackend('cpu');
    const dir = await tempDir();
    await saveParams(dir, { w: tf.tensor1d([1, 2]) });
    await saveParams(dir, { w: tf.tensor1d([3, 4]) });
    const files = (await readdir(dir)).sort();
    expect(files.filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    expect(Array.from((await loadParams(dir)).w!.dataSync())).toEqual([3, 4]);
  });

  test('a corrupt binary, a malformed manifest and a missing folder get clear errors', async () => {
    await initBackend('cpu');
    const dir = await tempDir();
    await saveParams(dir, { w: tf.tensor1d([1, 2]) });
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
    await writeFile(join(dir, manifest.binary), new Uint8Array(8));
    await expect(loadParams(dir)).rejects.toThrow(/is corrupt \(checksum mismatch\)/);
    await writeFile(join(dir, 'manifest.json'), JSON.stringify({ ...manifest, tensors: [{ name: 'w' }] }));
    await expect(loadParams(dir)).rejects.toThrow(/manifest.json is malformed at 'tensors.0.shape'/);
    await expect(loadParams(join(dir, 'nope'))).rejects.toThrow(/cannot read .*nope\/manifest.json/);
  });

  test('assignParams lists missing, unexpected and mis-shaped names', () => {
    const w = tf.variable(tf.zeros([2]));
    expect(() => assignParams({ w }, { v: tf.zeros([2]) })).toThrow('missing [w], unexpected [v]');
    expect(() => assignParams({ w }, { w: tf.zeros([3]) })).toThrow(
      /'w' has shape \[3\] in the file, \[2\] in the model/,
    );
    assignParams({ w }, { w: tf.ones([2]) });
    expect(Array.from(w.dataSync())).toEqual([1, 1]);
  });
});
