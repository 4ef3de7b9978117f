// Task 5, click-option: select radio X, then Submit (2–6 radios); on Submit +1 iff X checked, else −1.
import { act } from '../actions/action.js';
import { submitActions, submitButton, submitWiring } from './common.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { words } from './words.js';

export const clickOption: TaskDef = {
  id: 'click-option',
  meta: { pages: 'single', heldOut: false, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const options = sample(rng, words.lorem, 2 + rng.int(5));
    const target = rng.choice(options);
    const radios = options.map(
      (o, i) =>
        `<div><input type="radio" name="r" id="r${i}"><label for="r${i}">${escapeHtml(o)}</label></div>`,
    );
    const body = `${radios.join('\n')}${submitButton}`;
    const goal = `Select ${target} and click Submit.`;
    const script = `function submit() {
  var ok = false;
  document.querySelectorAll('input[type=radio]').forEach(function (r) {
    if (r.checked && document.querySelector('label[for=' + r.id + ']').textContent === __task.target) ok = true;
  });
  WOB.end(ok ? 1 : -1);
}
${submitWiring}`;
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
    const radio = mustFind(obs, 'the target radio', (el) => el.role === 'radio' && el.name === params.target);
    if (!radio.checked) {
      const label = obs.elements.find((el) => el.role === 'label' && el.name === params.target);
      return { valid: label ? [act.click(radio.bid), act.click(label.bid)] : [act.click(radio.bid)] };
    }
    return { valid: submitActions(obs) };
  },
};
