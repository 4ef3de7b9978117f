// Task 1, click-button: click the button labelled X among ~6 widgets; +1 right button, −1 any other button.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { byRoleName, instanceRng, OracleStuck, sample, type TaskDef } from './task.js';
import { capitalize, words } from './words.js';

export const clickButton: TaskDef = {
  id: 'click-button',
  meta: { pages: 'single', heldOut: false, oracleLength: 1 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const labels = sample(rng, words.lorem, 3 + rng.int(3)).map(capitalize);
    const target = rng.choice(labels);
    const widgets = labels.map((label) => `<button class="b">${escapeHtml(label)}</button>`);
    for (let i = 0; i < 6 - labels.length; i++) {
      widgets.push(
        rng.bernoulli(0.5)
          ? `<input type="text" aria-label="${escapeHtml(rng.choice(words.lorem))}">`
          : `<span>${escapeHtml(rng.choice(words.lorem))}</span>`,
      );
    }
    const body = rng
      .shuffle(widgets)
      .map((w) => `<div>${w}</div>`)
      .join('\n');
    const goal = `Click on the "${target}" button.`;
    const script = `document.querySelectorAll('button.b').forEach(function (b) {
  b.addEventListener('click', function () { WOB.end(b.textContent === __task.target ? 1 : -1); });
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
    const el = byRoleName(obs, 'button', String(params.target));
    if (!el) throw new OracleStuck('target button missing');
    return { valid: [act.click(el.bid)] };
  },
};
