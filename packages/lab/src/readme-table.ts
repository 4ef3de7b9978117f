// The root README's studies table, kept true to the committed runs (issue 19, "no drift"): each
// study's row names its latest `default` run's wall time, verdict counts and report link, read
// from results/<study>/default/. The first two columns (the study and its paper) are prose and
// stay as written; the script rewrites the last two, and `--check` fails when they differ.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { ClaimResult, verdictCounts } from './claims.js';
import { lastRunMinutes } from './repro.js';
import { presetFolder, readLatestPointer, runFiles } from './run-folder.js';

export interface StudyRunCells {
  /** e.g. '4.2 min' */
  time: string;
  /** e.g. "8 reproduced, 1 not reproduced, 2 inconclusive, by lab's rule ([report](results/…/report.md))" */
  claims: string;
}

/** The two generated cells of `study`'s row, or undefined when it has no complete `default` run. */
export async function studyRunCells(
  workspaceRoot: string,
  study: string,
): Promise<StudyRunCells | undefined> {
  const resultsRoot = join(workspaceRoot, 'results');
  const pointer = await readLatestPointer(presetFolder(resultsRoot, study, 'default')).catch(() => undefined);
  if (pointer === undefined || pointer.status !== 'complete') return undefined;
  const claimsPath = runFiles(pointer.absoluteRunDir).claims;
  if (!existsSync(claimsPath)) return undefined;
  const claims = z.array(ClaimResult).parse(JSON.parse(await readFile(claimsPath, 'utf8')));
  const minutes = await lastRunMinutes(resultsRoot, study, 'default');
  // Claims decided before lab's rule read back as rule 'study' (the schema's default).
  const byStudy = claims.filter((claim) => claim.rule === 'study').length;
  const rule =
    byStudy === 0
      ? "by lab's rule"
      : byStudy === claims.length
        ? "study's own rule"
        : `by lab's rule, ${byStudy} by the study's own`;
  const report = relative(workspaceRoot, join(pointer.absoluteRunDir, 'report.md')).split('\\').join('/');
  return {
    time: minutes === undefined ? '?' : `${minutes.toFixed(1)} min`,
    claims: `${verdictCounts(claims)}, ${rule} ([report](${report}))`,
  };
}

/** `readme` with the last two cells of each study row ("| [`<study>`](…) | …") replaced. */
export function withStudyCells(readme: string, cells: ReadonlyMap<string, StudyRunCells>): string {
  return readme
    .split('\n')
    .map((line) => {
      const study = /^\| \[`([^`]+)`\]\(packages\//.exec(line)?.[1];
      const row = study === undefined ? undefined : cells.get(study);
      if (row === undefined) return line;
      const parts = line.split(' | ');
      if (parts.length < 4) return line;
      return [...parts.slice(0, parts.length - 2), row.time, `${row.claims} |`].join(' | ');
    })
    .join('\n');
}

/** The README as the committed runs say it should read. */
export async function expectedReadme(workspaceRoot: string, readme: string): Promise<string> {
  const studies = [...readme.matchAll(/^\| \[`([^`]+)`\]\(packages\//gm)].map((match) => match[1]!);
  const cells = new Map<string, StudyRunCells>();
  for (const study of studies) {
    const row = await studyRunCells(workspaceRoot, study);
    if (row !== undefined) cells.set(study, row);
  }
  return withStudyCells(readme, cells);
}
