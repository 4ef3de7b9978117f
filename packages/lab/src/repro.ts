// `pnpm repro`: runs the `default` preset of each study package (a workspace package with an
// `experiment` script) as a child process, one after another, and combines their claims into
// results/REPORT.md. A study runs through its own script (`pnpm --filter <study> run experiment`),
// exactly as a person would run it, so a crash or a stuck backend in one study cannot take the
// others down; each run still resumes from its checkpoint when repro is rerun.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { ClaimResult, claimsTable, verdictCounts } from './claims.js';
import type { Logger } from './logger.js';
import { toMarkdownTable } from './markdown-table.js';
import {
  type MachineResources,
  type MissingPrerequisite,
  resourceProblems,
  runPrerequisitesScript,
  StudyNeeds,
} from './prerequisites.js';
import { presetFolder, readLatestPointer, runFiles } from './run-folder.js';
import { readRunRecord } from './run-record.js';

export interface StudyPackage {
  name: string;
  dir: string;
  /** Memory and disk from its package.json `repro` field. */
  needs: StudyNeeds;
  /** True when it has a `prerequisites` script (anything beyond memory and disk, e.g. a browser). */
  hasPrerequisitesScript: boolean;
}

const PackageScripts = z.object({
  name: z.string(),
  scripts: z.record(z.string(), z.string()).optional(),
  repro: StudyNeeds.optional(),
});

