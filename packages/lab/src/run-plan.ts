// Planning a run, before anything is written: validate what was asked (preset, seed, overrides,
// run id), resolve the config, and decide where the run goes: a new folder, an unfinished run to
// continue (named by --resume or --run-id, or found because it has the same seed and config), or a
// finished run to report. Every problem is an InputError, so bad input leaves no folder behind.
// A plan to continue a folder is not yet a right to: runExperiment takes the folder's lock first,
// and the lock decides which of two processes planning the same folder continues it.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BackendRequest } from 'core-tensor';
import { z } from 'zod';
import { type ConfigOverrides, resolveConfig } from './config-resolution.js';
import type { Experiment } from './experiment.js';
import { InputError, type InputProblem } from './input-error.js';
import { isJsonEqual, type JsonObject, toJsonObject } from './json-value.js';
import type { Logger, LogSink } from './logger.js';
import { isInsideFolder, storeProblem } from './queue-store.js';
import { parseQueueUrl } from './queue-url.js';
import { flattenConfig } from './report.js';
import {
  isRunFinished,
  isValidRunId,
  presetFolder,
  resultsRootProblem,
  runFiles,
  unfinishedRunFolders,
} from './run-folder.js';
import { lockHolder } from './run-lock.js';
import { type RunRecord, readRunRecord } from './run-record.js';
import { defaultResultsRoot } from './workspace.js';

export interface RunOptions {
  /** Preset name; default 'default'. */
  preset?: string;
  /** Seed of ctx.rng; default 0. */
  seed?: number;
  /** Overrides by dotted key (see parseSetFlags). */
  overrides?: ConfigOverrides;
  /** Results root; default <workspace>/results. */
  outRoot?: string;
  /** Name of the run folder. If it holds an unfinished run with the same config, that run is continued. */
  runId?: string;
  /** A run folder to continue (its config.json decides preset, seed and config). */
  resume?: string;
  /** Start a new run even when an unfinished run with the same config could be continued. */
  fresh?: boolean;
  /** Backend to initialise; default TFJS_BACKEND, else 'auto'. */
  backend?: BackendRequest;
  /** Worker processes of ctx.pool; default os.availableParallelism(). With a queue, still ctx.pool.size. */
  poolSize?: number;
  /**
   * Send ctx.pool's jobs to the BullMQ queue at `url` instead of local processes (queue-pool.ts).
   * `store` is a folder every worker reaches; the run folder must lie inside it (default results
   * root: <store>/results).
   */
  queue?: { url: string; store: string };
  /** Where log lines go besides run.log; default the terminal (stderr). */
  logSinks?: readonly LogSink[];
  /** Draw progress bars; default: when stdout and stderr are terminals and CI is unset. */
  interactive?: boolean;
}

export type Plan<Config> =
  | {
      kind: 'new';
      presetDir: string;
      runId: string | undefined;
      preset: string;
      seed: number;
      overrides: ConfigOverrides;
      config: Config;
    }
  | { kind: 'continue'; presetDir: string; runDir: string; record: RunRecord; config: Config }
  | { kind: 'finished'; runDir: string; record: RunRecord };

export const maxSeed = 2 ** 31 - 1;
const Seed = z.number().int().min(0).max(maxSeed);

function configDifferences(a: JsonObject, b: JsonObject): string[] {
  const flatA = flattenConfig(a);
  const flatB = flattenConfig(b);
  const keys = new Set([...Object.keys(flatA), ...Object.keys(flatB)]);
  return [...keys]
    .filter(
      (key) => !isJsonEqual(flatA[key] ?? null, flatB[key] ?? null) || !(key in flatA) || !(key in flatB),
    )
    .map((key) => `${key}: ${JSON.stringify(flatA[key])} vs ${JSON.stringify(flatB[key])}`);
}

/** Checks that a stored run matches what was asked for; problems name each difference. */
function mismatches(
  record: RunRecord,
  asked: { preset?: string; seed?: number; config?: JsonObject },
): InputProblem[] {
  const problems: InputProblem[] = [];
  if (asked.preset !== undefined && asked.preset !== record.preset) {
    problems.push({
      key: '--preset',
      message: `'${asked.preset}' differs from the run's preset '${record.preset}'`,
    });
  }
  if (asked.seed !== undefined && asked.seed !== record.seed) {
    problems.push({ key: '--seed', message: `${asked.seed} differs from the run's seed ${record.seed}` });
  }
  if (asked.config !== undefined) {
    const differences = configDifferences(asked.config, record.config);
    if (differences.length > 0)
      problems.push({ key: 'config', message: `differs from the run's config: ${differences.join('; ')}` });
  }
  return problems;
}

/** --queue and --store: a valid URL, a store that exists, and the run folder inside the store. */
async function queueProblems(
  queue: { url: string; store: string },
  options: RunOptions,
  resultsRoot: string,
): Promise<InputProblem[]> {
  const problems: InputProblem[] = [];
  try {
    parseQueueUrl(queue.url);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems);
  }
  const store = await storeProblem(queue.store);
  if (store !== undefined) return [...problems, { key: '--store', message: store }];
  const [key, folder] = options.resume === undefined ? ['--out', resultsRoot] : ['--resume', options.resume];
  if (!isInsideFolder(folder, queue.store))
    problems.push({
      key,
      message: `'${folder}' is outside the store '${queue.store}': queue workers write the run's files (checkpoints, parameters) into its folder, so it must lie in the store (without --out, runs go to <store>/results)`,
    });
  return problems;
}

