// A static, self-contained HTML trace viewer (brief §12): an episode table with filters; per step the
// goal, AXTree text, thought, action, oracle-valid set, error and reward; the first step that leaves
// the oracle's valid actions is highlighted. No network. All page text is inserted with textContent
// from JSON embedded with '<' escaped, so goals or LLM output holding <script> stay text.
import type { Episode } from '../data/trace.js';
import { axtreeText } from '../env/axtree.js';
import { canonicalAction } from '../eval/online.js';
import { thoughtText } from '../experts/thought.js';

interface ViewerStep {
  axtree: string;
  url: string;
  thought: string | null;
  action: string;
  valid: string[];
  error: string | null;
  reward: number;
  offValid: boolean;
}

interface ViewerEpisode {
  key: string;
  task: string;
  seed: number;
  policy: string;
  ckpt: string | null;
  mode: string | null;
  goal: string;
  success: number;
  rawReward: number;
  nSteps: number;
  error: string | null;
  firstDivergence: number;
  steps: ViewerStep[];
}

export function viewerData(episodes: readonly Episode[]): ViewerEpisode[] {
  return episodes.map((e) => {
    const steps = e.steps.map((s) => {
      const valid = s.oracleValid.map(canonicalAction);
      return {
        axtree: axtreeText(s.obs.elements),
        url: s.obs.url,
        thought: s.thought ? thoughtText(s.thought, s.obs) : null,
        action: s.action,
        valid,
        error: s.error,
        reward: s.reward,
        offValid: valid.length > 0 && !valid.includes(canonicalAction(s.action)),
      };
    });
    return {
      key: e.key,
      task: e.task,
      seed: e.seed,
      policy: e.policy,
      ckpt: e.ckpt,
      mode: e.evalMode,
      goal: e.goal,
      success: e.success,
      rawReward: e.rawReward,
      nSteps: e.nSteps,
      error: e.error,
      firstDivergence: steps.findIndex((s) => s.offValid),
      steps,
    };
  });
}

const script = `
const data = JSON.parse(document.getElementById('data').textContent);
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); if (cls) e.className = cls; return e; };
const filters = { task: document.getElementById('f-task'), policy: document.getElementById('f-policy'), outcome: document.getElementById('f-outcome') };
const uniq = (xs) => [...new Set(xs)].sort();
for (const [name, key] of [['task', 'task'], ['policy', 'policy']]) for (const v of uniq(data.map((d) => d[key]))) filters[name].appendChild(el('option', v));
function renderTable() {
  const body = document.getElementById('episodes'); body.textContent = '';
  data.forEach((d, i) => {
    if (filters.task.value && d.task !== filters.task.value) return;
    if (filters.policy.value && d.policy !== filters.policy.value) return;
    if (filters.outcome.value && String(d.success) !== filters.outcome.value) return;
    const tr = el('tr'); tr.className = 'ep ' + (d.success ? 'ok' : 'bad'); tr.dataset.index = String(i);
    for (const v of [d.task, d.seed, d.policy, d.ckpt ?? '', d.mode ?? '', d.success, d.rawReward, d.nSteps, d.firstDivergence < 0 ? '' : d.firstDivergence]) tr.appendChild(el('td', v));
    tr.addEventListener('click', () => show(i));
    body.appendChild(tr);
  });
}
function show(i) {
  const d = data[i]; const box = document.getElementById('detail'); box.textContent = '';
  box.appendChild(el('h2', d.key));
  box.appendChild(el('p', 'Goal: ' + d.goal, 'goal'));
  box.appendChild(el('p', 'success ' + d.success + ', raw reward ' + d.rawReward + (d.error ? ', error: ' + d.error : '')));
  d.steps.forEach((s, t) => {
    const div = el('div', undefined, 'step' + (t === d.firstDivergence ? ' diverge' : ''));
    div.appendChild(el('h3', 'step ' + t + (t === d.firstDivergence ? ' (first divergence from the oracle)' : '')));
    div.appendChild(el('div', 'url: ' + s.url));
    if (s.thought) div.appendChild(el('div', 'thought: ' + s.thought));
    div.appendChild(el('div', 'action: ' + s.action, s.offValid ? 'off' : 'on'));
    div.appendChild(el('div', 'oracle-valid: ' + s.valid.join('  |  ')));
    if (s.error) div.appendChild(el('div', 'error: ' + s.error, 'err'));
    div.appendChild(el('div', 'reward: ' + s.reward));
    div.appendChild(el('pre', s.axtree));
    box.appendChild(div);
  });
}
for (const f of Object.values(filters)) f.addEventListener('change', renderTable);
renderTable();
`;

export function buildViewer(episodes: readonly Episode[], title = 'web-agents traces'): string {
  const json = JSON.stringify(viewerData(episodes))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
  const safeTitle = title.replace(/[<>&"']/g, '');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${safeTitle}</title>
<style>
body { font: 13px sans-serif; margin: 10px; } table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 6px; }
tr.ep { cursor: pointer; } tr.ok td:nth-child(6) { color: green; } tr.bad td:nth-child(6) { color: #b00; }
.step { border-top: 1px solid #999; margin-top: 6px; } .diverge { background: #fee; } .off { color: #b00; font-weight: bold; } .err { color: #b00; }
pre { background: #f6f6f6; max-height: 240px; overflow: auto; } #wrap { display: flex; gap: 12px; } #list { max-height: 90vh; overflow: auto; } #detail { flex: 1; }
</style></head><body>
<h1>${safeTitle}</h1>
<div>task <select id="f-task"><option value="">all</option></select> policy <select id="f-policy"><option value="">all</option></select>
outcome <select id="f-outcome"><option value="">all</option><option value="1">success</option><option value="0">failure</option></select></div>
<div id="wrap"><div id="list"><table><thead><tr><th>task</th><th>seed</th><th>policy</th><th>ckpt</th><th>mode</th><th>S</th><th>raw</th><th>steps</th><th>1st div.</th></tr></thead><tbody id="episodes"></tbody></table></div>
<div id="detail"></div></div>
<script type="application/json" id="data">${json}</script>
<script>${script}</script>
</body></html>`;
}
