// `pnpm readme:table [--check]`: rewrites the root README's studies table from the committed
// `default` runs (wall time, verdict counts, report link); with --check, only says whether it is
// up to date (exit 1 and the differing rows when not).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from './atomic-write.js';
import { expectedReadme } from './readme-table.js';
import { findWorkspaceRoot } from './workspace.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } }, strict: true });
  const root = findWorkspaceRoot() ?? process.cwd();
  const path = join(root, 'README.md');
  const readme = await readFile(path, 'utf8');
  const expected = await expectedReadme(root, readme);
  if (expected === readme) {
    process.stdout.write('README studies table matches the committed runs\n');
    return 0;
  }
  if (values.check) {
    const now = readme.split('\n');
    const stale = expected.split('\n').filter((line, i) => line !== now[i]);
    process.stderr.write(
      `README studies table differs from the committed runs; it should read:\n${stale.join('\n')}\n`,
    );
    return 1;
  }
  await writeFileAtomic(path, expected);
  process.stdout.write('README studies table rewritten from the committed runs\n');
  return 0;
}

process.exitCode = await main();
