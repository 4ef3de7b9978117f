// RunContext: what lab hands a study's run: the seeded Rng, the logger and metrics, progress bars,
// checkpoints, the process pool, and writers into the run folder (every write atomic).
import { isAbsolute, join, normalize, sep } from 'node:path';
import type { BackendChoice, Rng } from 'core-tensor';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';
import type { Checkpoint } from './checkpoint.js';
import { toCsv } from './csv.js';
import { assertJson, type JsonObject } from './json-value.js';
import type { Logger } from './logger.js';
import { toMarkdownTable } from './markdown-table.js';
import type { MetricsLog } from './metrics-log.js';
import { renderSvg, type VegaLiteSpec } from './plot.js';
import { defaultLeakCheck, type Pool } from './pool.js';
import type { ProgressBar, ProgressBarOptions, ProgressDisplay } from './progress.js';
import type { ReportSections } from './report.js';
import { reservedRunFiles } from './run-folder.js';
import type { TableRow } from './table-rows.js';
import { type UnitSchemas, writeUnitTable } from './units.js';

export interface RunContext {
  /** Seeded from --seed; split it per component (`ctx.rng.split('init')`). Saved in every checkpoint. */
  readonly rng: Rng;
  readonly log: Logger;
  /** Appends one record to metrics.jsonl, e.g. `{ step, loss }`. Keep one name per metric from code to report. */
  metric(record: JsonObject): void;
  /** A progress bar (quiet under CI or without a terminal: an occasional log line instead). */
  progress(label: string, total: number, options?: ProgressBarOptions): ProgressBar;
  readonly checkpoint: Checkpoint;
  /**
   * Runs independent jobs in one process per core; finished jobs survive a kill. A job that leaks
   * tensors fails in smoke runs and tests, and is logged otherwise (unless map's leakCheck says).
   */
  readonly pool: Pool;
  /** The run folder, results/<study>/<preset>/<run-id>. */
  readonly runDir: string;
  readonly runId: string;
  readonly preset: string;
  readonly seed: number;
  readonly backend: BackendChoice;
  /** True when this process continues a run that an earlier process started. */
  readonly isResumed: boolean;
  /** Writes JSON into the run folder; returns the file's path. */
  writeJson(name: string, value: unknown): Promise<string>;
  /**
   * Writes a unit table declared in the experiment's `units` (units/<name>.csv): the unit-level
   * outcomes the claims are decided on, each row checked by its schema. Returns the file's path.
   */
  writeUnits(name: string, rows: readonly Record<string, unknown>[]): Promise<string>;
  /** Writes a CSV file; returns its path. */
  writeCsv(name: string, rows: readonly TableRow[], columns?: readonly string[]): Promise<string>;
  /** Writes a Markdown table to a file and returns the table text (e.g. for addReportSection). */
  writeMarkdownTable(name: string, rows: readonly TableRow[], columns?: readonly string[]): Promise<string>;
  /** Renders a vega-lite spec (see linePlot, scatterPlot) to SVG, next to the spec as .vl.json; returns the SVG's path. */
  writePlot(name: string, spec: VegaLiteSpec): Promise<string>;
  /**
   * Adds a `## title` section to report.md (the same title again replaces it): after the config by
   * default, or with placement 'top' right above the claims, for what a reader must see first.
   */
  addReportSection(title: string, markdown: string, placement?: 'top' | 'end'): void;
}

/**
 * The absolute path of `name` inside the run folder. Names are relative ('plots/loss.svg'), stay
 * inside the folder and do not take the names of the files lab writes itself.
 */
export function runFilePath(runDir: string, name: string): string {
  const normalised = normalize(name);
  const first = normalised.split(sep)[0] ?? '';
  if (name === '' || isAbsolute(name) || normalised === '..' || normalised.startsWith(`..${sep}`)) {
    throw new Error(`file name '${name}' must be a relative path inside the run folder`);
  }
  if (reservedRunFiles.has(first)) {
    throw new Error(
      `file name '${name}' is one lab writes itself (${[...reservedRunFiles].join(', ')}); choose another`,
    );
  }
  return join(runDir, normalised);
}

function withExtension(name: string, extension: string): string {
  return name.endsWith(extension) ? name : `${name}${extension}`;
}

export interface RunContextParts {
  rng: Rng;
  log: Logger;
  metrics: MetricsLog;
  display: ProgressDisplay;
  checkpoint: Checkpoint;
  pool: Pool;
  sections: ReportSections;
  runDir: string;
  runId: string;
  preset: string;
  seed: number;
  backend: BackendChoice;
  isResumed: boolean;
  unitSchemas: UnitSchemas;
}

/** The run's pool with the preset's leak check, unless a map call names its own. */
function withLeakCheck(pool: Pool, preset: string): Pool {
  const leakCheck = defaultLeakCheck(preset);
  return {
    size: pool.size,
    map: (jobs, result, options) => pool.map(jobs, result, { leakCheck, ...options }),
  };
}

export function createRunContext(parts: RunContextParts): RunContext {
  const { runDir, display, metrics, sections } = parts;
  return {
    rng: parts.rng,
    log: parts.log,
    checkpoint: parts.checkpoint,
    pool: withLeakCheck(parts.pool, parts.preset),
    runDir,
    runId: parts.runId,
    preset: parts.preset,
    seed: parts.seed,
    backend: parts.backend,
    isResumed: parts.isResumed,
    metric: (record) => metrics.append(record),
    progress: (label, total, options) => display.bar(label, total, options),
    addReportSection: (title, markdown, placement) => sections.add(title, markdown, placement),

    async writeJson(name, value) {
      assertJson(value, name);
      const path = runFilePath(runDir, withExtension(name, '.json'));
      await writeJsonAtomic(path, value);
      return path;
    },

    async writeUnits(name, rows) {
      const schema = parts.unitSchemas[name];
      if (schema === undefined) {
        const declared = Object.keys(parts.unitSchemas);
        throw new Error(
          `unit table '${name}' is not declared in the experiment's units (declared: ${declared.join(', ') || 'none'})`,
        );
      }
      return writeUnitTable(runDir, name, schema, rows);
    },

    async writeCsv(name, rows, columns) {
      const path = runFilePath(runDir, withExtension(name, '.csv'));
      await writeFileAtomic(path, toCsv(rows, columns));
      return path;
    },

    async writeMarkdownTable(name, rows, columns) {
      const markdown = toMarkdownTable(rows, columns);
      await writeFileAtomic(runFilePath(runDir, withExtension(name, '.md')), markdown);
      return markdown;
    },

    async writePlot(name, spec) {
      const path = runFilePath(runDir, withExtension(name, '.svg'));
      const svg = await renderSvg(spec);
      await writeJsonAtomic(path.replace(/\.svg$/, '.vl.json'), spec);
      await writeFileAtomic(path, svg);
      return path;
    },
  };
}
