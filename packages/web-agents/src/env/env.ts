// WebEnv: a BrowserGym-like environment over the local task suite (brief §3.2–3.5). reset(task,
// seed) loads the instance's start page (by `goto`, or for single-page tasks by `setContent` into the
// reused page, brief §3.5); step(actionText) parses, executes and observes. The env never throws for a bad action: parse or execution failures come back as
// lastActionError with a valid next observation, and still use up a step.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright';
import { formatAction } from '../actions/format.js';
import { parseAction } from '../actions/parser.js';
import type { TaskServer } from '../browser/server.js';
import { generateInstance, getTask } from '../tasks/registry.js';
import { type AxtreeSource, type BrowserGymObs, browsergymObservation } from './browsergym-obs.js';
import { cdpAxtreeText } from './cdp-axtree.js';
import { ActionError, type Backend, executeInput, executeLocator } from './execute.js';
import type { El, Obs } from './obs.js';
import { serializerSource } from './serializer.js';

/** How reset() loads the start page (brief §3.5). */
export const ResetMode = ['goto', 'setContent'] as const;
export type ResetMode = (typeof ResetMode)[number];

export interface EnvOptions {
  backend: Backend;
  /** horizon H (brief §3.2: 15, the paper's max_steps) */
  horizon: number;
  actionTimeoutMs: number;
  /**
   * `locator` backend: each attempt's actionability wait (BrowserGym: 500 ms, then one forced retry).
   * On a loaded machine a 500 ms wait can expire after Playwright has dispatched the click, and the
   * forced retry clicks again; tests raise it so their outcome does not depend on the load.
   */
  locatorTimeoutMs: number;
  viewport: { width: number; height: number };
  /** a new browser context for every episode (BrowserGym); default: one page reused */
  freshContext: boolean;
  /**
   * 'goto' navigates to the start URL; 'setContent' writes the start page into the reused document
   * (~5× cheaper) for single-page tasks and falls back to goto for multi-page tasks, for the first
   * episode of a page and after a crash. test/reset-equivalence.test.ts checks both give identical
   * observations and oracle outcomes.
   */
  reset: ResetMode;
  /**
   * The tree in `browsergymObservation().axtree_txt` (issue 17 point 7): 'tags' (the serializer's
   * tag table, as `axtreeText(obs.elements)`) or 'cdp' (Chromium's own, Accessibility.getFullAXTree).
   * The students read `Obs.elements` and never see it.
   */
  axtree: AxtreeSource;
}

export const defaultEnvOptions: EnvOptions = {
  backend: 'input',
  horizon: 15,
  actionTimeoutMs: 2000,
  locatorTimeoutMs: 500,
  viewport: { width: 800, height: 600 },
  freshContext: false,
  reset: 'setContent',
  axtree: 'tags',
};

export interface StepResult {
  obs: Obs;
  /** MiniWoB raw reward ∈ [−1, 1] on the terminal step, 0 otherwise */
  rawReward: number;
  done: boolean;
  truncated: boolean;
  /** why the episode ended: 'task' (the page called end), 'horizon', 'left-origin' */
  endReason: string | null;
}

interface Serialized {
  url: string;
  goal: string;
  elements: El[];
  focusedBid: string | null;
  wob: { ready: boolean; done: boolean; rawReward: number; reason: string | null };
  pageState: unknown;
}

export class WebEnv {
  private context: BrowserContext | undefined;
  private page: Page | undefined;
  private taskPrefix = '';
  private t = 0;
  private goal = '';
  private finished = false;
  private navRequested = false;
  private navCommitted = false;
  private crashed = false;
  private startUrl = '';
  private resetMode: ResetMode = 'goto';
  private resetAt = 0;
  readonly options: EnvOptions;

  constructor(
    private readonly browser: Browser,
    private readonly server: TaskServer,
    options: Partial<EnvOptions> = {},
  ) {
    this.options = { ...defaultEnvOptions, ...options };
  }

  get browserOf(): Browser {
    return this.browser;
  }

  /** How the last reset loaded its page ('setContent' falls back to 'goto' where it must). */
  get lastResetMode(): ResetMode {
    return this.resetMode;
  }

  get currentPage(): Page | undefined {
    return this.page;
  }

  async reset(taskId: string, seed: number): Promise<Obs> {
    const page = await this.freshPage();
    this.resetAt = performance.now();
    this.t = 0;
    this.finished = false;
    this.taskPrefix = `${this.server.origin}/t/${taskId}/${seed}/`;
    this.startUrl = this.server.startUrl(taskId, seed, randomUUID());
    this.resetMode = this.canSetContent(page, taskId) ? 'setContent' : 'goto';
    if (this.resetMode === 'setContent') await this.setContentReset(page, taskId, seed);
    else await page.goto(this.startUrl, { waitUntil: 'domcontentloaded', timeout: 10_000 });
    let snapshot = await this.serialize();
    if (!snapshot.wob.ready) {
      await this.waitReady();
      snapshot = await this.serialize();
    }
    this.goal = snapshot.goal;
    return this.toObs(snapshot, null, null);
  }

