// Issue 17 point 2: the claims of three students side by side (the hand-made answer detectors,
// generic numeric features without them, and those plus self-attention over elements), each from a
// run folder made at the same sizes. A verdict that holds for all three does not hang on one
// student's features. The runs must differ only in `student.variant`: anything else would make
// the comparison about something other than the student, so it is an error.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClaimResult, readRunRecord, readUnitTables, type TableRow, toMarkdownTable } from 'lab';
import { z } from 'zod';
import { trainTasks, WebAgentsConfig } from '../config.js';
import { StudentVariant } from '../student/variant.js';
import { type StudyUnits, unitSchemas } from '../units.js';

/** Criterion 11 of brief §11, frozen bars: the `oracle` student on train tasks at evaluation seeds. */
export const criterion11 = { offlineExact: 0.9, onlineSr: 0.7 } as const;

export interface StudentRun {
  runDir: string;
  variant: StudentVariant;
  preset: string;
  commit: string;
  /** The resolved config (keys added since the run at their defaults), flattened, without `student.variant`. */
  settings: Map<string, string>;
  claims: ClaimResult[];
  oracle: { offlineExact: number; onlineSr: number };
}

/** Exact match of the final `oracle` student on the oracle's held-out traces and its online SR, on train tasks (criterion 11). */
export function oracleStudentScores(units: StudyUnits, train: readonly string[], evalMode: string) {
  const isTrain = new Set(train);
  const offline = units.offline.filter(
    (u) => u.config === 'oracle' && u.ckpt === 'final' && u.traces === 'oracle' && isTrain.has(u.task),
  );
  const episodes = units.episodes.filter(
    (u) => u.config === 'oracle' && u.ckpt === 'final' && u.evalMode === evalMode && isTrain.has(u.task),
  );
  const steps = offline.reduce((sum, u) => sum + u.steps, 0);
  return {
    offlineExact: steps === 0 ? Number.NaN : offline.reduce((sum, u) => sum + u.exact, 0) / steps,
    onlineSr:
      episodes.length === 0 ? Number.NaN : episodes.reduce((sum, u) => sum + u.success, 0) / episodes.length,
  };
}

/** `{ a: { b: 1 } }` → `a.b` → `1`, values as JSON. */
function flatten(value: object, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  for (const [key, inner] of Object.entries(value)) {
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner))
      for (const [k, v] of flatten(inner, `${prefix}${key}.`)) flat.set(k, v);
    else flat.set(`${prefix}${key}`, JSON.stringify(inner));
  }
  return flat;
}

/** Config keys whose values differ between two runs. */
function differingKeys(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((key) => a.get(key) !== b.get(key));
}

/** Reads what the table needs from one finished run folder. */
export async function readStudentRun(runDir: string): Promise<StudentRun> {
  const record = await readRunRecord(join(runDir, 'config.json'));
  if (record.study !== 'web-agents')
    throw new Error(`${runDir} is a run of '${record.study}', not web-agents`);
  // Parsed, so a run made before a key existed (observation, llm) compares at that key's default.
  const config = WebAgentsConfig.parse(record.config);
  const { student, ...rest } = config;
  const claims = z.array(ClaimResult).parse(JSON.parse(await readFile(join(runDir, 'claims.json'), 'utf8')));
  const units = await readUnitTables(runDir, unitSchemas);
  return {
    runDir,
    variant: config.student.variant,
    preset: record.preset,
    commit: record.git.commit?.slice(0, 7) ?? 'unknown',
    settings: flatten(rest),
    claims,
    oracle: oracleStudentScores(units, trainTasks(config), config.eval.mode),
  };
}

