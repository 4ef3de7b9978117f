import { describe, expect, test } from 'vitest';
import { backendRequestFromEnv, initBackend, tf } from '../src/index.js';

describe('initBackend', () => {
  test('auto picks a backend and says why, listing what it passed over', async () => {
    const choice = await initBackend('auto');
    expect(['node-gpu', 'node', 'wasm', 'cpu']).toContain(choice.name);
    expect(choice.reason).toMatch(new RegExp(`^auto chose ${choice.name}`));
    for (const attempt of choice.attempts) expect(choice.reason).toContain(`${attempt.name} unavailable`);
    if (choice.name === 'wasm') {
      expect(tf.getBackend()).toBe('wasm');
      expect(choice.kernelFixes).toContain('UnsortedSegmentSum');
    }
  });

  test('an explicit backend that cannot load throws with the reason (node-gpu without a GPU)', async () => {
    const auto = await initBackend('auto');
    if (auto.name === 'node-gpu') return; // on a CUDA box node-gpu loads; nothing to show here
    await expect(initBackend('node-gpu')).rejects.toThrow(
      /backend 'node-gpu' was requested but cannot load: .+/,
    );
  });

  test('cpu and wasm can be chosen explicitly', async () => {
    expect((await initBackend('cpu')).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await initBackend('wasm');
    expect(wasm.reason).toMatch(/requested explicitly/);
    expect(tf.getBackend()).toBe('wasm');
  });

  test('a bad TFJS_BACKEND names the value and the valid ones', () => {
    expect(() => backendRequestFromEnv({ TFJS_BACKEND: 'cuda' })).toThrow(
      'TFJS_BACKEND="cuda" is not valid; use one of: auto, node-gpu, node, wasm, cpu',
    );
    expect(backendRequestFromEnv({})).toBe('auto');
  });
});
