// The episode runner of brief §3.6: a deterministic list of episode keys, a fresh browser context
// per episode, a per-episode timeout (retry once), browser crash / disconnect recovery (relaunch,
// retry at most twice), and resumable JSONL traces (keys already in the trace are skipped). An
// episode that still fails counts as a failure (success 0) with its error recorded.
import { Rng } from 'core-tensor';
import type { Browser } from 'playwright';
import { formatAction } from '../actions/format.js';
import { parseAction } from '../actions/parser.js';
import { launchBrowser, playwrightVersion } from '../browser/launch.js';
import type { TaskServer } from '../browser/server.js';
import { appendEpisode, type Episode, type TraceStep } from '../data/trace.js';
import { type EnvOptions, isClosed, WebEnv } from '../env/env.js';
import type { Obs } from '../env/obs.js';
import type { Policy } from '../experts/expert.js';
import { oracleThought } from '../experts/thought.js';
import { generateInstance, getTask, instanceHash } from '../tasks/registry.js';
import type { OracleAdvice } from '../tasks/task.js';

export interface EpisodeJob {
  key: string;
  phase: string;
  task: string;
  seed: number;
  policy: string;
  ckpt: string | null;
  evalMode: string | null;
}

export interface RunnerOptions {
  env: EnvOptions;
  /** brief §3.6: 30 s per episode */
  episodeTimeoutMs: number;
  /** seed of the per-episode Rngs (with the episode key) */
  seed: number;
  /** the trace file to append to (and to resume from) */
  tracePath: string;
  log?: (message: string) => void;
  /** test hook: called before each step (e.g. to crash the renderer mid-episode) */
  beforeStep?: (env: WebEnv, job: EpisodeJob, step: number, attempt: number) => Promise<void>;
}

/** Asks the task's oracle about a state; undefined when it cannot act (e.g. after a fatal mistake). */
export function adviseSafely(
  taskId: string,
  obs: Obs,
  params: Record<string, unknown>,
): OracleAdvice | undefined {
  try {
    const advice = getTask(taskId).oracle(obs, params);
    return advice.valid.length > 0 ? advice : undefined;
  } catch {
    return undefined;
  }
}

class EpisodeTimeout extends Error {}

/** Holds one browser (relaunched when it dies) and one env reused across episodes. */
export class BrowserHandle {
  private browser: Browser | undefined;
  private env: WebEnv | undefined;
  constructor(private readonly launch: () => Promise<Browser> = () => launchBrowser()) {}
  async get(): Promise<Browser> {
    if (!this.browser?.isConnected()) {
      await this.browser?.close().catch(() => undefined);
      this.env = undefined;
      this.browser = await this.launch();
    }
    return this.browser;
  }
  envFor(browser: Browser, server: TaskServer, options: EnvOptions): WebEnv {
    if (!this.env || this.env.browserOf !== browser) this.env = new WebEnv(browser, server, options);
    return this.env;
  }
  /** Drops the reused page (after a timeout or crash the next episode gets a fresh one). */
  async resetEnv(): Promise<void> {
    await this.env?.close();
    this.env = undefined;
  }
  async close(): Promise<void> {
    await this.env?.close();
    this.env = undefined;
    await this.browser?.close().catch(() => undefined);
    this.browser = undefined;
  }
}

