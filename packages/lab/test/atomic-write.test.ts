// Atomic writes: a reader sees the old file or the new one, never part of one, and no temp file
// is left behind, even when the write fails.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from '../src/index.js';
import { runFilePath } from '../src/run-context.js';
import { makeTempDir } from './helpers.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir('atomic');
});
afterEach(() => temp.remove());

describe('writeFileAtomic', () => {
  test('writes the content, creates missing folders, leaves no temp file', async () => {
    const path = join(temp.dir, 'a', 'b', 'file.txt');
    await writeFileAtomic(path, 'hello');
    await writeFileAtomic(path, 'hello again');
    expect(readFileSync(path, 'utf8')).toBe('hello again');
    expect(readdirSync(join(temp.dir, 'a', 'b'))).toEqual(['file.txt']);
  });

  test('concurrent readers only ever see a whole file', async () => {
    // Each version is 2 MB of one letter: a partial write would show up as a short or mixed read.
    const path = join(temp.dir, 'big.txt');
    const versions = 'abcdefghij'.split('').map((letter) => letter.repeat(2 * 1024 * 1024));
    await writeFileAtomic(path, versions[0]!);
    let reading = true;
    const torn: string[] = [];
    const reader = (async () => {
      while (reading) {
        const text = await readFile(path, 'utf8');
        if (text.length !== versions[0]!.length || text !== text[0]!.repeat(text.length))
          torn.push(text.slice(0, 20));
      }
    })();
    await Promise.all(versions.map((version) => writeFileAtomic(path, version)));
    reading = false;
    await reader;
    expect(torn).toEqual([]);
    expect(readdirSync(temp.dir)).toEqual(['big.txt']);
  });

  test('a failed write keeps the old file and removes its temp file', async () => {
    // The target is a non-empty folder, so the final rename fails.
    const target = join(temp.dir, 'target');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'old');
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('old');
    expect(readdirSync(temp.dir)).toEqual(['target']);
  });

  test('writeJsonAtomic writes pretty JSON with a final newline', async () => {
    const path = join(temp.dir, 'x.json');
    await writeJsonAtomic(path, { a: [1, 2] });
    expect(readFileSync(path, 'utf8')).toBe('{\n  "a": [\n    1,\n    2\n  ]\n}\n');
  });
});

describe('run folder file names', () => {
  test('stay inside the run folder and do not take the names lab writes', () => {
    expect(runFilePath('/runs/r1', 'plots/loss.svg')).toBe('/runs/r1/plots/loss.svg');
    expect(() => runFilePath('/runs/r1', '../other.json')).toThrow(
      'must be a relative path inside the run folder',
    );
    expect(() => runFilePath('/runs/r1', '/etc/passwd')).toThrow(
      'must be a relative path inside the run folder',
    );
    expect(() => runFilePath('/runs/r1', 'summary.json')).toThrow('is one lab writes itself');
    expect(() => runFilePath('/runs/r1', 'checkpoint/x.json')).toThrow('is one lab writes itself');
    expect(existsSync('/runs/r1')).toBe(false);
  });
});
