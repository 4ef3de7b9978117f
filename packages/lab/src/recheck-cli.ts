// `pnpm --filter lab run recheck -- <run folder> [--dry-run]`: recomputes a finished run's
// claims.json (and invariants.json) from its summary.json and unit tables, with the study's current
// claim code, without rerunning the study. Exit 0 when the recomputed claims equal the file's,
// 1 when some differ (the file is rewritten unless --dry-run), 2 for bad input.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeJsonAtomic } from './atomic-write.js';
import { claimsTable, verdictCounts } from './claims.js';
import { recheckRun } from './recheck.js';
import { runFiles } from './run-folder.js';

const usage = `Usage: pnpm --filter lab run recheck -- <run folder> [--dry-run]

Recomputes claims.json from the run folder's summary.json and units/*.csv with the study's claim
code, and says whether it equals the claims.json already there. --dry-run leaves the files alone.
`;

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv.filter((arg) => arg !== '--'));
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const [folder] = parsed.positionals;
  if (folder === undefined || parsed.positionals.length > 1) {
    process.stderr.write(`error: name exactly one run folder (got ${parsed.positionals.length})\n\n${usage}`);
    return 2;
  }
  const runDir = resolve(process.env.INIT_CWD ?? process.cwd(), folder);
  let result: Awaited<ReturnType<typeof recheckRun>>;
  try {
    result = await recheckRun(runDir);
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  process.stdout.write(`${verdictCounts(result.claims)}.\n\n${claimsTable(result.claims)}\n`);
  if (result.changed.length === 0) {
    process.stdout.write(`claims.json: identical (${result.claims.length} claims)\n`);
    return 0;
  }
  process.stdout.write(
    `claims.json: ${result.hadNoClaims ? 'absent' : `differs in ${result.changed.join(', ')}`}${parsed.values['dry-run'] ? ' (not written: --dry-run)' : '; rewritten'}\n`,
  );
  if (!parsed.values['dry-run']) {
    const files = runFiles(runDir);
    await writeJsonAtomic(files.claims, result.claims);
    if (result.invariants.length > 0) await writeJsonAtomic(files.invariants, result.invariants);
  }
  return 1;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
}

process.exitCode = await main(process.argv.slice(2));
