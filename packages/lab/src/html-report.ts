// results/index.html (issue 19, point 4): one static page over every study's committed runs: a
// summary table, then per study the paper, the claims table of each preset's latest run (verdicts,
// effects, gates), its plots inline and links to its report.md, raw unit CSVs and trace viewer.
// Pure: the data comes in (html-report-inputs.ts reads it from results/), a string goes out.
// Every link is relative to results/ so the page opens from disk with no server; plots are <img>
// links to the run folders' own files, not copies, so the page stays small and never disagrees
// with them. No script and no external asset: nothing can fail to load but the runs' own files.
import { type ClaimResult, effectText, gatesText, Verdict } from './claims.js';
import type { PaperRef } from './experiment.js';
import type { GateResult } from './verdict-rule.js';

/** The files of a run folder the page links to, each relative to that folder ('/'-separated). */
export interface RunLinks {
  /** Always linked: a finished lab run has them. */
  report: string;
  config: string;
  summary: string;
  claims: string;
  invariants?: string;
  /** web-agents' trace viewer, viewer/index.html, when the run wrote one. */
  viewer?: string;
  /** Raw unit-level outcomes and other tables (units/*.csv, *.csv). */
  csvs: readonly string[];
  /** Plots and frames (.svg, .png), shown inline. */
  images: readonly string[];
}

/** A preset whose latest.json points at a complete lab run. */
export interface RunEntry {
  kind: 'run';
  preset: string;
  runId: string;
  /** The run folder relative to results/, '/'-separated, e.g. 'causal-expert/default/20261204-151812-seed0'. */
  runDir: string;
  paper?: PaperRef;
  startedAt?: string;
  backend?: string;
  gitCommit?: string;
  /** Wall time from start to the latest.json update (repro.ts lastRunMinutes), when known. */
  minutes?: number;
  claims: readonly ClaimResult[];
  links: RunLinks;
}

/** A preset whose latest run is not complete: listed, so a missing table is never silent. */
export interface PendingEntry {
  kind: 'pending';
  preset: string;
  runId: string;
  status: string;
}

/** A preset folder without latest.json: hand-kept notes (dev-seed trials, lever logs), linked as files. */
export interface NotesEntry {
  kind: 'notes';
  preset: string;
  /** The folder relative to results/. */
  folder: string;
  /** The first heading of its README.md, if any. */
  title?: string;
  /** Files relative to the folder. */
  files: readonly string[];
}

export type PresetEntry = RunEntry | PendingEntry | NotesEntry;

export interface StudyEntry {
  study: string;
  presets: readonly PresetEntry[];
}

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A relative href from '/'-separated path parts, each segment percent-encoded (then HTML-escaped). */
export function relativeHref(...parts: readonly string[]): string {
  const segments = parts.flatMap((part) => part.split('/')).filter((segment) => segment !== '');
  return escapeHtml(segments.map(encodeURIComponent).join('/'));
}