  /**
   * setContent only for single-page tasks (multi-page tasks navigate between server pages, and
   * go_back must find real documents behind them) and only when the reused page already shows a
   * document of the task server (history.replaceState cannot move an about:blank page there).
   */
  private canSetContent(page: Page, taskId: string): boolean {
    return (
      this.options.reset === 'setContent' &&
      getTask(taskId).meta.pages === 'single' &&
      page.url().startsWith(`${this.server.origin}/t/`)
    );
  }

  /**
   * A reset without a navigation: the previous episode's window globals are removed (the names a
   * fresh document did not have, recorded by an init script at every real navigation), the URL is
   * replaced by the new start URL (same origin, so the nonce, location and go_back behave as after
   * goto), the scroll position is reset, then document.open/write replaces the document; that also
   * drops every event listener of the old document and window. Our pages use no timers.
   */
  private async setContentReset(page: Page, taskId: string, seed: number): Promise<void> {
    const instance = generateInstance(taskId, seed);
    const html = instance.pages[instance.startPath];
    if (html === undefined) throw new Error(`no start page '${instance.startPath}' in ${taskId}/${seed}`);
    await page.evaluate(`(${cleanWindowSource})(${JSON.stringify(this.startUrl)})`);
    await page.setContent(html, { waitUntil: 'domcontentloaded', timeout: 10_000 });
  }

