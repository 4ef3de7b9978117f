// Backend choice: the one place that decides where tensors live.
//
// `auto` tries node-gpu (the libtensorflow binding loads and reports a GPU), then node (the same
// binding on CPU), then wasm (XNNPACK, SIMD, one thread, with our kernel fixes), then the pure-JS
// cpu backend. An explicit name that cannot load is an error with the reasons, never a silent
// fallback. The returned choice says what was picked and why; lab records it in every result.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { z } from 'zod';
import { registerWasmFixes } from './kernels/wasm-fixes.js';

export const BackendName = z.enum(['node-gpu', 'node', 'wasm', 'cpu']);
export type BackendName = z.infer<typeof BackendName>;
export const BackendRequest = z.enum(['auto', ...BackendName.options]);
export type BackendRequest = z.infer<typeof BackendRequest>;

export interface BackendAttempt {
  name: BackendName;
  error: string;
}

export interface BackendChoice {
  name: BackendName;
  /** One sentence: why this backend, including why the better ones were passed over. */
  reason: string;
  attempts: BackendAttempt[];
  /** wasm kernels that core-tensor replaced or added (empty on other backends). */
  kernelFixes: string[];
}

/** tfjs-node and tfjs-node-gpu both register the backend 'tensorflow'. */
const TFJS_NODE_BACKEND = 'tensorflow';
const AUTO_ORDER: readonly BackendName[] = ['node-gpu', 'node', 'wasm', 'cpu'];

/** Reads TFJS_BACKEND, failing with the bad value and the valid ones. */
export function backendRequestFromEnv(env: NodeJS.ProcessEnv = process.env): BackendRequest {
  const raw = env.TFJS_BACKEND ?? 'auto';
  const parsed = BackendRequest.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `TFJS_BACKEND=${JSON.stringify(raw)} is not valid; use one of: ${BackendRequest.options.join(', ')}`,
    );
  }
  return parsed.data;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = (text.split('\n')[0] ?? text).trim().replace(/\.+$/, '');
  // The binding is missing when the install step could not download libtensorflow.
  if (firstLine.includes('tfjs_binding.node') && firstLine.includes('can not be found')) {
    return "its native binding tfjs_binding.node is missing: libtensorflow was not downloaded at install time (on a CUDA machine with network, run 'pnpm rebuild @tensorflow/tfjs-node-gpu')";
  }
  return firstLine;
}

/** The libtensorflow binding's own flag; only the node backends have it. */
function isUsingGpu(): boolean {
  const backend: unknown = tf.backend();
  return (
    typeof backend === 'object' &&
    backend !== null &&
    'isUsingGpuDevice' in backend &&
    backend.isUsingGpuDevice === true
  );
}

/** Imports a tfjs-node flavour by a name TypeScript does not resolve, since it is optional. */
async function importOptional(moduleName: string): Promise<void> {
  await import(moduleName);
}

async function activate(name: BackendName): Promise<string[]> {
  switch (name) {
    case 'node-gpu': {
      await importOptional('@tensorflow/tfjs-node-gpu');
      await tf.setBackend(TFJS_NODE_BACKEND);
      await tf.ready();
      if (!isUsingGpu()) {
        throw new Error(
          'the tfjs-node-gpu binding loaded but reports no GPU device (is CUDA/cuDNN installed?)',
        );
      }
      return [];
    }
    case 'node': {
      // Either flavour's binding runs on CPU; prefer the CPU-only package when it is installed.
      const failures: string[] = [];
      for (const moduleName of ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) {
        try {
          await importOptional(moduleName);
          await tf.setBackend(TFJS_NODE_BACKEND);
          await tf.ready();
          return [];
        } catch (error) {
          failures.push(`${moduleName}: ${messageOf(error)}`);
        }
      }
      throw new Error(failures.join('; '));
    }
    case 'wasm': {
      const fixes = registerWasmFixes();
      if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") returned false');
      await tf.ready();
      return fixes;
    }
    case 'cpu': {
      if (!(await tf.setBackend('cpu'))) throw new Error('tf.setBackend("cpu") returned false');
      await tf.ready();
      return [];
    }
  }
}

function autoReason(chosen: BackendName, attempts: BackendAttempt[]): string {
  const passedOver = attempts.map((a) => `${a.name} unavailable (${a.error})`).join('; ');
  const why: Record<BackendName, string> = {
    'node-gpu': 'libtensorflow with a GPU device',
    node: 'libtensorflow on CPU, no GPU',
    wasm: 'the fastest backend that loads here (XNNPACK SIMD, one thread)',
    cpu: 'the pure-JS fallback, every faster backend failed',
  };
  return `auto chose ${chosen}: ${why[chosen]}` + (passedOver ? `; ${passedOver}` : '');
}

/**
 * Picks and activates the tfjs backend. `request` defaults to env TFJS_BACKEND, then 'auto'.
 * Throws when an explicitly named backend cannot load, with the reason.
 */
export async function initBackend(request: BackendRequest = backendRequestFromEnv()): Promise<BackendChoice> {
  // Library code does not print: PROD silences tfjs's console banners (e.g. "install tfjs-node").
  tf.env().set('PROD', true);
  const parsed = BackendRequest.safeParse(request);
  if (!parsed.success) {
    throw new Error(
      `backend ${JSON.stringify(request)} is not valid; use one of: ${BackendRequest.options.join(', ')}`,
    );
  }
  if (parsed.data !== 'auto') {
    const name = parsed.data;
    try {
      const kernelFixes = await activate(name);
      return {
        name,
        reason: `requested explicitly (TFJS_BACKEND or argument = ${name})`,
        attempts: [],
        kernelFixes,
      };
    } catch (error) {
      throw new Error(
        `backend '${name}' was requested but cannot load: ${messageOf(error)}. ` +
          `Use TFJS_BACKEND=auto to pick the best available one (${AUTO_ORDER.join(' > ')}).`,
      );
    }
  }
  const attempts: BackendAttempt[] = [];
  for (const name of AUTO_ORDER) {
    try {
      const kernelFixes = await activate(name);
      return { name, reason: autoReason(name, attempts), attempts, kernelFixes };
    } catch (error) {
      attempts.push({ name, error: messageOf(error) });
    }
  }
  throw new Error(`no tfjs backend could load: ${attempts.map((a) => `${a.name}: ${a.error}`).join('; ')}`);
}
