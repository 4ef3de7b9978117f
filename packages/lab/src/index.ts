// lab: the one door to experiments. A study defines its experiment (config schema, presets,
// claims, run) with defineExperiment and runs it with runExperimentCli; the run gets a RunContext
// (rng, logger and metrics, progress, checkpoint, pool, writers) and leaves a run folder with
// config.json, metrics.jsonl, summary.json, units/*.csv, claims.json and report.md. Claims are
// decided by one rule (verdict-rule.ts) on effects measured with one bootstrap (bootstrap.ts). createChatClient is the shared
// OpenAI-compatible client (with LlmCache); its fake server for tests is in 'lab/testing'.

export { writeFileAtomic, writeJsonAtomic } from './atomic-write.js';
export type { BootstrapResult } from './bootstrap.js';
export { BootstrapMethod, BootstrapOptions, bootstrap, meanOf } from './bootstrap.js';
export type { Checkpoint, CheckpointContents, RestoredCheckpoint } from './checkpoint.js';
export type {
  Claim,
  ClaimCheck,
  ClaimEffect,
  EffectClaim,
  Invariant,
  StudyRuleClaim,
  UnitTables,
} from './claims.js';
export {
  ClaimResult,
  claimsTable,
  evaluateClaims,
  evaluateInvariants,
  InvariantResult,
  Measurement,
  Verdict,
  verdictCounts,
} from './claims.js';
export type { CliOutput } from './cli.js';
export {
  experimentHelp,
  isMainModule,
  parseExperimentArgs,
  parseStrictFlags,
  runExperimentCli,
} from './cli.js';
export { boundedSize, maxTensorElements, withinEachBound } from './config-bounds.js';
export type { ConfigOverrides, DeepPartial } from './config-resolution.js';
export { mergeDeep, nestOverrides, parseSetFlags, resolveConfig } from './config-resolution.js';
export type { ConfigField } from './config-schema.js';
export { configFields } from './config-schema.js';
export { toCsv } from './csv.js';
export type { Experiment, ExperimentDefinition, Presets, RequiredPreset } from './experiment.js';
export { defineExperiment, PaperRef, requiredPresets } from './experiment.js';
export type { FailureKind, InputProblem } from './input-error.js';
export { failureKind, InputError, isResumable } from './input-error.js';
export { jobKey } from './job-cache.js';
export type { JsonPrimitive } from './json-value.js';
export { assertJson, JsonObject, JsonValue } from './json-value.js';
export type { CachedAnswer, CacheKeyInput, LlmCacheFailure } from './llm-cache.js';
export {
  cacheKey,
  canonicalJson,
  LlmCache,
  LlmCacheError,
  LlmCacheMode,
  LlmCacheOptions,
} from './llm-cache.js';
export type { ChatClient, ChatClientStats, Env, Sleep } from './llm-client.js';
export { backoffMs, ChatClientOptions, createChatClient, defaultBaseUrl } from './llm-client.js';
export type { LlmFailure } from './llm-error.js';
export { LlmError } from './llm-error.js';
export type { ChatChoice, ChatCompletion, ChatUsage, TokenLogprob } from './llm-wire.js';
export { ChatCompletionWire, ChatMessage, ChatRequest } from './llm-wire.js';
export type { LogEntry, Logger, LogLevel, LogSink } from './logger.js';
export { createLogger, fileSink, formatLogEntry, textSink } from './logger.js';
export { toMarkdownTable } from './markdown-table.js';
export { readMetrics } from './metrics-log.js';
export type { VegaLiteSpec, XyPlotOptions } from './plot.js';
export { linePlot, renderSvg, scatterPlot } from './plot.js';
export type { LeakCheck, Pool, PoolJob, PoolMapOptions, PoolOptions } from './pool.js';
export { defaultLeakCheck, defaultPoolSize, PoolJobError, runJobs } from './pool.js';
export type { ProgressBar, ProgressBarOptions } from './progress.js';
export { isInteractiveTerminal } from './progress.js';
export { kendallTauB } from './rank-correlation.js';
export type { RecheckResult } from './recheck.js';
export { decideFromRunFolder, recheckRun } from './recheck.js';
export type { ReportSection } from './report.js';
export { renderReport } from './report.js';
export type { RunContext } from './run-context.js';
export type { RunResult } from './run-experiment.js';
export { RunFailedError, runExperiment } from './run-experiment.js';
export type { RunStatus } from './run-folder.js';
export { LatestPointer, readLatestPointer, resultsRootProblem } from './run-folder.js';
export type { RunLockHandle } from './run-lock.js';
export { acquireRunLock, RunLock, RunLockedError } from './run-lock.js';
export type { RunOptions } from './run-plan.js';
export { BackendRecord, RunRecord, readRunRecord } from './run-record.js';
export type { TableCell, TableRow } from './table-rows.js';
export type { UnitSchema, UnitSchemas, UnitsOf } from './units.js';
export { readUnitTables } from './units.js';
export type { Decision, GateCondition } from './verdict-rule.js';
export { decide, EffectResult, GateResult, gate } from './verdict-rule.js';
export { defaultResultsRoot, findWorkspaceRoot } from './workspace.js';
