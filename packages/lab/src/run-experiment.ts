// Running an experiment: plan it first (run-plan.ts: a bad preset, key or value fails before any
// folder exists; the folder is new or an unfinished run to continue), take the folder's lock (the
// lock decides which process runs it), choose the backend, record config.json, hand the run a
// RunContext, then write claims.json, report.md and summary.json. A run is finished when
// summary.json exists (written last); a run that crashed is continued by a rerun from its last
// checkpoint, one that failed on its input, its machine or its size is not (see failureAdvice).
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type BackendChoice, initBackend, Rng } from 'core-tensor';
import { z } from 'zod';
import { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';
import { createCheckpoint, readCheckpointRecord } from './checkpoint.js';
import { ClaimResult } from './claims.js';
import type { Experiment } from './experiment.js';
import { type FailureKind, failureKind, isResumable } from './input-error.js';
import { createCachedPool, type JobRunner } from './job-cache.js';
import { assertJson, JsonValue, toJsonObject } from './json-value.js';
import { createLogger, fileSink, type Logger, type LogSink, textSink } from './logger.js';
import { MetricsLog } from './metrics-log.js';
import { defaultPoolSize, localJobRunner } from './pool.js';
import { isInteractiveTerminal, ProgressDisplay } from './progress.js';
import { collectProvenance } from './provenance.js';
import type { QueueBackend } from './queue-pool.js';
import { decideFromRunFolder } from './recheck.js';
import { ReportSections, renderReport } from './report.js';
import { createRunContext } from './run-context.js';
import { createRunFolder, isRunFinished, newRunId, runFiles, writeLatestPointer } from './run-folder.js';
import { acquireRunLock, type RunLockHandle } from './run-lock.js';
import { type Plan, planRun, type RunOptions } from './run-plan.js';
import { type RunRecord, readRunRecord } from './run-record.js';
import { findWorkspaceRoot } from './workspace.js';

export interface RunResult<Summary> {
  /** 'complete': this call finished the run; 'already complete': the folder held a finished run. */
  status: 'complete' | 'already complete';
  runDir: string;
  runId: string;
  preset: string;
  seed: number;
  /** True when this call continued a run started earlier. */
  isResumed: boolean;
  summary: Summary;
  claims: ClaimResult[];
  reportPath: string;
}

/** A run that started (its folder exists) and then failed; the folder keeps what was computed. */
export class RunFailedError extends Error {
  /** Whether a rerun of the same command can get past the failure (see failureKind). */
  readonly kind: FailureKind;

  constructor(
    readonly runDir: string,
    cause: unknown,
  ) {
    super(`run failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'RunFailedError';
    this.kind = failureKind(cause);
  }
}

/**
 * What to do after a failed run. "Rerun to continue" only when a rerun can: after bad input, a
 * missing piece of the machine or a size that does not fit, the same command fails the same way.
 */
export function failureAdvice(kind: FailureKind, runDir: string): string {
  switch (kind) {
    case 'input':
      return `The input is not valid for this run; fix it (a rerun with other input starts a new run). ${runDir} keeps what was written.`;
    case 'setup':
      return `This machine lacks something the run needs (see above); fix that first, a rerun before then fails the same way. ${runDir} keeps what was computed.`;
    case 'size':
      return `The run does not fit this machine at this size; a rerun of the same command fails the same way. Choose a smaller size with --set (that starts a new run). ${runDir} keeps what was computed.`;
    case 'crash':
      return `Everything computed so far is in ${runDir}; rerun the same command (or --resume ${runDir}) to continue from the last checkpoint.`;
  }
}

async function readFinished<Summary>(
  experiment: Experiment<z.ZodObject, Summary>,
  runDir: string,
  record: RunRecord,
): Promise<RunResult<Summary>> {
  const files = runFiles(runDir);
  const summaryJson = JsonValue.parse(JSON.parse(await readFile(files.summary, 'utf8')));
  const summary = experiment.summary === undefined ? summaryJson : experiment.summary.parse(summaryJson);
  const claims = existsSync(files.claims)
    ? z.array(ClaimResult).parse(JSON.parse(await readFile(files.claims, 'utf8')))
    : [];
  return {
    status: 'already complete',
    runDir,
    runId: record.runId,
    preset: record.preset,
    seed: record.seed,
    isResumed: false,
    // Without a summary schema the stored JSON is all there is to return.
    summary: summary as Summary,
    claims,
    reportPath: files.report,
  };
}

interface Output {
  log: Logger;
  sinks: LogSink[];
  display: ProgressDisplay;
  /** With --queue: where the pool jobs go instead of local processes. */
  queue: QueueBackend | undefined;
}

/** With --queue, the queue and the store: recorded in config.json with the password replaced by ***. */
function queueRecord(queue: QueueBackend | undefined) {
  return queue === undefined ? {} : { queue: { url: queue.target.redacted, store: queue.roots.store } };
}

/**
 * Runs (or continues) an experiment and returns its summary and claims. Throws an InputError for
 * bad input (before anything is written), a RunLockedError when another process runs the folder,
 * and a RunFailedError when the run itself fails.
 */
export async function runExperiment<Config extends z.ZodObject, Summary>(
  experiment: Experiment<Config, Summary>,
  options: RunOptions = {},
): Promise<RunResult<Summary>> {
  const sinks: LogSink[] = [];
  const log = createLogger(sinks);
  const display = new ProgressDisplay({
    interactive: options.interactive ?? isInteractiveTerminal(),
    log: () => log,
  });
  sinks.push(...(options.logSinks ?? [textSink((text) => display.write(text))]));

  const plan = await planRun(experiment, options, log);
  if (plan.kind === 'finished') {
    log.info(`${plan.runDir} is already complete; nothing to run`);
    return readFinished(experiment, plan.runDir, plan.record);
  }
  // A queue that cannot be reached is found before a folder exists: nothing was run.
  // Loaded only for a queue run: a local run does not load the Redis client.
  const queueOptions = options.queue;
  const queue =
    queueOptions === undefined
      ? undefined
      : await import('./queue-pool.js').then(({ prepareQueue }) => prepareQueue(queueOptions));
  // The lock decides who continues a folder, so it is taken before any work: of two reruns of the
  // same command, the one that does not get it stops here with a RunLockedError naming the holder.
  const locks: RunLockHandle[] = [];
  const output: Output = { log, sinks, display, queue };
  try {
    if (plan.kind === 'new') return await startRun(experiment, plan, options, output, locks);
    locks.push(await acquireRunLock(plan.runDir));
    // Read again under the lock: the process we raced may have finished the run, or recorded a
    // resume in config.json that this run must keep.
    const record = await readRunRecord(runFiles(plan.runDir).config);
    if (isRunFinished(plan.runDir)) {
      log.info(`${plan.runDir} is already complete; nothing to run`);
      return await readFinished(experiment, plan.runDir, record);
    }
    return await startRun(experiment, { ...plan, record }, options, output, locks);
  } finally {
    for (const lock of locks) await lock.release();
  }
}

/** Chooses the backend, creates the folder (and takes its lock) or records the resume, then runs. */
async function startRun<Config extends z.ZodObject, Summary>(
  experiment: Experiment<Config, Summary>,
  plan: Exclude<Plan<z.output<Config>>, { kind: 'finished' }>,
  options: RunOptions,
  output: Output,
  locks: RunLockHandle[],
): Promise<RunResult<Summary>> {
  const { log } = output;
  const backend: BackendChoice = await initBackend(options.backend);
  const startedAt = new Date();
  const cwd = findWorkspaceRoot() ?? process.cwd();
  if (plan.kind === 'new') {
    const folder = await createRunFolder(plan.presetDir, plan.runId ?? newRunId(startedAt, plan.seed));
    locks.push(await acquireRunLock(folder.runDir));
    const record: RunRecord = {
      study: experiment.name,
      paper: experiment.paper,
      runId: folder.runId,
      preset: plan.preset,
      seed: plan.seed,
      overrides: plan.overrides,
      config: toJsonObject(plan.config, 'config'),
      startedAt: startedAt.toISOString(),
      backend,
      ...collectProvenance(experiment, cwd),
      ...queueRecord(output.queue),
      resumes: [],
    };
    return executeRun(experiment, plan, folder.runDir, record, backend, options, output);
  }
  const provenance = collectProvenance(experiment, cwd);
  if (plan.record.backend.name !== backend.name) {
    log.warn(
      `the run started on ${plan.record.backend.name} and continues on ${backend.name}: numbers will differ from an uninterrupted run`,
    );
  }
  if (plan.record.git.commit !== provenance.git.commit) {
    log.warn(`the run started at commit ${plan.record.git.commit} and continues at ${provenance.git.commit}`);
  }
  const record: RunRecord = {
    ...plan.record,
    resumes: [
      ...plan.record.resumes,
      {
        at: startedAt.toISOString(),
        backend: backend.name,
        gitCommit: provenance.git.commit,
        ...queueRecord(output.queue),
      },
    ],
  };
  return executeRun(experiment, plan, plan.runDir, record, backend, options, output);
}

/** Runs the experiment in its (locked) folder; a failure is recorded in failure.json and rethrown as a RunFailedError. */
async function executeRun<Config extends z.ZodObject, Summary>(
  experiment: Experiment<Config, Summary>,
  plan: Exclude<Plan<z.output<Config>>, { kind: 'finished' }>,
  runDir: string,
  record: RunRecord,
  backend: BackendChoice,
  options: RunOptions,
  { log, sinks, display, queue }: Output,
): Promise<RunResult<Summary>> {
  const files = runFiles(runDir);
  const presetDir = plan.presetDir;
  const isResumed = plan.kind === 'continue';
  try {
    await writeJsonAtomic(files.config, record);
    await writeLatestPointer(presetDir, runDir, record.runId, 'running');
    await rm(files.failure, { force: true });
    sinks.push(fileSink(files.log));
    log.info(
      `${isResumed ? 'continuing' : 'starting'} ${experiment.name} (preset ${record.preset}, seed ${record.seed}) in ${runDir}`,
    );
    log.info(`backend ${backend.name}: ${backend.reason}`);

    // A resumed run starts its metrics where its checkpoint was taken: later lines are recomputed.
    const metrics = new MetricsLog(files.metrics);
    if (isResumed) {
      const checkpointRecord = await readCheckpointRecord(files.checkpoint);
      metrics.truncate(checkpointRecord?.record.metricsLength ?? 0);
      if (checkpointRecord === undefined)
        log.info('no checkpoint yet: the run starts over in the same folder');
    }

    // Jobs the checkpoint does not hold run on the local pool or, with --queue, on the queue.
    const size = options.poolSize ?? defaultPoolSize();
    const runJobs: JobRunner =
      queue === undefined
        ? localJobRunner({ size, backend: backend.name, log })
        : queue.jobRunner({
            study: record.study,
            run: `${record.study}/${record.preset}/${record.runId}@${record.startedAt}`,
            backend: backend.name,
            log,
          });
    if (queue !== undefined) log.info(`pool jobs go to the queue at ${queue.target.redacted}`);
    const rng = new Rng(record.seed);
    const sections = new ReportSections();
    const ctx = createRunContext({
      rng,
      log,
      metrics,
      display,
      sections,
      checkpoint: createCheckpoint({
        dir: files.checkpoint,
        rng,
        metrics,
        log,
        harness: {
          save: () => ({ reportSections: sections.toJson() }),
          restore: (value) => restoreHarness(sections, value),
        },
      }),
      pool: createCachedPool({ dir: join(files.checkpoint, 'jobs'), size, log, run: runJobs }),
      runDir,
      runId: record.runId,
      preset: record.preset,
      seed: record.seed,
      backend,
      isResumed,
      unitSchemas: experiment.units ?? {},
    });

    const summary = await experiment.run(plan.config, ctx);
    if (experiment.summary !== undefined) experiment.summary.parse(summary);
    assertJson(summary, 'summary');
    // Claims are decided on the unit tables as read back from disk, exactly as `recheck` does.
    const { claims, invariants } = await decideFromRunFolder(experiment, runDir, summary);
    const finishedAt = new Date().toISOString();
    const paperDefaults = toJsonObject(experiment.config.parse({}), 'config');
    await writeJsonAtomic(files.claims, claims);
    if (invariants.length > 0) await writeJsonAtomic(files.invariants, invariants);
    await writeFileAtomic(
      files.report,
      renderReport({ record, claims, invariants, paperDefaults, sections: sections.list(), finishedAt }),
    );
    await writeJsonAtomic(files.summary, summary);
    await writeLatestPointer(presetDir, runDir, record.runId, 'complete');
    log.info(`finished: ${files.report}`);
    return {
      status: 'complete',
      runDir,
      runId: record.runId,
      preset: record.preset,
      seed: record.seed,
      isResumed,
      summary,
      claims,
      reportPath: files.report,
    };
  } catch (error) {
    const failure = new RunFailedError(runDir, error);
    log.warn(
      `run failed: ${error instanceof Error ? error.message : String(error)}\n${failureAdvice(failure.kind, runDir)}`,
    );
    await writeJsonAtomic(files.failure, {
      at: new Date().toISOString(),
      message: error instanceof Error ? error.message : String(error),
      kind: failure.kind,
      resumable: isResumable(failure.kind),
      stack: error instanceof Error ? (error.stack ?? null) : null,
    }).catch(() => undefined);
    await writeLatestPointer(presetDir, runDir, record.runId, 'failed').catch(() => undefined);
    throw failure;
  }
}

function restoreHarness(sections: ReportSections, value: JsonValue): void {
  if (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    value.reportSections !== undefined
  ) {
    sections.restore(value.reportSections);
  }
}
