// A run's `git.dirty` says whether code differs from the commit: a changed tracked file anywhere
// counts, run output under results/ does not (pnpm repro rewrites the committed latest.json files).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { gitState } from '../src/provenance.js';

function committedRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'lab-git-state-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  git('init', '-q');
  mkdirSync(join(root, 'packages/study'), { recursive: true });
  mkdirSync(join(root, 'results/study/default'), { recursive: true });
  writeFileSync(join(root, 'packages/study/code.ts'), 'export const x = 1;\n');
  writeFileSync(join(root, 'results/study/default/latest.json'), '{"runId":"a"}\n');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'init');
  return root;
}

test('a changed results/ pointer leaves the tree clean; a changed code file makes it dirty', () => {
  const root = committedRepo();
  const pkg = join(root, 'packages/study');
  expect(gitState(pkg).dirty).toBe(false);
  writeFileSync(join(root, 'results/study/default/latest.json'), '{"runId":"b"}\n');
  expect(gitState(pkg).dirty).toBe(false);
  writeFileSync(join(pkg, 'code.ts'), 'export const x = 2;\n');
  expect(gitState(pkg).dirty).toBe(true);
  expect(gitState(root).dirty).toBe(true);
});
