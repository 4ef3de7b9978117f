// Task 2, click-link (held out): click link X inside lorem text; +1 / −1 wrong link.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { byRoleName, instanceRng, OracleStuck, sample, type TaskDef } from './task.js';
import { words } from './words.js';

export const clickLink: TaskDef = {
  id: 'click-link',
  meta: { pages: 'single', heldOut: true, oracleLength: 1 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const links = sample(rng, words.lorem, 3 + rng.int(4));
    const target = rng.choice(links);
    const parts: string[] = [];
    for (const link of links) {
      const filler = sample(rng, words.lorem, 2 + rng.int(4)).join(' ');
      parts.push(`${escapeHtml(filler)} <a href="#" class="l">${escapeHtml(link)}</a>`);
    }
    const body = `<p>${parts.join(' ')}.</p>`;
    const goal = `Click on the link "${target}".`;
    const script = `document.querySelectorAll('a.l').forEach(function (a) {
  a.addEventListener('click', function (e) { e.preventDefault(); WOB.end(a.textContent === __task.target ? 1 : -1); });
});`;
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { target },
      body,
      task: { target },
      script,
    });
  },
  oracle(obs, params) {
    const el = byRoleName(obs, 'link', String(params.target));
    if (!el) throw new OracleStuck('target link missing');
    return { valid: [act.click(el.bid)] };
  },
};
