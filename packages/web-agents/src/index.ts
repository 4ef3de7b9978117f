// web-agents: fine-tuning web agents on expert traces (Caccia et al. 2024), usable without lab.
// A seeded MiniWoB-style task suite served locally and driven in real Chromium through Playwright,
// BrowserGym-style observations and actions, state-based oracle experts, a small tfjs student,
// offline and online metrics of the same checkpoints, off-policy diagnostics, DAgger and DART.
export type { Action, Verb } from './actions/action.js';
export { act } from './actions/action.js';
export { formatAction } from './actions/format.js';
export type { ParseResult } from './actions/parser.js';
export { parseAction } from './actions/parser.js';
export {
  BrowserMissingError,
  chromiumArgs,
  chromiumPath,
  launchBrowser,
  playwrightVersion,
} from './browser/launch.js';
export type { TaskServer } from './browser/server.js';
export { createTaskServer } from './browser/server.js';
export { WebAgentsConfig } from './config.js';
export { buildSamples } from './data/dataset.js';
export { featurise } from './data/featurise.js';
export { filterTraces } from './data/filter.js';
export { Episode, readEpisodes, readPhase, TraceStep } from './data/trace.js';
export { axtreeText } from './env/axtree.js';
export type { AxtreeSource, ElementProperties } from './env/browsergym-obs.js';
export { BrowserGymObs, browsergymObservation } from './env/browsergym-obs.js';
export { cdpAxtreeText } from './env/cdp-axtree.js';
export type { EnvOptions, StepResult } from './env/env.js';
export { defaultEnvOptions, WebEnv } from './env/env.js';
export { El, Obs } from './env/obs.js';
export { agreementStats } from './eval/agreement.js';
export { offPolicyDiagnostics } from './eval/off-policy.js';
export { evaluateOffline, summariseOffline } from './eval/offline.js';
export { summariseOnline } from './eval/online.js';
export { kendallTauB, mcnemarExact, spearman, wilson } from './eval/stats.js';
export type { Policy, PolicyContext, PolicyStep } from './experts/expert.js';
export { limitedPolicy } from './experts/limited.js';
export { createLlmExpert, llmSettingsFromEnv, requireLlmSettings } from './experts/llm.js';
export { createLlmPolicy } from './experts/llm-policy.js';
export { noisyPolicy, randomPolicy } from './experts/noisy.js';
export { oraclePolicy } from './experts/oracle.js';
export { styleMixPolicy } from './experts/styles.js';
export { datasetReport } from './pipeline/dataset-report.js';
export { daggerPolicy } from './remedies/dagger.js';
export type { EpisodeJob } from './runner/episodes.js';
export { BrowserHandle, runEpisode, runEpisodes } from './runner/episodes.js';
export { Student } from './student/student.js';
export { trainStudent } from './student/train.js';
export { generateInstance, getTask, instanceHash, listTasks } from './tasks/registry.js';
export type { TaskDef, TaskInstance } from './tasks/task.js';
export { buildViewer } from './viewer/html.js';
