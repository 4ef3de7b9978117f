// Task 17, click-button-sequence: click button ONE, then TWO; ends after 2 clicks: +1 iff in order.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { byRoleName, instanceRng, OracleStuck, sample, type TaskDef } from './task.js';
import { words } from './words.js';

export const clickButtonSequence: TaskDef = {
  id: 'click-button-sequence',
  meta: { pages: 'single', heldOut: false, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    // each button in its own half of the page, so neither can cover the other
    const oneLeft = rng.bernoulli(0.5);
    const place = (left: boolean) =>
      `position:absolute;left:${(left ? 20 : 420) + rng.int(300)}px;top:${60 + rng.int(300)}px`;
    const body = `<p>${escapeHtml(sample(rng, words.lorem, 6).join(' '))}</p>
<button class="s" style="${place(oneLeft)}">ONE</button><button class="s" style="${place(!oneLeft)}">TWO</button>`;
    const goal = 'Click button ONE, then click button TWO.';
    const script = `window.__state = { clicks: [] };
document.querySelectorAll('button.s').forEach(function (b) {
  b.addEventListener('click', function () {
    __state.clicks.push(b.textContent);
    if (__state.clicks.length === 2) WOB.end(__state.clicks[0] === 'ONE' && __state.clicks[1] === 'TWO' ? 1 : -1);
  });
});`;
    return singlePageInstance({ taskId: this.id, seed, goal, params: {}, body, task: {}, script });
  },
  oracle(obs) {
    const state = (obs.pageState ?? { clicks: [] }) as { clicks: string[] };
    const next = state.clicks.length === 0 ? 'ONE' : 'TWO';
    if (state.clicks.length === 1 && state.clicks[0] !== 'ONE') throw new OracleStuck('already failed');
    const el = byRoleName(obs, 'button', next);
    if (!el) throw new OracleStuck(`button ${next} missing`);
    return { valid: [act.click(el.bid)] };
  },
};