/** Throws unless the runs hold each student once and share every config value but the student. */
export function checkComparable(runs: readonly StudentRun[]): void {
  const variants = runs.map((r) => r.variant);
  if (new Set(variants).size !== runs.length)
    throw new Error(`each student once, please; the runs hold: ${variants.join(', ')}`);
  const [first, ...others] = runs;
  for (const other of others) {
    const keys = first === undefined ? [] : differingKeys(first.settings, other.settings);
    if (keys.length > 0)
      throw new Error(
        `${other.runDir} and ${first?.runDir} differ in more than student.variant (${keys.join(', ')}); the robustness table compares students at equal settings (run the students-* presets)`,
      );
  }
}

function percent(value: number): string {
  return Number.isFinite(value) ? `${(100 * value).toFixed(1)} %` : 'n/a';
}

function verdictCell(claim: ClaimResult | undefined): string {
  if (claim === undefined) return 'not in run';
  const effect = claim.effect;
  if (effect === null || effect.estimate === null) return claim.verdict;
  const [lo, hi] = effect.ci;
  const interval = lo === null || hi === null ? '' : ` [${lo.toFixed(3)}, ${hi.toFixed(3)}]`;
  const failed = claim.gates.filter((g) => !g.passed).map((g) => g.name);
  const gates = failed.length === 0 ? '' : ` (gate failed: ${failed.join(', ')})`;
  return `${claim.verdict}: ${effect.estimate.toFixed(3)}${interval}${gates}`;
}

/** One row per claim: each student's verdict with effect [CI], and whether all agree. */
export function robustnessRows(runs: readonly StudentRun[]): TableRow[] {
  const ids = [...new Set(runs.flatMap((r) => r.claims.map((c) => c.id)))];
  return ids.map((id) => {
    const claims = runs.map((r) => r.claims.find((c) => c.id === id));
    const verdicts = new Set(claims.map((c) => c?.verdict ?? 'missing'));
    const [only] = verdicts;
    const delta = claims.find((c) => c?.effect)?.effect?.smallest;
    const row: TableRow = { claim: id, δ: delta ?? '' };
    runs.forEach((run, i) => {
      row[run.variant] = verdictCell(claims[i]);
    });
    row['same in all'] = verdicts.size === 1 ? `yes: ${only}` : 'no';
    return row;
  });
}

/** Criterion 11 per student: the bars `default`'s student must meet. */
export function criterion11Rows(runs: readonly StudentRun[]): TableRow[] {
  const bar = (value: number, min: number) => `${percent(value)} ${value >= min ? '✓' : '✗'}`;
  return runs.map((run) => ({
    student: run.variant,
    run: `${run.preset}/${run.runDir.split(/[\\/]/).pop()} (${run.commit})`,
    [`oracle exact match (≥ ${percent(criterion11.offlineExact)})`]: bar(
      run.oracle.offlineExact,
      criterion11.offlineExact,
    ),
    [`oracle online SR (≥ ${percent(criterion11.onlineSr)})`]: bar(run.oracle.onlineSr, criterion11.onlineSr),
  }));
}

/** The Markdown file `pnpm --filter web-agents robustness` writes. */
export function robustnessMarkdown(runs: readonly StudentRun[]): string {
  checkComparable(runs);
  const order = StudentVariant.filter((v) => runs.some((r) => r.variant === v));
  const sorted = order.map((v) => runs.find((r) => r.variant === v) as StudentRun);
  return [
    '# web-agents: the claims under each student',
    '',
    'Written by `pnpm --filter web-agents robustness` from the run folders below, which differ only in',
    '`student.variant` (checked): `detectors` reads the seven hand-made answer detectors, `plain`',
    'generic numeric features instead, `attention` those plus one self-attention layer over elements.',
    'Each cell is the verdict of lab\'s rule with the effect estimate and its CI; "same in all" says',
    'whether a verdict survives the change of student.',
    '',
    toMarkdownTable(robustnessRows(sorted), ['claim', 'δ', ...order, 'same in all']),
    '## Criterion 11 (brief §11): the final `oracle` student on train tasks at evaluation seeds',
    '',
    toMarkdownTable(criterion11Rows(sorted)),
  ].join('\n');
}
