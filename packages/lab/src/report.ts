// report.md: what a reader of a run needs on one page: the paper, the run (preset, seed, backend,
// commit), every claim side by side with the paper whatever its verdict, the config with where
// each value came from, and any sections the run added.
import {
  type ClaimResult,
  claimsTable,
  type InvariantResult,
  invariantsTable,
  verdictCounts,
} from './claims.js';
import type { JsonObject, JsonValue } from './json-value.js';
import { isJsonEqual } from './json-value.js';
import { toMarkdownTable } from './markdown-table.js';
import type { RunRecord } from './run-record.js';

export interface ReportSection {
  title: string;
  markdown: string;
  /** 'top' puts the section above the claims, for what a reader must see first (a failed health check). */
  placement?: 'top' | 'end';
}

/** Sections a run adds with ctx.addReportSection, in order; adding a title again replaces it. */
export class ReportSections {
  private readonly sections = new Map<string, ReportSection>();

  add(title: string, markdown: string, placement: 'top' | 'end' = 'end'): void {
    this.sections.set(title, { title, markdown, placement });
  }

  list(): ReportSection[] {
    return [...this.sections.values()].map((section) => ({ ...section }));
  }

  /** As JSON, for checkpoints: sections added before a kill are in the report of the resumed run. */
  toJson(): JsonValue {
    return this.list().map((section) => ({ ...section }));
  }

  restore(value: JsonValue): void {
    if (!Array.isArray(value)) return;
    for (const item of value) {
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        const { title, markdown, placement } = item;
        if (typeof title === 'string' && typeof markdown === 'string')
          this.add(title, markdown, placement === 'top' ? 'top' : 'end');
      }
    }
  }
}

/** `{ a: { b: 1 } }` → `{ 'a.b': 1 }`; arrays stay whole. */
export function flattenConfig(config: JsonObject, prefix = ''): Record<string, JsonValue> {
  const flat: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(config)) {
    const dotted = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      Object.assign(flat, flattenConfig(value, dotted));
    else flat[dotted] = value;
  }
  return flat;
}

function valueText(value: JsonValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The config table: key | value | paper | set by ('paper', the preset's name, or '--set'). */
export function configTable(record: RunRecord, paperDefaults: JsonObject): string {
  const paperFlat = flattenConfig(paperDefaults);
  const overridden = Object.keys(record.overrides);
  const rows = Object.entries(flattenConfig(record.config)).map(([key, value]) => {
    const paperValue = paperFlat[key];
    const isSet = overridden.some((override) => key === override || key.startsWith(`${override}.`));
    const setBy = isSet
      ? '--set'
      : paperValue !== undefined && isJsonEqual(value, paperValue)
        ? 'paper'
        : `preset ${record.preset}`;
    return { key, value: valueText(value), paper: valueText(paperValue), 'set by': setBy };
  });
  return toMarkdownTable(rows, ['key', 'value', 'paper', 'set by']);
}

export interface ReportInput {
  record: RunRecord;
  claims: readonly ClaimResult[];
  /** Properties that hold by construction: listed, never counted as reproductions. */
  invariants?: readonly InvariantResult[];
  /** The config with no preset and no overrides: the paper's values. */
  paperDefaults: JsonObject;
  sections: readonly ReportSection[];
  finishedAt: string;
}

export function renderReport(input: ReportInput): string {
  const { record } = input;
  const paper = record.paper;
  const resumes =
    record.resumes.length === 0
      ? 'no'
      : `${record.resumes.length} time(s): ${record.resumes.map((resume) => resume.at).join(', ')}`;
  const runRows = [
    { field: 'preset', value: record.preset },
    { field: 'seed', value: record.seed },
    { field: 'run id', value: record.runId },
    { field: 'started', value: record.startedAt },
    { field: 'finished', value: input.finishedAt },
    { field: 'resumed', value: resumes },
    { field: 'backend', value: `${record.backend.name}: ${record.backend.reason}` },
    ...(record.queue === undefined
      ? []
      : [{ field: 'pool jobs', value: `queue ${record.queue.url}, store ${record.queue.store}` }]),
    {
      field: 'git commit',
      value: `${record.git.commit}${record.git.dirty ? ' (with uncommitted changes)' : ''}`,
    },
    {
      field: 'versions',
      value: Object.entries(record.versions)
        .map(([name, version]) => `${name} ${version}`)
        .join(', '),
    },
    { field: 'node', value: `${record.node} on ${record.platform}, ${record.cores} cores (${record.cpu})` },
  ];
  const overrides = Object.entries(record.overrides).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  const parts = [
    `# ${record.study}: ${paper.title}`,
    `${paper.authors}. ${paper.venue}.${paper.url === undefined ? '' : ` <${paper.url}>`}`,
    toMarkdownTable(runRows, ['field', 'value']).trimEnd(),
    ...input.sections.filter((section) => section.placement === 'top').map(sectionText),
    claimsSection(input.claims, input.invariants ?? []),
    `## Config\n\nPreset \`${record.preset}\`${overrides.length === 0 ? '' : `, with --set ${overrides.join(' ')}`}.\n\n${configTable(record, input.paperDefaults).trimEnd()}`,
    ...input.sections.filter((section) => section.placement !== 'top').map(sectionText),
  ];
  return `${parts.join('\n\n')}\n`;
}

/** How lab turns an effect into a verdict, for the reader of every report (verdict-rule.ts). */
export const verdictRuleNote = `How a verdict is decided: each claim's effect is signed so that the paper's
direction is positive, and the claim states δ, the smallest effect that counts. With the estimate
and its bootstrap confidence interval over the named unit: **reproduced** when the whole interval
lies above 0 and the estimate reaches δ; **not reproduced** when the whole interval lies below δ
(absent, too small or reversed); **inconclusive** otherwise, and always when a gate (a
precondition the run must meet for the claim to be testable) failed. A verdict marked "study's own
rule" was decided by the study's older check, not yet by this rule.`;

function claimsSection(claims: readonly ClaimResult[], invariants: readonly InvariantResult[]): string {
  const parts = [
    `## Claims\n\n${verdictCounts(claims)}.\n\n${claimsTable(claims).trimEnd()}`,
    verdictRuleNote,
  ];
  if (invariants.length > 0) {
    parts.push(
      `### Invariants\n\nThese hold by construction: tested by unit tests, not counted as reproductions.\n\n${invariantsTable(invariants).trimEnd()}`,
    );
  }
  return parts.join('\n\n');
}

function sectionText(section: ReportSection): string {
  return `## ${section.title}\n\n${section.markdown.trim()}`;
}
