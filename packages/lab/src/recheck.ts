// Deciding a run's claims from what its folder holds: summary.json and the unit tables under
// units/. The run does exactly this when it finishes, so `recheck` (recheck-cli.ts) recomputes
// claims.json from a committed run folder without rerunning the study, and gets the same file.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ClaimResult, evaluateClaims, evaluateInvariants, type InvariantResult } from './claims.js';
import type { Experiment } from './experiment.js';
import { JsonValue } from './json-value.js';
import { canonicalJson } from './llm-cache.js';
import { runFiles } from './run-folder.js';
import { readRunRecord } from './run-record.js';
import { readUnitTables } from './units.js';
import { findWorkspaceRoot } from './workspace.js';

export interface Decided {
  claims: ClaimResult[];
  invariants: InvariantResult[];
}

// biome-ignore lint/suspicious/noExplicitAny: any study's experiment (its config and units types do not matter here)
type AnyExperiment<Summary> = Experiment<any, Summary, any>;

/** Decides every claim and invariant of `experiment` on the summary and the unit tables in `runDir`. */
export async function decideFromRunFolder<Summary>(
  experiment: AnyExperiment<Summary>,
  runDir: string,
  summary: Summary,
): Promise<Decided> {
  const units = await readUnitTables(runDir, experiment.units ?? {});
  return {
    claims: evaluateClaims(experiment.claims, summary, units),
    invariants: evaluateInvariants(experiment.invariants ?? [], summary, units),
  };
}

/** The study's experiment module, found from the run's config.json: packages/<study>/src/experiment.ts. */
async function loadStudyExperiment(study: string, runDir: string): Promise<AnyExperiment<unknown>> {
  const root = findWorkspaceRoot(runDir) ?? findWorkspaceRoot();
  if (root === undefined) throw new Error('recheck runs inside the workspace (no pnpm-workspace.yaml found)');
  const path = `${root}/packages/${study}/src/experiment.ts`;
  if (!existsSync(path)) throw new Error(`the run's study '${study}' has no ${path}`);
  const module: Record<string, unknown> = await import(pathToFileURL(path).href);
  const experiment = Object.values(module).find(
    (value): value is AnyExperiment<unknown> =>
      typeof value === 'object' &&
      value !== null &&
      'claims' in value &&
      (value as { name?: unknown }).name === study,
  );
  if (experiment === undefined) throw new Error(`${path} exports no experiment named '${study}'`);
  return experiment;
}

/**
 * What a recheck compares: everything but the rule's one-line reason, which follows from effect and
 * gates (and is absent from claims.json files written before lab's rule).
 */
function comparable(claim: ClaimResult | undefined): string {
  if (claim === undefined) return '';
  const { decision: _decision, ...rest } = claim;
  return canonicalJson(rest);
}

export interface RecheckResult extends Decided {
  /** Ids of claims whose recomputed result differs from the claims.json in the folder. */
  changed: string[];
  /** True when the folder had no claims.json to compare with. */
  hadNoClaims: boolean;
}

/**
 * Recomputes the claims of the finished run in `runDir` from its summary.json and unit tables,
 * with `experiment` or else the study's experiment module, and compares with its claims.json.
 */
export async function recheckRun(
  runDir: string,
  experiment?: AnyExperiment<unknown>,
): Promise<RecheckResult> {
  const files = runFiles(runDir);
  if (!existsSync(files.summary)) {
    throw new Error(`${runDir} holds no summary.json: only a finished run can be rechecked`);
  }
  const record = await readRunRecord(files.config);
  const study = experiment ?? (await loadStudyExperiment(record.study, runDir));
  const summaryJson = JsonValue.parse(JSON.parse(await readFile(files.summary, 'utf8')));
  const summary = study.summary === undefined ? summaryJson : study.summary.parse(summaryJson);
  const decided = await decideFromRunFolder(study, runDir, summary);
  if (!existsSync(files.claims))
    return { ...decided, changed: decided.claims.map((c) => c.id), hadNoClaims: true };
  const before = z.array(ClaimResult).parse(JSON.parse(await readFile(files.claims, 'utf8')));
  const changed = decided.claims
    .filter((claim, index) => comparable(claim) !== comparable(before[index]))
    .map((claim) => claim.id);
  if (before.length !== decided.claims.length)
    changed.push(`(${before.length} claims before, ${decided.claims.length} now)`);
  return { ...decided, changed, hadNoClaims: false };
}
