// Paths that mean the same folder on every machine. A job's args and result may name files: the
// run folder's checkpoints and parameters (in the store, a shared folder mounted wherever each
// machine mounts it) or the study's own data (in the checkout, wherever it was cloned). On the
// queue such a path travels relative to its root, as `lab-store:<path>` or `lab-workspace:<path>`,
// and each side reads it against its own roots. Other absolute paths travel unchanged, so they must
// exist at that path on every worker.
import { realpathSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';
import type { JsonValue } from './json-value.js';

export interface PortableRoots {
  /** The checkout's root folder (holding pnpm-workspace.yaml). */
  workspace: string;
  /** The shared store as this machine sees it. */
  store: string;
}

const schemes = { store: 'lab-store:', workspace: 'lab-workspace:' } as const;

/** A root under each of its spellings: as given, and with symlinks resolved. */
function rootSpellings(root: string): string[] {
  const given = root.replace(/[/\\]+$/, '');
  const forms = new Set([given]);
  try {
    forms.add(realpathSync(given));
  } catch {
    // A root that does not exist yet has only the spelling it was given.
  }
  return [...forms];
}

/** `path` relative to `prefix` with '/' separators ('' for the prefix itself), or undefined when outside it. */
function relativeTo(path: string, prefix: string): string | undefined {
  if (path === prefix) return '';
  return path.startsWith(prefix + sep)
    ? path
        .slice(prefix.length + 1)
        .split(sep)
        .join('/')
    : undefined;
}

function mapStrings(value: JsonValue, map: (text: string) => string): JsonValue {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, map)]));
  return value;
}

/** `value` with each absolute path inside a root written relative to it (`lab-store:results/…`). */
export function toPortable(value: JsonValue, roots: PortableRoots): JsonValue {
  const prefixes = (['store', 'workspace'] as const)
    .flatMap((name) => rootSpellings(roots[name]).map((prefix) => ({ scheme: schemes[name], prefix })))
    // The store may lie inside the checkout (or the other way round): the longer root wins.
    .sort((a, b) => b.prefix.length - a.prefix.length);
  return mapStrings(value, (text) => {
    if (!isAbsolute(text)) return text;
    for (const { scheme, prefix } of prefixes) {
      const relative = relativeTo(text, prefix);
      if (relative !== undefined) return scheme + relative;
    }
    return text;
  });
}

/** The inverse of toPortable against this machine's roots. */
export function fromPortable(value: JsonValue, roots: PortableRoots): JsonValue {
  return mapStrings(value, (text) => {
    for (const name of ['store', 'workspace'] as const) {
      if (text.startsWith(schemes[name])) {
        const relative = text.slice(schemes[name].length);
        return relative === '' ? roots[name] : join(roots[name], ...relative.split('/'));
      }
    }
    return text;
  });
}

/** A path inside the checkout, relative to its root with '/' separators, or undefined when outside it. */
export function workspaceRelative(path: string, workspace: string): string | undefined {
  for (const prefix of rootSpellings(workspace)) {
    const relative = relativeTo(path, prefix);
    if (relative !== undefined && relative !== '') return relative;
  }
  return undefined;
}
