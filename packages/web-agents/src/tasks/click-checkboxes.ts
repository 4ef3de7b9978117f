// Task 16, click-checkboxes: tick a given set among 2–6 boxes, then Submit ("nothing" possible).
// raw = (#boxes in the right state − #boxes in the wrong state)/n [B, current MiniWoB]; success = raw > 0.
import { act } from '../actions/action.js';
import { submitActions, submitButton, submitWiring } from './common.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { instanceRng, sample, type TaskDef } from './task.js';
import { words } from './words.js';

export const clickCheckboxes: TaskDef = {
  id: 'click-checkboxes',
  meta: { pages: 'single', heldOut: false, oracleLength: 3 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const labels = sample(rng, words.lorem, 2 + rng.int(5));
    const targets = sample(rng, labels, rng.int(Math.min(4, labels.length) + 1));
    const boxes = labels.map(
      (l, i) => `<div><input type="checkbox" id="c${i}"><label for="c${i}">${escapeHtml(l)}</label></div>`,
    );
    const body = `${boxes.join('\n')}${submitButton}`;
    const goal =
      targets.length === 0
        ? 'Select nothing and click Submit.'
        : `Select ${targets.join(', ')} and click Submit.`;
    const script = `function submit() {
  var right = 0, n = 0;
  document.querySelectorAll('input[type=checkbox]').forEach(function (c) {
    var label = document.querySelector('label[for=' + c.id + ']').textContent;
    var want = __task.targets.indexOf(label) >= 0;
    n += 1; if (c.checked === want) right += 1;
  });
  WOB.end((right - (n - right)) / n, right === n ? 'all right' : 'partial');
}
${submitWiring}`;
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { targets },
      body,
      task: { targets },
      script,
    });
  },
  oracle(obs, params) {
    const targets = params.targets as string[];
    const boxes = obs.elements.filter((el) => el.role === 'checkbox');
    // Untick any wrongly ticked box; otherwise tick a missing target (goal order); otherwise Submit.
    const wrong = boxes.filter((b) => b.checked && !targets.includes(b.name));
    if (wrong.length > 0) return { valid: wrong.map((b) => act.click(b.bid)), recovering: true };
    const missing = targets
      .map((t) => boxes.find((b) => b.name === t))
      .filter((b): b is NonNullable<typeof b> => b !== undefined && !b.checked);
    if (missing.length > 0) return { valid: missing.map((b) => act.click(b.bid)) };
    return { valid: submitActions(obs) };
  },
};
