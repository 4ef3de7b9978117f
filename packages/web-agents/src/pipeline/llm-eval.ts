// The LLM as an evaluated policy in the study (issue 17 point 7, the `llm` preset): online success on
// the run's train tasks (and held-out tasks) at the evaluation seeds every student is evaluated on,
// reading BrowserGym's observation dict with the configured accessibility tree. Invalid steps (a
// reply with no parseable action) are counted; they use up a step like any failed action.
import { resolve } from 'node:path';
import { seedRanges, type WebAgentsConfig } from '../config.js';
import type { Episode } from '../data/trace.js';
import { summariseOnline } from '../eval/online.js';
import { requireLlmSettings } from '../experts/llm.js';
import type { ChunkJob } from '../runner/jobs.js';
import type { PolicySpec } from '../runner/policy-spec.js';
import type { Summary } from '../summary.js';
import { episodeJobs, range } from './phases.js';

export type LlmSummary = NonNullable<Summary['llm']>;

export function llmJobs(config: WebAgentsConfig, train: string[], heldOut: string[]): ChunkJob[] {
  const settings = requireLlmSettings();
  const spec: PolicySpec = {
    kind: 'llm',
    baseUrl: settings.WEB_AGENTS_LLM_BASE_URL,
    model: settings.WEB_AGENTS_LLM_MODEL,
    cacheDir: resolve(settings.WEB_AGENTS_LLM_CACHE),
    temperature: config.llm.temperature,
    maxTokens: config.llm.maxTokens,
  };
  const tasks = config.llm.heldOut ? [...train, ...heldOut] : train;
  const seeds = range(seedRanges.eval, config.llm.seedsPerTask);
  return episodeJobs('eval-llm', 'llm', spec, tasks, () => seeds, 'final', config.observation.axtree);
}

export function summariseLlm(
  config: WebAgentsConfig,
  episodes: readonly Episode[],
  train: readonly string[],
  heldOut: readonly string[],
): LlmSummary {
  const on = (tasks: readonly string[]) => episodes.filter((e) => tasks.includes(e.task));
  const steps = episodes.flatMap((e) => e.steps);
  return {
    model: requireLlmSettings().WEB_AGENTS_LLM_MODEL,
    axtree: config.observation.axtree,
    train: summariseOnline(on(train)),
    heldOut: config.llm.heldOut && heldOut.length > 0 ? summariseOnline(on(heldOut)) : null,
    steps: steps.length,
    invalidSteps: steps.filter((s) => s.parsed === null).length,
  };
}
