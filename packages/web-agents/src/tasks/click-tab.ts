// Task 4, click-tab (held out): click tab #k (k = 1–3); +1 / −1 another tab.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { byRoleName, instanceRng, OracleStuck, sample, type TaskDef } from './task.js';
import { words } from './words.js';

export const clickTab: TaskDef = {
  id: 'click-tab',
  meta: { pages: 'single', heldOut: true, oracleLength: 1 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const n = 3;
    const k = 1 + rng.int(n);
    const tabs = Array.from(
      { length: n },
      (_, i) =>
        `<span role="tab" class="clk t" style="margin:4px;padding:2px;border:1px solid #999">Tab #${i + 1}</span>`,
    );
    const body = `<div>${tabs.join('')}</div><p>${escapeHtml(sample(rng, words.lorem, 12).join(' '))}</p>`;
    const goal = `Click on Tab #${k}.`;
    const script = `document.querySelectorAll('.t').forEach(function (t, i) {
  t.addEventListener('click', function () { WOB.end(i + 1 === __task.k ? 1 : -1); });
});`;
    return singlePageInstance({ taskId: this.id, seed, goal, params: { k }, body, task: { k }, script });
  },
  oracle(obs, params) {
    const el = byRoleName(obs, 'tab', `Tab #${params.k}`);
    if (!el) throw new OracleStuck('tab missing');
    return { valid: [act.click(el.bid)] };
  },
};
