// The root README's studies table against the committed runs (issue 19, "no drift"): the
// generated cells replace only a study row's last two columns, and the workspace's own README
// matches its committed `default` runs (run `pnpm readme:table` after committing a run).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { expectedReadme, withStudyCells } from '../src/readme-table.js';
import { findWorkspaceRoot } from '../src/workspace.js';

describe('README studies table', () => {
  test('replaces the time and claims cells of a study row and leaves every other line alone', () => {
    const readme = [
      '| study | paper | `default` here | latest claims |',
      '| --- | --- | --- | --- |',
      '| [`demo`](packages/demo) | A paper, with | pipes | 9.9 min | old counts ([report](old)) |',
      '| [`other`](packages/other) | Another | 1.0 min | untouched |',
      'A line about [`demo`](packages/demo).',
    ].join('\n');
    const cells = new Map([
      ['demo', { time: '2.5 min', claims: "1 reproduced, by lab's rule ([report](new))" }],
    ]);
    const lines = withStudyCells(readme, cells).split('\n');
    expect(lines[2]).toBe(
      "| [`demo`](packages/demo) | A paper, with | pipes | 2.5 min | 1 reproduced, by lab's rule ([report](new)) |",
    );
    expect(lines.slice(3)).toEqual(readme.split('\n').slice(3));
  });

  test("the workspace README's table matches the committed default runs", async () => {
    const root = findWorkspaceRoot();
    if (root === undefined) throw new Error('no workspace root above the lab package');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(await expectedReadme(root, readme), 'run `pnpm readme:table` to regenerate it').toBe(readme);
  });
});