export async function planRun<Config extends z.ZodObject, Summary>(
  experiment: Experiment<Config, Summary>,
  options: RunOptions,
  log: Logger,
): Promise<Plan<z.output<Config>>> {
  const problems: InputProblem[] = [];
  if (options.seed !== undefined && !Seed.safeParse(options.seed).success) {
    problems.push({
      key: '--seed',
      message: `${options.seed} is not valid; use an integer from 0 to ${maxSeed}`,
    });
  }
  if (options.runId !== undefined && !isValidRunId(options.runId)) {
    problems.push({
      key: '--run-id',
      message: `'${options.runId}' is not valid; use letters, digits, '.', '_' and '-'`,
    });
  }
  if (options.poolSize !== undefined && !(Number.isInteger(options.poolSize) && options.poolSize >= 1)) {
    problems.push({ key: '--workers', message: `${options.poolSize} is not valid; use an integer >= 1` });
  }
  const resultsRoot =
    options.outRoot ??
    (options.queue === undefined ? defaultResultsRoot() : join(options.queue.store, 'results'));
  // --out is checked before anything is created (--resume names its folder and ignores --out).
  if (options.resume === undefined) {
    const outProblem = await resultsRootProblem(resultsRoot);
    if (outProblem !== undefined)
      problems.push({ key: options.outRoot === undefined ? 'results folder' : '--out', message: outProblem });
  }
  if (options.queue !== undefined)
    problems.push(...(await queueProblems(options.queue, options, resultsRoot)));
  if (options.resume !== undefined && (options.runId !== undefined || options.fresh)) {
    problems.push({ key: '--resume', message: 'cannot be combined with --run-id or --fresh' });
  }
  if (problems.length > 0) throw new InputError(problems);

  // Continue a named run folder: its config.json decides; what was also asked must agree.
  if (options.resume !== undefined) {
    const runDir = resolve(options.resume);
    if (!existsSync(runFiles(runDir).config)) {
      throw new InputError([
        { key: '--resume', message: `${runDir} is not a run folder (it has no config.json)` },
      ]);
    }
    const record = await readRunRecord(runFiles(runDir).config);
    if (record.study !== experiment.name) {
      throw new InputError([
        { key: '--resume', message: `${runDir} is a run of '${record.study}', not of '${experiment.name}'` },
      ]);
    }
    const asked =
      options.overrides !== undefined && Object.keys(options.overrides).length > 0
        ? toJsonObject(
            resolveConfig(
              experiment.config,
              experiment.presets,
              options.preset ?? record.preset,
              options.overrides,
            ),
            'config',
          )
        : undefined;
    const conflicts = mismatches(record, { preset: options.preset, seed: options.seed, config: asked });
    if (conflicts.length > 0)
      throw new InputError(
        conflicts.map((p) => ({
          ...p,
          message: `${p.message} (--resume continues ${runDir} as it was started)`,
        })),
      );
    if (isRunFinished(runDir)) return { kind: 'finished', runDir, record };
    const config = experiment.config.safeParse(record.config);
    if (!config.success) {
      throw new InputError([
        {
          key: '--resume',
          message: `${runDir}/config.json no longer fits the config schema:\n${z.prettifyError(config.error)}`,
        },
      ]);
    }
    return { kind: 'continue', presetDir: resolve(runDir, '..'), runDir, record, config: config.data };
  }

  const preset = options.preset ?? 'default';
  const seed = options.seed ?? 0;
  const overrides = options.overrides ?? {};
  const config = resolveConfig(experiment.config, experiment.presets, preset, overrides);
  const configJson = toJsonObject(config, 'config');
  const presetDir = presetFolder(resolve(resultsRoot), experiment.name, preset);

  // A named run folder that already holds this run: continue it (or report it finished).
  if (options.runId !== undefined) {
    const runDir = join(presetDir, options.runId);
    if (!existsSync(runFiles(runDir).config))
      return { kind: 'new', presetDir, runId: options.runId, preset, seed, overrides, config };
    const record = await readRunRecord(runFiles(runDir).config);
    const conflicts = mismatches(record, { preset, seed, config: configJson });
    if (conflicts.length > 0) {
      throw new InputError(
        conflicts.map((p) => ({
          ...p,
          message: `${p.message}; ${runDir} holds another run, choose another --run-id`,
        })),
      );
    }
    return isRunFinished(runDir)
      ? { kind: 'finished', runDir, record }
      : { kind: 'continue', presetDir, runDir, record, config };
  }

  // The same command rerun after a kill: continue the newest unfinished run with this seed and
  // config that no live process holds. When every such run is held, plan the newest anyway: taking
  // its lock fails and names the holder, rather than starting a second run of the same command.
  if (!options.fresh) {
    const held: { runDir: string; record: RunRecord }[] = [];
    for (const runDir of await unfinishedRunFolders(presetDir)) {
      const record = await readRunRecord(runFiles(runDir).config).catch(() => undefined);
      if (
        record === undefined ||
        record.study !== experiment.name ||
        mismatches(record, { seed, config: configJson }).length > 0
      )
        continue;
      if ((await lockHolder(runDir)) !== undefined) {
        held.push({ runDir, record });
        continue;
      }
      log.info(`found the unfinished run ${runDir} (same seed and config; pass --fresh to start a new run)`);
      return { kind: 'continue', presetDir, runDir, record, config };
    }
    const newest = held[0];
    if (newest !== undefined) return { kind: 'continue', presetDir, ...newest, config };
  }
  return { kind: 'new', presetDir, runId: undefined, preset, seed, overrides, config };
}
