// What results/index.html shows, read from results/: every study folder, each preset folder's
// latest.json (a complete run is shown in full, an unfinished one is listed) or, without one, the
// hand-kept files in it. Only the kinds of file a run commits are linked (report, JSON records,
// CSVs, plots, the trace viewer), never checkpoints, logs or traces, which stay local (.gitignore),
// so a page made in a working checkout has no link that a clone lacks.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ClaimResult } from './claims.js';
import {
  type NotesEntry,
  type PresetEntry,
  type RunEntry,
  renderHtmlReport,
  type StudyEntry,
} from './html-report.js';
import { lastRunMinutes } from './repro.js';
import { presetFolder, readLatestPointer, runFiles } from './run-folder.js';
import { readRunRecord } from './run-record.js';

/** Folders that hold local-only state (checkpoints, raw traces, offline predictions): never linked. */
const localOnlyFolders = new Set(['checkpoint', 'traces', 'offline', 'node_modules']);
/** Files that are local-only or transient: the run log, the lock of a running run, temp files. */
const localOnlyFiles = new Set(['run.log', 'lock.json']);

const imageExtensions = ['.svg', '.png'];
const notesExtensions = ['.md', '.json', '.txt', '.log', '.csv', '.svg', '.png', '.html'];

/** Files under `folder` (relative, '/'-separated, sorted), down to `depth` folder levels. */
export async function listFiles(folder: string, depth: number): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) {
      if (depth === 0 || localOnlyFolders.has(entry.name)) continue;
      const inner = await listFiles(join(folder, entry.name), depth - 1);
      found.push(...inner.map((file) => `${entry.name}/${file}`));
    } else if (entry.isFile() && !localOnlyFiles.has(entry.name)) {
      found.push(entry.name);
    }
  }
  // Code-unit order, not locale order: the page must come out the same on every machine.
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function hasExtension(file: string, extensions: readonly string[]): boolean {
  return extensions.some((extension) => file.toLowerCase().endsWith(extension));
}

async function readClaims(path: string): Promise<ClaimResult[]> {
  if (!existsSync(path)) throw new Error(`${path} is missing: a complete lab run always writes claims.json`);
  const parsed = z.array(ClaimResult).safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success)
    throw new Error(`${path} is not a list of claim results:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

async function readRunEntry(
  resultsRoot: string,
  study: string,
  preset: string,
  runId: string,
  runDirFromPreset: string,
): Promise<RunEntry> {
  const runDir = `${study}/${preset}/${runDirFromPreset.split('\\').join('/')}`;
  const absolute = join(resultsRoot, runDir);
  const files = runFiles(absolute);
  const record = await readRunRecord(files.config);
  // Plots at the top level or one folder down (plots/, frames/); CSVs likewise (units/).
  const all = await listFiles(absolute, 1);
  return {
    kind: 'run',
    preset,
    runId,
    runDir,
    paper: record.paper,
    startedAt: record.startedAt,
    backend: record.backend.name,
    gitCommit: record.git.commit,
    minutes: await lastRunMinutes(resultsRoot, study, preset),
    claims: await readClaims(files.claims),
    links: {
      report: 'report.md',
      config: 'config.json',
      summary: 'summary.json',
      claims: 'claims.json',
      invariants: all.includes('invariants.json') ? 'invariants.json' : undefined,
      viewer: all.includes('viewer/index.html') ? 'viewer/index.html' : undefined,
      csvs: all.filter((file) => hasExtension(file, ['.csv'])),
      images: all.filter((file) => hasExtension(file, imageExtensions) && !file.startsWith('viewer/')),
    },
  };
}

async function readNotesEntry(resultsRoot: string, study: string, preset: string): Promise<NotesEntry> {
  const folder = `${study}/${preset}`;
  const absolute = join(resultsRoot, folder);
  const files = (await listFiles(absolute, 2)).filter((file) => hasExtension(file, notesExtensions));
  const readme = files.includes('README.md') ? await readFile(join(absolute, 'README.md'), 'utf8') : '';
  const title = /^# (.+)$/m.exec(readme)?.[1]?.trim();
  // The README first: it says what the other files are.
  const ordered = [
    ...files.filter((file) => file === 'README.md'),
    ...files.filter((file) => file !== 'README.md'),
  ];
  return { kind: 'notes', preset, folder, title, files: ordered };
}

async function readPresetEntry(resultsRoot: string, study: string, preset: string): Promise<PresetEntry> {
  const pointer = await readLatestPointer(presetFolder(resultsRoot, study, preset));
  if (pointer === undefined) return readNotesEntry(resultsRoot, study, preset);
  if (pointer.status !== 'complete') {
    return { kind: 'pending', preset, runId: pointer.runId, status: pointer.status };
  }
  if (!existsSync(runFiles(pointer.absoluteRunDir).summary)) {
    throw new Error(
      `${join(study, preset, 'latest.json')} says run ${pointer.runId} is complete, but ${pointer.absoluteRunDir} has no summary.json`,
    );
  }
  return readRunEntry(resultsRoot, study, preset, pointer.runId, pointer.runDir);
}

async function subfolders(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every study under `resultsRoot` with every preset folder it holds, studies by name. */
export async function readReportStudies(resultsRoot: string): Promise<StudyEntry[]> {
  const studies: StudyEntry[] = [];
  for (const study of await subfolders(resultsRoot)) {
    const presets: PresetEntry[] = [];
    for (const preset of await subfolders(join(resultsRoot, study))) {
      presets.push(await readPresetEntry(resultsRoot, study, preset));
    }
    if (presets.length > 0) studies.push({ study, presets });
  }
  return studies;
}

/** results/index.html as the runs under `resultsRoot` say it should read. */
export async function expectedHtmlReport(resultsRoot: string): Promise<string> {
  return renderHtmlReport(await readReportStudies(resultsRoot));
}