/** The element id of a study's preset section, e.g. 'causal-expert--default'. */
export function sectionId(study: string, preset: string): string {
  return `${study}--${preset}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** The element id of a study's section, e.g. 'study-causal-expert'. */
export function studyId(study: string): string {
  return `study-${study}`.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** 'default' first, then the other presets by name: the reproduction leads, side trials follow. */
export function orderPresets(presets: readonly PresetEntry[]): PresetEntry[] {
  return [...presets].sort((a, b) =>
    a.preset === b.preset
      ? 0
      : a.preset === 'default'
        ? -1
        : b.preset === 'default'
          ? 1
          : a.preset.localeCompare(b.preset),
  );
}

const verdictClass: Record<Verdict, string> = {
  reproduced: 'v-ok',
  'not reproduced': 'v-no',
  inconclusive: 'v-unk',
};

function minutesText(minutes: number | undefined): string {
  return minutes === undefined ? '?' : `${minutes.toFixed(1)} min`;
}

function ruleText(claims: readonly ClaimResult[]): string {
  const byStudy = claims.filter((claim) => claim.rule === 'study').length;
  if (byStudy === 0) return "lab's rule";
  return byStudy === claims.length ? "study's own rule" : `lab's rule, ${byStudy} by the study's own`;
}

function link(href: string, text: string): string {
  return `<a href="${href}">${escapeHtml(text)}</a>`;
}

function paperBlock(paper: PaperRef | undefined): string {
  if (paper === undefined) return '<p class="paper">Paper: not recorded in config.json.</p>';
  // Only web links become anchors: a recorded url is data, and a javascript: one must stay text.
  const title =
    paper.url !== undefined && /^https?:\/\//i.test(paper.url)
      ? `<a href="${escapeHtml(paper.url)}">${escapeHtml(paper.title)}</a>`
      : escapeHtml(paper.title);
  return `<p class="paper"><cite>${title}</cite><br>${escapeHtml(paper.authors)}. <i>${escapeHtml(paper.venue)}</i>.</p>`;
}

function gatesCell(claim: ClaimResult): string {
  if (claim.gates.length === 0) return '—';
  const items = claim.gates.map((gate: GateResult) => {
    // gatesText formats one gate as report.md does (✓/✗, name, value, threshold): one wording for both.
    const text = gatesText({ ...claim, gates: [gate] });
    return `<li class="${gate.passed ? 'g-pass' : 'g-fail'}">${escapeHtml(text)}</li>`;
  });
  return `<ul class="gates">${items.join('')}</ul>`;
}

function claimRow(claim: ClaimResult): string {
  const decision = claim.decision === '' ? '' : `<div class="why">${escapeHtml(claim.decision)}</div>`;
  const cells = [
    `<td class="id">${escapeHtml(claim.id)}</td>`,
    `<td>${escapeHtml(claim.statement)}</td>`,
    `<td>${escapeHtml(claim.paper)}</td>`,
    `<td>${escapeHtml(claim.measured)}</td>`,
    `<td>${escapeHtml(effectText(claim))}</td>`,
    `<td>${gatesCell(claim)}</td>`,
    `<td class="verdict ${verdictClass[claim.verdict]}">${escapeHtml(claim.verdict)}${decision}</td>`,
  ];
  return `<tr data-claim="${escapeHtml(claim.id)}">${cells.join('')}</tr>`;
}

function claimsTable(claims: readonly ClaimResult[]): string {
  if (claims.length === 0) return '<p>This run states no claims.</p>';
  const head = ['id', 'statement', 'paper', 'measured', 'effect [CI]', 'gates', 'verdict']
    .map((name) => `<th>${name}</th>`)
    .join('');
  return `<table class="claims"><thead><tr>${head}</tr></thead><tbody>${claims.map(claimRow).join('\n')}</tbody></table>`;
}

function runLinks(run: RunEntry): string {
  const { links } = run;
  const at = (file: string, text: string) => link(relativeHref(run.runDir, file), text);
  const main = [
    at(links.report, 'report.md'),
    ...(links.viewer === undefined ? [] : [at(links.viewer, 'trace viewer')]),
    at(links.claims, 'claims.json'),
    ...(links.invariants === undefined ? [] : [at(links.invariants, 'invariants.json')]),
    at(links.config, 'config.json'),
    at(links.summary, 'summary.json'),
  ];
  const csvs =
    links.csvs.length === 0
      ? ''
      : `<p class="files">Raw CSVs: ${links.csvs.map((file) => at(file, file)).join(' · ')}</p>`;
  return `<p class="files">${main.join(' · ')}</p>${csvs}`;
}

function plots(run: RunEntry): string {
  if (run.links.images.length === 0) return '';
  const figures = run.links.images.map((file) => {
    const href = relativeHref(run.runDir, file);
    // Frames (small .png renders of an environment) are shown larger and unsmoothed, plots as drawn.
    const small = file.endsWith('.png') ? ' class="frame"' : '';
    return `<figure><a href="${href}"><img src="${href}" alt="${escapeHtml(file)}"${small}></a><figcaption>${escapeHtml(file)}</figcaption></figure>`;
  });
  return `<div class="plots">${figures.join('\n')}</div>`;
}

function runMeta(run: RunEntry): string {
  const parts = [
    `run <code>${escapeHtml(run.runId)}</code>`,
    ...(run.startedAt === undefined ? [] : [`started ${escapeHtml(run.startedAt)}`]),
    `wall time ${minutesText(run.minutes)}`,
    ...(run.backend === undefined ? [] : [`backend ${escapeHtml(run.backend)}`]),
    ...(run.gitCommit === undefined ? [] : [`commit <code>${escapeHtml(run.gitCommit.slice(0, 10))}</code>`]),
    `verdicts by ${escapeHtml(ruleText(run.claims))}`,
  ];
  return `<p class="meta">${parts.join(' · ')}</p>`;
}

function presetSection(study: string, entry: PresetEntry, level: 'h3' | 'h4'): string {
  const id = sectionId(study, entry.preset);
  const heading = `<${level}>preset <code>${escapeHtml(entry.preset)}</code></${level}>`;
  switch (entry.kind) {
    case 'run':
      return `<section id="${id}" class="run" data-run="${escapeHtml(`${study}/${entry.preset}`)}">${heading}${runMeta(entry)}${runLinks(entry)}${claimsTable(entry.claims)}${plots(entry)}</section>`;
    case 'pending':
      return `<section id="${id}" class="pending">${heading}<p>Latest run <code>${escapeHtml(entry.runId)}</code> is ${escapeHtml(entry.status)}, not complete: no claims to show.</p></section>`;
    case 'notes': {
      const files = entry.files.map((file) => link(relativeHref(entry.folder, file), file)).join(' · ');
      const title = entry.title === undefined ? '' : `<p>${escapeHtml(entry.title)}</p>`;
      return `<section id="${id}" class="notes">${heading}${title}<p class="meta">Not a lab run (no latest.json): files kept by hand.</p><p class="files">${files}</p></section>`;
    }
  }
}

function studySection(study: StudyEntry): string {
  const [first, ...rest] = orderPresets(study.presets);
  const hasDefault = first?.preset === 'default';
  const paper = study.presets.find((entry): entry is RunEntry => entry.kind === 'run')?.paper;
  const main = hasDefault
    ? presetSection(study.study, first, 'h3')
    : '<p>No <code>default</code> preset.</p>';
  const others = hasDefault ? rest : orderPresets(study.presets);
  const otherBlock =
    others.length === 0
      ? ''
      : `<div class="others"><h3>Other presets</h3>${others.map((entry) => presetSection(study.study, entry, 'h4')).join('\n')}</div>`;
  return `<section class="study" id="${studyId(study.study)}"><h2>${escapeHtml(study.study)}</h2>${paperBlock(paper)}${main}${otherBlock}</section>`;
}

function summaryRow(study: string, entry: PresetEntry): string {
  const where = `<td><a href="#${sectionId(study, entry.preset)}">${escapeHtml(study)}</a></td><td>${escapeHtml(entry.preset)}</td>`;
  switch (entry.kind) {
    case 'run': {
      const counts = Verdict.options.map(
        (verdict) =>
          `<td class="n ${verdictClass[verdict]}">${entry.claims.filter((claim) => claim.verdict === verdict).length}</td>`,
      );
      return `<tr>${where}<td><code>${escapeHtml(entry.runId)}</code></td>${counts.join('')}<td>${escapeHtml(ruleText(entry.claims))}</td><td class="n">${minutesText(entry.minutes)}</td></tr>`;
    }
    case 'pending':
      return `<tr>${where}<td><code>${escapeHtml(entry.runId)}</code></td><td colspan="5">latest run ${escapeHtml(entry.status)}</td></tr>`;
    case 'notes':
      return `<tr>${where}<td>—</td><td colspan="5">notes, not a lab run</td></tr>`;
  }
}

function summaryTable(studies: readonly StudyEntry[]): string {
  const head = [
    'study',
    'preset',
    'run',
    'reproduced',
    'not reproduced',
    'inconclusive',
    'decided by',
    'wall time',
  ]
    .map((name) => `<th>${name}</th>`)
    .join('');
  const rows = studies.flatMap((study) =>
    orderPresets(study.presets).map((entry) => summaryRow(study.study, entry)),
  );
  return `<table class="summary"><thead><tr>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

const style = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em auto; max-width: 1400px; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: .5em 0 1em; } th, td { border: 1px solid #ccc; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #f3f3f3; } td.n { text-align: right; } td.id { white-space: nowrap; font-family: monospace; }
table.claims { font-size: 13px; } .why { font-size: 11px; color: #555; font-weight: normal; }
.v-ok { color: #11632a; background: #e6f4ea; } .v-no { color: #a11; background: #fbe9e9; } .v-unk { color: #7a5200; background: #fff5d6; }
td.verdict { font-weight: bold; white-space: nowrap; } ul.gates { margin: 0; padding-left: 1em; }
.g-pass { color: #11632a; } .g-fail { color: #a11; font-weight: bold; }
.plots { display: flex; flex-wrap: wrap; gap: 12px; } figure { margin: 0; } figcaption { font-size: 11px; color: #555; }
.plots img { max-width: 640px; border: 1px solid #eee; } img.frame { width: 128px; image-rendering: pixelated; }
.study { border-top: 3px solid #444; margin-top: 2em; } .others { font-size: 13px; margin-left: 1em; }
.meta, .files, .paper { margin: .3em 0; } .files a { white-space: nowrap; }
`;

/** The whole page for `studies` (given in the order to show them). */
export function renderHtmlReport(studies: readonly StudyEntry[]): string {
  const toc = studies.map((study) => link(`#${studyId(study.study)}`, study.study)).join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Five ML studies: results of the committed runs</title>
<style>${style}</style></head>
<body>
<h1>Results of the committed runs</h1>
<p>Generated by <code>pnpm report:html</code> from each preset's latest complete run under <code>results/</code>; <code>pnpm report:html --check</code> says whether this page matches them. Verdicts follow lab's rule (see the workspace README, "How a verdict is decided") unless marked "study's own rule".</p>
<p>${toc}</p>
${summaryTable(studies)}
${studies.map(studySection).join('\n')}
</body></html>
`;
}