/** Workspace packages under packages/ that have an `experiment` script, by name. */
export async function discoverStudies(workspaceRoot: string): Promise<StudyPackage[]> {
  const packagesDir = join(workspaceRoot, 'packages');
  if (!existsSync(packagesDir)) return [];
  const studies: StudyPackage[] = [];
  for (const entry of await readdir(packagesDir, { withFileTypes: true })) {
    const manifestPath = join(packagesDir, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = PackageScripts.safeParse(JSON.parse(await readFile(manifestPath, 'utf8')));
    if (manifest.success && manifest.data.scripts?.experiment !== undefined) {
      studies.push({
        name: manifest.data.name,
        dir: join(packagesDir, entry.name),
        needs: manifest.data.repro ?? {},
        hasPrerequisitesScript: manifest.data.scripts.prerequisites !== undefined,
      });
    }
  }
  return studies.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * What `study` lacks on this machine (empty when it can run): its declared memory and disk, then
 * its prerequisites script, which with `install` sets up what it can without asking.
 */
export async function missingPrerequisites(
  study: StudyPackage,
  options: {
    workspaceRoot: string;
    install: boolean;
    machine: MachineResources;
    forward: (text: string) => void;
  },
): Promise<MissingPrerequisite[]> {
  const missing = resourceProblems(study.needs, options.machine);
  if (study.hasPrerequisitesScript) {
    missing.push(
      ...(await runPrerequisitesScript(study.name, options.workspaceRoot, options.install, options.forward)),
    );
  }
  return missing;
}

export interface StudyOutcome {
  study: string;
  /** skipped: a prerequisite is missing, so it never started (see `missing` for each fix). */
  status: 'complete' | 'failed' | 'skipped';
  /** Why it failed, with the last lines the study printed. */
  failure?: string;
  /** What a skipped study lacks, each with its fix. */
  missing?: MissingPrerequisite[];
  runDir?: string;
  paperTitle?: string;
  claims: ClaimResult[];
  seconds: number;
}

export interface StudyRunOptions {
  workspaceRoot: string;
  resultsRoot: string;
  preset: string;
  /** Where the child's output goes (it is also kept, the last lines, for the report). */
  forward: (text: string) => void;
  log: Logger;
}

function runChild(command: string, args: string[], cwd: string, forward: (text: string) => void) {
  return new Promise<{ code: number | null; tail: string[]; error?: string }>((done) => {
    const tail: string[] = [];
    const keep = (line: string) => {
      forward(`${line}\n`);
      if (line.trim() === '') return;
      tail.push(line);
      if (tail.length > 30) tail.shift();
    };
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    createInterface({ input: child.stdout }).on('line', keep);
    createInterface({ input: child.stderr }).on('line', keep);
    child.on('error', (error) => done({ code: null, tail, error: `${command}: ${error.message}` }));
    child.on('close', (code) => done({ code, tail }));
  });
}

/** Runs one study's experiment script with `--preset <preset> --out <resultsRoot>`, then reads its run folder. */
export async function runStudy(study: StudyPackage, options: StudyRunOptions): Promise<StudyOutcome> {
  const startedAt = Date.now();
  const args = [
    '--filter',
    study.name,
    'run',
    'experiment',
    '--',
    '--preset',
    options.preset,
    '--out',
    options.resultsRoot,
  ];
  options.log.info(`${study.name}: pnpm ${args.join(' ')}`);
  const child = await runChild('pnpm', args, options.workspaceRoot, options.forward);
  const seconds = (Date.now() - startedAt) / 1000;

  const presetDir = presetFolder(options.resultsRoot, study.name, options.preset);
  const pointer = await readLatestPointer(presetDir).catch(() => undefined);
  const isFromThisRun = pointer !== undefined && Date.parse(pointer.updatedAt) >= startedAt - 1000;
  const runDir = isFromThisRun ? pointer.absoluteRunDir : undefined;
  const record =
    runDir === undefined ? undefined : await readRunRecord(runFiles(runDir).config).catch(() => undefined);
  const base = {
    study: study.name,
    seconds,
    ...(runDir === undefined ? {} : { runDir }),
    ...(record === undefined ? {} : { paperTitle: record.paper.title }),
  };
  const tail = child.tail.join('\n');
  if (child.code !== 0) {
    const why = child.error ?? `exit code ${child.code}`;
    return { ...base, status: 'failed', claims: [], failure: `${why}\n${tail}` };
  }
  if (runDir === undefined || pointer?.status !== 'complete' || !existsSync(runFiles(runDir).claims)) {
    const failure = `the script exited 0 but ${presetDir}/latest.json names no run completed now (is the experiment named '${study.name}', like its package?)`;
    return { ...base, status: 'failed', claims: [], failure };
  }
  const claims = z.array(ClaimResult).parse(JSON.parse(await readFile(runFiles(runDir).claims, 'utf8')));
  return { ...base, status: 'complete', claims };
}

export interface CombinedReportInput {
  resultsRoot: string;
  preset: string;
  generatedAt: string;
  known: readonly string[];
  present: readonly string[];
  outcomes: readonly StudyOutcome[];
}

/** results/REPORT.md: one row per study, then each study's claims table with a link to its run folder. */
export function renderCombinedReport(input: CombinedReportInput): string {
  const link = (runDir: string | undefined) => {
    if (runDir === undefined) return '';
    const path = relative(input.resultsRoot, runDir).split('\\').join('/');
    return `[${path}](${path}/report.md)`;
  };
  const missing = input.known.filter((name) => !input.present.includes(name));
  const parts = [
    '# Reproduction report',
    `Generated ${input.generatedAt} by \`pnpm repro\`, preset \`${input.preset}\`.`,
    `Study packages present: ${input.present.length === 0 ? 'none' : input.present.join(', ')}. ` +
      `Not present yet: ${missing.length === 0 ? 'none' : missing.join(', ')}.`,
  ];
  if (input.outcomes.length === 0) {
    parts.push('No study package is present yet, so nothing was run.');
    return `${parts.join('\n\n')}\n`;
  }
  const rows = input.outcomes.map((outcome) => ({
    study: outcome.study,
    status: outcome.status,
    claims: outcome.status === 'complete' ? verdictCounts(outcome.claims) : '',
    minutes: (outcome.seconds / 60).toFixed(1),
    'run folder': link(outcome.runDir),
  }));
  parts.push(toMarkdownTable(rows).trimEnd());
  for (const outcome of input.outcomes) {
    const title = `## ${outcome.study}${outcome.paperTitle === undefined ? '' : `: ${outcome.paperTitle}`}`;
    const folder = outcome.runDir === undefined ? '' : `Run folder: ${link(outcome.runDir)}.\n\n`;
    if (outcome.status === 'skipped') {
      const lines = (outcome.missing ?? []).map((m) => `- missing ${m.what}; fix: ${m.fix}`);
      parts.push(`${title}\n\n**Skipped**, never started: a prerequisite is missing.\n\n${lines.join('\n')}`);
    } else if (outcome.status === 'failed') {
      parts.push(`${title}\n\n**Failed.** ${folder}\n\n\`\`\`text\n${outcome.failure ?? ''}\n\`\`\``);
    } else {
      parts.push(
        `${title}\n\n${folder}${verdictCounts(outcome.claims)}.\n\n${claimsTable(outcome.claims).trimEnd()}`,
      );
    }
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * Minutes the study's last recorded run of `preset` took (its record's start to its latest.json
 * update), to give an ETA; undefined when there is none. A resumed run's time includes the pause.
 */
export async function lastRunMinutes(
  resultsRoot: string,
  study: string,
  preset: string,
): Promise<number | undefined> {
  const pointer = await readLatestPointer(presetFolder(resultsRoot, study, preset)).catch(() => undefined);
  if (pointer === undefined || pointer.status !== 'complete') return undefined;
  const record = await readRunRecord(runFiles(pointer.absoluteRunDir).config).catch(() => undefined);
  if (record === undefined) return undefined;
  const minutes = (Date.parse(pointer.updatedAt) - Date.parse(record.startedAt)) / 60_000;
  return Number.isFinite(minutes) && minutes > 0 ? minutes : undefined;
}