  /**
   * The page for a new episode. By default one context and page are kept across episodes (a new
   * page costs a renderer process, 0.1–0.6 s here); the episode nonce clears sessionStorage, and
   * go_back from the episode's first page counts as leaving the task, as it would in a fresh tab.
   * `freshContext` gives BrowserGym's fresh context per episode.
   */
  private async freshPage(): Promise<Page> {
    if (this.options.freshContext || !this.page || this.page.isClosed() || this.crashed)
      await this.closeContext();
    if (this.page) return this.page;
    this.crashed = false;
    this.context = await this.browser.newContext({ viewport: this.options.viewport });
    if (this.options.reset === 'setContent') await this.context.addInitScript(recordBaselineSource);
    const page = await this.context.newPage();
    this.page = page;
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) this.navRequested = true;
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.navCommitted = true;
    });
    page.on('crash', () => {
      this.crashed = true;
    });
    return page;
  }

  /**
   * `invalid`: the policy could not produce an action (e.g. an LLM reply without one): the step is
   * used up, nothing is executed and the reason comes back as lastActionError.
   */
  async step(actionText: string, invalid?: string): Promise<StepResult> {
    const page = this.page;
    if (!page || this.finished) throw new Error('step() called before reset() or after the episode ended');
    this.t += 1; // brief §3.2: an action that fails to parse or execute still uses up a step
    const parsed = invalid === undefined ? parseAction(actionText) : { ok: false as const, error: invalid };
    let error: string | null = null;
    if (!parsed.ok) error = parsed.error;
    else {
      this.navRequested = false;
      this.navCommitted = false;
      try {
        if (parsed.action.verb === 'go_back' && page.url() === this.startUrl) {
          // the tab's history before this episode does not belong to it: going back leaves the task
          this.finished = true;
          return {
            obs: this.toObs(await this.serialize(), formatAction(parsed.action), null),
            rawReward: 0,
            done: true,
            truncated: false,
            endReason: 'left-origin',
          };
        }
        if (this.options.backend === 'input')
          await executeInput(page, parsed.action, this.options.actionTimeoutMs);
        else
          await executeLocator(
            page,
            parsed.action,
            this.options.actionTimeoutMs,
            this.options.locatorTimeoutMs,
          );
      } catch (e) {
        if (e instanceof ActionError) error = e.message;
        else if (isClosed(e)) throw e;
        else
          error = `${parsed.action.verb} failed: ${String(e instanceof Error ? e.message : e).split('\n')[0]}`;
      }
    }
    const snapshot = parsed.ok ? await this.settleAndSerialize() : await this.serialize();
    const lastAction = parsed.ok ? formatAction(parsed.action) : actionText;
    const obs = this.toObs(snapshot, lastAction, error);
    let done = false;
    let truncated = false;
    let endReason: string | null = null;
    let rawReward = 0;
    if (snapshot.wob.done) {
      done = true;
      rawReward = snapshot.wob.rawReward;
      endReason = 'task';
    } else if (!snapshot.url.startsWith(this.taskPrefix)) {
      done = true; // leaving the task origin ends the episode with 0, as in BrowserGym
      endReason = 'left-origin';
    } else if (this.t >= this.options.horizon) {
      done = true;
      truncated = true;
      endReason = 'horizon';
    }
    this.finished = done;
    return { obs, rawReward, done, truncated, endReason };
  }

  /**
   * The BrowserGym-shaped dict of an observation this env just returned (the page must not have
   * changed since). With `axtree: 'cdp'` it asks Chromium for its accessibility tree.
   */
  async browsergymObservation(obs: Obs): Promise<BrowserGymObs> {
    const page = this.page;
    if (!page) throw new Error('browsergymObservation() called before reset()');
    const pages = page.context().pages();
    return browsergymObservation(obs, {
      axtreeSource: this.options.axtree,
      ...(this.options.axtree === 'cdp' ? { cdpAxtree: await cdpAxtreeText(page) } : {}),
      openPagesUrls: pages.map((p) => p.url()),
      openPagesTitles: await Promise.all(pages.map((p) => p.title().catch(() => ''))),
      activePageIndex: Math.max(0, pages.indexOf(page)),
      elapsedTime: (performance.now() - this.resetAt) / 1000,
      viewport: page.viewportSize() ?? this.options.viewport,
    });
  }

  /**
   * After an action: observe in the next animation frame (one round trip: the wait for the frame and
   * the serializer run in one evaluate). If a navigation started meanwhile, that snapshot belongs to
   * the old document: wait for the new document's ready flag and observe again.
   */
  private async settleAndSerialize(): Promise<Serialized> {
    const page = this.page!;
    let snapshot: Serialized | undefined;
    try {
      snapshot = (await page.evaluate(afterFrameSource)) as Serialized;
    } catch {
      // the document went away mid-evaluate: a navigation; handled below
    }
    if (this.navRequested && !this.navCommitted) {
      await page
        .waitForEvent('framenavigated', { timeout: this.options.actionTimeoutMs })
        .catch(() => undefined);
    }
    if (this.navRequested) {
      await this.waitReady();
      return this.serialize();
    }
    return snapshot ?? this.serialize();
  }

  /** Polls the ready flag with plain evaluates (waitForFunction installs a poller: ~40 ms each). */
  private async waitReady(): Promise<void> {
    const page = this.page!;
    const deadline = performance.now() + 10_000;
    for (;;) {
      const ready = await page
        .evaluate(() => (window as unknown as { WOB?: { ready: boolean } }).WOB?.ready === true)
        .catch((error: unknown) => {
          if (isClosed(error)) throw error;
          return false; // the context went away mid-navigation: poll again
        });
      if (ready) return;
      if (performance.now() > deadline) throw new Error(`page not ready after 10 s at ${page.url()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private async serialize(): Promise<Serialized> {
    const page = this.page!;
    for (let attempt = 0; ; attempt++) {
      try {
        return (await page.evaluate(serializerSource)) as Serialized;
      } catch (error) {
        // "execution context destroyed": a navigation raced the observation; wait and retry once
        if (attempt >= 1 || isClosed(error)) throw error;
        await page.waitForLoadState('domcontentloaded').catch(() => undefined);
        await this.waitReady().catch(() => undefined);
      }
    }
  }

  private toObs(s: Serialized, lastAction: string | null, lastActionError: string | null): Obs {
    return {
      goal: s.goal || this.goal,
      url: s.url,
      step: this.t,
      elements: s.elements,
      focusedBid: s.focusedBid,
      lastAction,
      lastActionError,
      pageState: s.pageState,
    };
  }

  private async closeContext(): Promise<void> {
    const context = this.context;
    this.context = undefined;
    this.page = undefined;
    if (context) await context.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.closeContext();
  }
}

/** The serializer, run in the next animation frame (the settle wait of brief §3.5). */
const afterFrameSource = `new Promise((resolve, reject) => requestAnimationFrame(() => {
  try { resolve(${serializerSource}); } catch (e) { reject(e); }
}))`;

/** Init script: the window property names of a fresh document, before any page script runs. */
const recordBaselineSource = `if (!Object.prototype.hasOwnProperty.call(window, '__wobBaseline'))
  Object.defineProperty(window, '__wobBaseline', {
    value: Object.getOwnPropertyNames(window), enumerable: false, configurable: false, writable: false });`;

/** In-page: remove the globals a previous episode's scripts added, point the URL at the new episode. */
const cleanWindowSource = `(url) => {
  const W = window;
  const keep = new Set(W.__wobBaseline || []);
  keep.add('__wobBaseline');
  for (const name of Object.getOwnPropertyNames(W)) {
    if (keep.has(name)) continue;
    try { delete W[name]; } catch (e) {}
    if (Object.prototype.hasOwnProperty.call(W, name)) { try { W[name] = undefined; } catch (e) {} }
  }
  W.scrollTo(0, 0);
  history.replaceState(null, '', url);
}`;

export function isClosed(error: unknown): boolean {
  const text = String(error instanceof Error ? error.message : error);
  return /Target (page, context or browser )?(has been )?closed|Browser has been closed|browser has disconnected|Page crashed|crash/i.test(
    text,
  );
}
