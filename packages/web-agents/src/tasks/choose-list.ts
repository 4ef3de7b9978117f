// Task 10, choose-list (held out): pick X in a <select> (3–9 options), then Submit; +1 iff selected text === X.
import { act } from '../actions/action.js';
import { submitActions, submitButton, submitWiring } from './common.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { words } from './words.js';

export const chooseList: TaskDef = {
  id: 'choose-list',
  meta: { pages: 'single', heldOut: true, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const options = sample(rng, [...words.cities], 3 + rng.int(7));
    const target = rng.choice(options);
    const body = `<select id="sel">${options.map((o) => `<option>${escapeHtml(o)}</option>`).join('')}</select>${submitButton}`;
    const goal = `Select ${target} from the list and click Submit.`;
    const script = `function submit() { var s = document.getElementById('sel'); WOB.end(s.options[s.selectedIndex].text === __task.target ? 1 : -1); }
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
    const select = mustFind(obs, 'the list', (el) => el.domId === 'sel');
    if (select.value !== params.target) return { valid: [act.select(select.bid, String(params.target))] };
    return { valid: submitActions(obs) };
  },
};
