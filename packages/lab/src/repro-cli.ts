// `pnpm repro [study...]`: runs the default preset of the named studies (all present ones when
// none is named) and writes results/REPORT.md. Exit code 0 when every study ran (whatever its
// claims' verdicts), 1 when one failed (the others still run), 2 for an unknown study name.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from './atomic-write.js';
import { createLogger, textSink } from './logger.js';
import { machineResources } from './prerequisites.js';
import {
  discoverStudies,
  lastRunMinutes,
  missingPrerequisites,
  renderCombinedReport,
  runStudy,
  type StudyOutcome,
  type StudyPackage,
} from './repro.js';
import { findWorkspaceRoot } from './workspace.js';

/** The studies of this workspace (DESIGN.md); lab itself knows nothing else about them. */
const knownStudies = ['causal-expert', 'mbo-diffusion', 'self-restraint', 'web-agents', 'urlb-dyna-mpc'];

const usage = `Usage: pnpm repro [study...] [--preset NAME] [--out DIR] [--no-setup]

Checks every chosen study's prerequisites first (memory, disk, and its own prerequisites script,
which sets up what it can, such as a browser, unless --no-setup), then runs the preset (default:
default; smoke is a few-minute tour) of each study that can run and writes DIR/REPORT.md (default
DIR: <workspace>/results). A study with a missing prerequisite is skipped with its fix; the others
still run. Known studies: ${knownStudies.join(', ')}.
`;

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((arg) => arg !== '--');
  let parsed: ReturnType<typeof parseRepro>;
  try {
    parsed = parseRepro(args);
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const log = createLogger([textSink((text) => process.stderr.write(text))]);
  const workspaceRoot = findWorkspaceRoot() ?? process.cwd();
  const resultsRoot = resolve(parsed.values.out ?? join(workspaceRoot, 'results'));
  const studies = await discoverStudies(workspaceRoot);
  const present = studies.map((study) => study.name);
  const missing = knownStudies.filter((name) => !present.includes(name));
  const extra = present.filter((name) => !knownStudies.includes(name));
  process.stdout.write(
    `Studies present: ${present.length === 0 ? 'none' : present.join(', ')}\n` +
      `Not present yet: ${missing.length === 0 ? 'none' : missing.join(', ')}\n` +
      (extra.length === 0 ? '' : `Other study packages: ${extra.join(', ')}\n`),
  );

  const unknown = parsed.positionals.filter((name) => !present.includes(name));
  if (unknown.length > 0) {
    const reasons = unknown.map((name) =>
      knownStudies.includes(name)
        ? `'${name}' is a known study but its package is not present yet`
        : `'${name}' is not a study`,
    );
    process.stderr.write(
      `error: ${reasons.join('; ')}. Valid studies: ${present.length === 0 ? 'none yet' : present.join(', ')}\n`,
    );
    return 2;
  }

  const chosen =
    parsed.positionals.length === 0
      ? studies
      : studies.filter((study) => parsed.positionals.includes(study.name));
  const preset = parsed.values.preset ?? 'default';
  const forward = (text: string) => process.stderr.write(text);
  const skipped = await checkPrerequisites(chosen, workspaceRoot, !parsed.values['no-setup']);
  const outcomes: StudyOutcome[] = [];
  for (const [index, study] of chosen.entries()) {
    const skip = skipped.get(study.name);
    if (skip !== undefined) {
      outcomes.push(skip);
      continue;
    }
    const eta = await lastRunMinutes(resultsRoot, study.name, preset);
    log.info(
      `[${index + 1}/${chosen.length}] ${study.name} (${preset})` +
        (eta === undefined ? '' : `: its last run took ${eta.toFixed(1)} min, ETA ${clockIn(eta)}`),
    );
    const outcome = await runStudy(study, { workspaceRoot, resultsRoot, preset, forward, log });
    log.info(
      `[${index + 1}/${chosen.length}] ${study.name}: ${outcome.status} in ${(outcome.seconds / 60).toFixed(1)} min`,
    );
    outcomes.push(outcome);
  }
  const reportPath = join(resultsRoot, 'REPORT.md');
  const report = renderCombinedReport({
    resultsRoot,
    preset,
    generatedAt: new Date().toISOString(),
    known: knownStudies,
    present,
    outcomes,
  });
  await writeFileAtomic(reportPath, report);
  process.stdout.write(`\n${report}\nreport: ${reportPath}\n`);
  return outcomes.some((outcome) => outcome.status !== 'complete') ? 1 : 0;
}

/** Every study's prerequisites, checked (and set up) before any study starts; the skipped ones by name. */
async function checkPrerequisites(
  studies: StudyPackage[],
  workspaceRoot: string,
  install: boolean,
): Promise<Map<string, StudyOutcome>> {
  const machine = await machineResources(workspaceRoot);
  const skipped = new Map<string, StudyOutcome>();
  for (const study of studies) {
    const forward = (text: string) => process.stderr.write(text);
    const missing = await missingPrerequisites(study, { workspaceRoot, install, machine, forward });
    if (missing.length === 0) continue;
    for (const m of missing)
      process.stderr.write(`${study.name}: SKIPPED, missing ${m.what}\n  fix: ${m.fix}\n`);
    skipped.set(study.name, { study: study.name, status: 'skipped', missing, claims: [], seconds: 0 });
  }
  return skipped;
}

/** The wall-clock time `minutes` from now, as HH:MM. */
function clockIn(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toTimeString().slice(0, 5);
}

function parseRepro(args: string[]) {
  return parseArgs({
    args,
    options: {
      out: { type: 'string' },
      preset: { type: 'string' },
      'no-setup': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}

process.exitCode = await main(process.argv.slice(2));
