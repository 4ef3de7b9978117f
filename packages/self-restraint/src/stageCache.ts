// A finished stage of a seed (or a lever trial) stored as JSON in its work folder, so a killed run
// reads it back instead of recomputing it (brief §12, D4). Writes are atomic.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from 'lab';

export async function cached<T>(dir: string, name: string, compute: () => Promise<T> | T): Promise<T> {
  const path = join(dir, `${name}.json`);
  if (existsSync(path)) return JSON.parse(await readFile(path, 'utf8')) as T;
  const value = await compute();
  await writeJsonAtomic(path, value);
  return value;
}
