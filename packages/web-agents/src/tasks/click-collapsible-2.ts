// Task 18, click-collapsible-2: expand sections, then click link X; +1 / −1 wrong link.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { byRoleName, instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { capitalize, words } from './words.js';

export const clickCollapsible2: TaskDef = {
  id: 'click-collapsible-2',
  meta: { pages: 'single', heldOut: false, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const nSections = 2 + rng.int(2);
    const pool = rng.shuffle(words.lorem);
    const sections = Array.from({ length: nSections }, (_, i) => ({
      title: `Section #${i + 1}`,
      links: pool.slice(i * 4, i * 4 + 2 + rng.int(3)),
      filler: sample(rng, words.lorem, 5).join(' '),
    }));
    const section = rng.int(nSections);
    const target = rng.choice(sections[section]!.links);
    const body = sections
      .map(
        (
          s,
          i,
        ) => `<div><h3 class="clk hd" id="h${i}" aria-expanded="false">${escapeHtml(capitalize(s.title))}</h3>
<div class="hidden" id="s${i}"><p>${escapeHtml(s.filler)} ${s.links.map((l) => `<a href="#" class="l">${escapeHtml(l)}</a>`).join(' ')}</p></div></div>`,
      )
      .join('\n');
    const goal = `Expand the sections below, to find and click on the link "${target}".`;
    const script = `document.querySelectorAll('.hd').forEach(function (h, i) {
  h.addEventListener('click', function () { document.getElementById('s' + i).classList.toggle('hidden'); });
});
document.querySelectorAll('a.l').forEach(function (a) {
  a.addEventListener('click', function (e) { e.preventDefault(); WOB.end(a.textContent === __task.target ? 1 : -1); });
});`;
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { target, section },
      body,
      task: { target },
      script,
    });
  },
  oracle(obs, params) {
    const link = byRoleName(obs, 'link', String(params.target));
    if (link) return { valid: [act.click(link.bid)] };
    return {
      valid: [act.click(mustFind(obs, 'the section header', (el) => el.domId === `h${params.section}`).bid)],
    };
  },
};
