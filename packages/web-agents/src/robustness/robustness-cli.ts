// `pnpm --filter web-agents robustness [run-dir ...] [--out FILE]`: writes the three-student table
// (robustness.ts). Without run folders it reads the latest run of each student's preset: `default`
// (attention), `students-detectors` and `students-plain`.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultResultsRoot, InputError, isMainModule, readLatestPointer, writeFileAtomic } from 'lab';
import { readStudentRun, robustnessMarkdown } from './robustness.js';

export const studentPresets = ['students-detectors', 'students-plain', 'default'] as const;

const usage =
  'Usage: pnpm --filter web-agents robustness [run-dir ...] [--out FILE]\n' +
  '  run-dir   finished web-agents run folders, one per student (default: the latest run of the presets ' +
  `${studentPresets.join(', ')})\n` +
  '  --out     where to write the table (default: <results>/web-agents/robustness.md)\n';

/** The latest finished run of each student preset; names the presets that have none. */
async function latestStudentRuns(resultsRoot: string): Promise<string[]> {
  const runs: string[] = [];
  const missing: string[] = [];
  for (const preset of studentPresets) {
    const pointer = await readLatestPointer(join(resultsRoot, 'web-agents', preset));
    if (pointer?.status === 'complete') runs.push(pointer.absoluteRunDir);
    else missing.push(preset);
  }
  if (missing.length > 0)
    throw new InputError([
      {
        key: 'run folders',
        message: `no finished run of ${missing.join(', ')} under ${join(resultsRoot, 'web-agents')}; run \`pnpm run experiment --preset <name>\` for each, or name the run folders`,
      },
    ]);
  return runs;
}

/** Run folders and --out from argv; an unknown flag is an InputError naming the valid ones. */
function parseRobustnessArgs(argv: readonly string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: argv.filter((arg) => arg !== '--'), // pnpm forwards the '--' of `pnpm robustness -- …`
      options: { out: { type: 'string' }, help: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
    return { runDirs: positionals, out: values.out, help: values.help === true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError([{ key: 'arguments', message: `${message}; valid flags: --out FILE, --help` }]);
  }
}

export async function robustnessCli(
  argv: readonly string[],
  resultsRoot = defaultResultsRoot(),
): Promise<number> {
  try {
    const { runDirs, out, help } = parseRobustnessArgs(argv);
    if (help) {
      process.stdout.write(usage);
      return 0;
    }
    // Relative paths are taken from the folder the user ran pnpm in (pnpm's INIT_CWD), as in recheck.
    const cwd = process.env.INIT_CWD ?? process.cwd();
    const dirs =
      runDirs.length > 0 ? runDirs.map((dir) => resolve(cwd, dir)) : await latestStudentRuns(resultsRoot);
    const runs = await Promise.all(dirs.map(readStudentRun));
    const file = out !== undefined ? resolve(cwd, out) : join(resultsRoot, 'web-agents', 'robustness.md');
    await writeFileAtomic(file, robustnessMarkdown(runs));
    process.stdout.write(`${runs.length} students → ${file}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
}

if (isMainModule(import.meta.url)) process.exitCode = await robustnessCli(process.argv.slice(2));
