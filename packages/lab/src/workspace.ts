// Finding the workspace: the folder holding pnpm-workspace.yaml, found by walking up. results/
// lives there unless --out says otherwise.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The nearest folder at or above `from` holding a file named `marker`, or undefined. */
export function findUp(from: string, marker: string): string | undefined {
  let folder = resolve(from);
  for (;;) {
    if (existsSync(join(folder, marker))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** The workspace root above `from` (default: the current folder, then lab's own folder). */
export function findWorkspaceRoot(from?: string): string | undefined {
  if (from !== undefined) return findUp(from, 'pnpm-workspace.yaml');
  return (
    findUp(process.cwd(), 'pnpm-workspace.yaml') ??
    findUp(fileURLToPath(new URL('.', import.meta.url)), 'pnpm-workspace.yaml')
  );
}

/** `<workspace root>/results`, or `./results` outside a workspace. */
export function defaultResultsRoot(): string {
  return join(findWorkspaceRoot() ?? process.cwd(), 'results');
}

/**
 * The workspace lab's own code lives in: the checkout whose modules a queue worker runs and
 * whose commit a queue job names, whatever the current folder.
 */
export function labWorkspaceRoot(): string {
  const root = findUp(fileURLToPath(new URL('.', import.meta.url)), 'pnpm-workspace.yaml');
  if (root === undefined) throw new Error(`no pnpm-workspace.yaml above ${fileURLToPath(import.meta.url)}`);
  return root;
}