async function playEpisode(
  env: WebEnv,
  job: EpisodeJob,
  policy: Policy,
  options: RunnerOptions,
  attempt: number,
) {
  const instance = generateInstance(job.task, job.seed);
  const rng = new Rng(`${options.seed}/${job.key}`);
  const episodeState: Record<string, unknown> = {};
  let obs = await env.reset(job.task, job.seed);
  const steps: TraceStep[] = [];
  for (;;) {
    await options.beforeStep?.(env, job, steps.length, attempt);
    const advice = adviseSafely(job.task, obs, instance.params);
    const started = performance.now();
    const browsergym = policy.observation === 'browsergym' ? await env.browsergymObservation(obs) : undefined;
    const decision = await policy.act(obs, {
      rng,
      taskId: job.task,
      advice,
      episode: episodeState,
      ...(browsergym ? { browsergym } : {}),
    });
    const result = await env.step(decision.action, decision.invalid);
    const parsed = decision.invalid === undefined ? parseAction(decision.action) : { ok: false as const };
    steps.push({
      obs,
      action: decision.action,
      parsed: parsed.ok ? parsed.action : null,
      thought: decision.thought,
      oracleCanonical: advice ? formatAction(advice.valid[0]!) : null,
      oracleValid: advice ? advice.valid.map(formatAction) : [],
      oracleThought: advice ? oracleThought(obs, advice) : null,
      reward: result.rawReward,
      error: result.obs.lastActionError,
      ms: performance.now() - started,
    });
    obs = result.obs;
    if (result.done) return { steps, result, finalObs: obs };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EpisodeTimeout(`episode timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs one episode with timeout and crash recovery; always returns an Episode. */
export async function runEpisode(
  handle: BrowserHandle,
  server: TaskServer,
  job: EpisodeJob,
  policy: Policy,
  options: RunnerOptions,
): Promise<Episode> {
  const instance = generateInstance(job.task, job.seed);
  const started = performance.now();
  let lastError = '';
  let timeouts = 0;
  let crashes = 0;
  for (let attempt = 0; ; attempt++) {
    const browser = await handle.get();
    const env = handle.envFor(browser, server, options.env);
    try {
      const { steps, result, finalObs } = await withTimeout(
        playEpisode(env, job, policy, options, attempt),
        options.episodeTimeoutMs,
      );
      return {
        ...job,
        goal: instance.goal,
        htmlHash: instanceHash(instance),
        steps,
        finalObs,
        rawReward: result.rawReward,
        success: result.rawReward > 0 ? 1 : 0, // BrowserGym's binary reward
        strictSuccess: result.rawReward === 1 ? 1 : 0,
        nSteps: steps.length,
        truncated: result.truncated,
        endReason: result.endReason,
        error: null,
        attempts: attempt + 1,
        timings: { totalMs: performance.now() - started },
        versions: { chromium: browser.version(), playwright: playwrightVersion() },
      };
    } catch (error) {
      await handle.resetEnv();
      lastError =
        error instanceof EpisodeTimeout
          ? 'timeout'
          : String(error instanceof Error ? error.message : error).split('\n')[0]!;
      if (error instanceof EpisodeTimeout) timeouts += 1;
      else if (isClosed(error) || !browser.isConnected()) {
        crashes += 1;
        if (!browser.isConnected()) await handle.close();
      } else crashes += 1;
      options.log?.(`episode ${job.key} attempt ${attempt + 1} failed: ${lastError}`);
      if (timeouts > 1 || crashes > 2) break;
    }
  }
  return {
    ...job,
    goal: instance.goal,
    htmlHash: instanceHash(instance),
    steps: [],
    finalObs: null,
    rawReward: 0,
    success: 0,
    strictSuccess: 0,
    nSteps: 0,
    truncated: false,
    endReason: null,
    error: lastError,
    attempts: timeouts + crashes,
    timings: { totalMs: performance.now() - started },
    versions: { chromium: 'unknown', playwright: playwrightVersion() },
  };
}

/**
 * Runs the jobs whose keys are not in `done` and appends each finished episode to the trace.
 * Returns the new episodes (in job order).
 */
export async function runEpisodes(
  handle: BrowserHandle,
  server: TaskServer,
  jobs: readonly EpisodeJob[],
  policyFor: (job: EpisodeJob) => Policy | Promise<Policy>,
  options: RunnerOptions,
  done: ReadonlySet<string> = new Set(),
  onEpisode?: (episode: Episode) => void,
): Promise<Episode[]> {
  const out: Episode[] = [];
  for (const job of jobs) {
    if (done.has(job.key)) continue;
    const episode = await runEpisode(handle, server, job, await policyFor(job), options);
    appendEpisode(options.tracePath, episode);
    out.push(episode);
    onEpisode?.(episode);
  }
  return out;
}
