// Task 19, click-tab-2: switch tabs to find and click link X; +1 / −1 wrong link.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { byRoleName, instanceRng, mustFind, type TaskDef } from './task.js';
import { words } from './words.js';

export const clickTab2: TaskDef = {
  id: 'click-tab-2',
  meta: { pages: 'single', heldOut: false, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const nTabs = 2 + rng.int(3);
    const pool = rng.shuffle(words.lorem);
    const tabs = Array.from({ length: nTabs }, (_, i) => pool.slice(i * 4, i * 4 + 2 + rng.int(3)));
    const tab = 1 + rng.int(nTabs - 1); // never the first (visible) tab: a switch is needed
    const target = rng.choice(tabs[tab]!);
    const heads = tabs
      .map(
        (_, i) =>
          `<span role="tab" class="clk t" id="t${i}" style="margin:4px;padding:2px;border:1px solid #999">Tab #${i + 1}</span>`,
      )
      .join('');
    const panes = tabs
      .map(
        (links, i) =>
          `<div class="${i === 0 ? '' : 'hidden'} pane" id="p${i}"><p>${links.map((l) => `<a href="#" class="l">${escapeHtml(l)}</a>`).join(' ')}</p></div>`,
      )
      .join('\n');
    const body = `<div>${heads}</div>${panes}`;
    const goal = `Switch between the tabs to find and click on the link "${target}".`;
    const script = `document.querySelectorAll('.t').forEach(function (t, i) {
  t.addEventListener('click', function () {
    document.querySelectorAll('.pane').forEach(function (p, j) { p.classList.toggle('hidden', j !== i); });
  });
});
document.querySelectorAll('a.l').forEach(function (a) {
  a.addEventListener('click', function (e) { e.preventDefault(); WOB.end(a.textContent === __task.target ? 1 : -1); });
});`;
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { target, tab },
      body,
      task: { target },
      script,
    });
  },
  oracle(obs, params) {
    const link = byRoleName(obs, 'link', String(params.target));
    if (link) return { valid: [act.click(link.bid)] };
    return { valid: [act.click(mustFind(obs, 'the tab', (el) => el.domId === `t${params.tab}`).bid)] };
  },
};
