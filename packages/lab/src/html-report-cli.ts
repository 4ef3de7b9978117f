// `pnpm report:html [--check]`: writes results/index.html, the one static page over every study's
// latest runs (html-report.ts), from what results/ holds; with --check, only says whether the
// committed page matches the runs (exit 1 when it does not, as `pnpm readme:table --check` does).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from './atomic-write.js';
import { expectedHtmlReport } from './html-report-inputs.js';
import { findWorkspaceRoot } from './workspace.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } }, strict: true });
  const resultsRoot = join(findWorkspaceRoot() ?? process.cwd(), 'results');
  const path = join(resultsRoot, 'index.html');
  const expected = await expectedHtmlReport(resultsRoot);
  const current = existsSync(path) ? await readFile(path, 'utf8') : undefined;
  if (current === expected) {
    process.stdout.write(`${path} matches the runs under results/\n`);
    return 0;
  }
  if (values.check) {
    const why = current === undefined ? 'is missing' : 'differs from what the runs under results/ say';
    process.stderr.write(`${path} ${why}; run \`pnpm report:html\` to regenerate it\n`);
    return 1;
  }
  await writeFileAtomic(path, expected);
  process.stdout.write(`${path} written (${(Buffer.byteLength(expected) / 1024).toFixed(1)} KiB)\n`);
  return 0;
}

process.exitCode = await main();
