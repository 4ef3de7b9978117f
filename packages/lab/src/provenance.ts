// Where a run came from: git commit, package versions, tfjs version, Node and platform. Recorded in
// config.json so a result can be traced to the code and machine that produced it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, availableParallelism, cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tf } from 'core-tensor';
import { z } from 'zod';
import { findUp } from './workspace.js';

export const Provenance = z.object({
  git: z.object({ commit: z.string(), dirty: z.boolean().nullable() }),
  versions: z.record(z.string(), z.string()),
  node: z.string(),
  platform: z.string(),
  cpu: z.string(),
  cores: z.number().int(),
});
export type Provenance = z.infer<typeof Provenance>;

const PackageJson = z.object({ name: z.string(), version: z.string() });

/** Name and version of the package holding `path` (a file or folder), or undefined. */
export function packageOf(path: string): { name: string; version: string } | undefined {
  const folder = findUp(path, 'package.json');
  if (folder === undefined) return undefined;
  try {
    return PackageJson.parse(JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')));
  } catch {
    return undefined;
  }
}

function gitOutput(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The commit checked out at `cwd` ('unknown' outside git) and whether tracked files differ from it.
 * The workspace's results/ folder is left out: it holds run output, not code, and `pnpm repro`
 * rewrites its committed latest.json pointers, which would mark every study after the first dirty.
 */
export function gitState(cwd: string): { commit: string; dirty: boolean | null } {
  const commit = gitOutput(['rev-parse', 'HEAD'], cwd);
  if (commit === undefined) return { commit: 'unknown', dirty: null };
  const codeOnly = ['--', ':(top)', ':(top,exclude)results'];
  const status = gitOutput(['status', '--porcelain', '--untracked-files=no', ...codeOnly], cwd);
  return { commit, dirty: status === undefined ? null : status !== '' };
}

/** Provenance of a run of the study whose experiment module is at `source` (its import.meta.url). */
export function collectProvenance(study: { name: string; source?: string }, cwd: string): Provenance {
  const require = createRequire(import.meta.url);
  const lab = packageOf(fileURLToPath(import.meta.url));
  let coreTensor: { version: string } | undefined;
  try {
    coreTensor = packageOf(require.resolve('core-tensor'));
  } catch {
    coreTensor = undefined;
  }
  const studyPackage = study.source === undefined ? undefined : packageOf(fileURLToPath(study.source));
  const processor = cpus()[0]?.model ?? 'unknown';
  return {
    git: gitState(cwd),
    versions: {
      lab: lab?.version ?? 'unknown',
      'core-tensor': coreTensor?.version ?? 'unknown',
      [study.name]: studyPackage?.version ?? 'unknown',
      tfjs: tf.version_core,
    },
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    cpu: processor,
    cores: availableParallelism(),
  };
}
