// The tiny in-page runtime of brief §3.2 and the page template every task uses. The page exposes
// window.WOB = { ready, done, rawReward, reason, end }; only the first end() counts (MiniWoB).
// Hidden parameters go in window.__task (read by nothing but the page's own handlers); the goal is
// the text of #query. There is no reward display. Multi-page tasks keep their state in
// sessionStorage, cleared when the reset URL's episode nonce changes.
import type { TaskInstance } from './task.js';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON safe to embed inside a <script> element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const runtime = `
window.WOB = { ready: false, done: false, rawReward: 0, reason: null,
  end: function (raw, reason) {
    if (this.done) return;
    this.done = true;
    this.rawReward = Math.max(-1, Math.min(1, Number(raw)));
    this.reason = reason == null ? null : String(reason);
  } };
(function () {
  var nonce = new URLSearchParams(location.search).get('nonce');
  if (nonce && sessionStorage.getItem('wob-nonce') !== nonce) {
    sessionStorage.clear();
    sessionStorage.setItem('wob-nonce', nonce);
  }
})();
window.__load = function (init) {
  var saved = sessionStorage.getItem('wob-state');
  window.__state = saved ? JSON.parse(saved) : init;
  return window.__state;
};
window.__save = function () { sessionStorage.setItem('wob-state', JSON.stringify(window.__state)); };
`;

const css = `
body { font: 14px sans-serif; margin: 8px; width: 760px; }
#query { background: #eef; padding: 6px; margin-bottom: 8px; }
button, input, select, textarea { font: inherit; margin: 3px; }
.clk { cursor: pointer; }
.hidden { display: none; }
`;

export interface PageSpec {
  title: string;
  goal: string;
  /** HTML of the task area (already escaped where it holds text). */
  body: string;
  /** Hidden parameters for the page's handlers: window.__task. */
  task: unknown;
  /** The page's handlers (plain JavaScript, no Math.random, no Date). */
  script: string;
}

export function renderPage(spec: PageSpec): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(spec.title)}</title><style>${css}</style></head>
<body>
<div id="query" data-wob-hide>${escapeHtml(spec.goal)}</div>
<div id="area">${spec.body}</div>
<script data-wob-hide>${runtime}
window.__task = ${scriptJson(spec.task)};
${spec.script}
window.WOB.ready = true;
</script>
</body></html>`;
}

/** What a single-page task's generate(seed) knows: the instance's fields and its page's parts. */
export interface SinglePageSpec extends Omit<PageSpec, 'title'> {
  /** The task's id; also the page's title. */
  taskId: string;
  seed: number;
  /** Hidden parameters for the oracle (TaskInstance.params); may differ from the page's `task`. */
  params: Record<string, unknown>;
}

/**
 * The instance of a single-page task: its one page, 'index.html', is also the start page, rendered
 * by renderPage with the task id as title. Same keys, in the same order, as writing the literal out.
 */
export function singlePageInstance(spec: SinglePageSpec): TaskInstance {
  const { taskId, seed, params, ...page } = spec;
  return {
    taskId,
    seed,
    goal: page.goal,
    params,
    startPath: 'index.html',
    pages: { 'index.html': renderPage({ title: taskId, ...page }) },
  };
}
