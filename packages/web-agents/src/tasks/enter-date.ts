// Task 11, enter-date: enter MM/DD/YYYY, then Submit; +1 iff the exact string.
import { nextFill, submitActions, submitButton, submitWiring } from './common.js';
import { singlePageInstance } from './runtime.js';
import { byId, instanceRng, type TaskDef } from './task.js';

const pad = (n: number) => String(n).padStart(2, '0');

export const enterDate: TaskDef = {
  id: 'enter-date',
  meta: { pages: 'single', heldOut: false, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const date = `${pad(1 + rng.int(12))}/${pad(1 + rng.int(28))}/${2000 + rng.int(30)}`;
    const body = `<div><label for="dt">Date</label><input type="text" id="dt" placeholder="mm/dd/yyyy"></div>${submitButton}`;
    const goal = `Enter ${date} as the date and hit submit.`;
    const script = `function submit() { WOB.end(document.getElementById('dt').value === __task.date ? 1 : -1); }
${submitWiring}`;
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { date },
      body,
      task: { date },
      script,
    });
  },
  oracle(obs, params) {
    const fill = nextFill(obs, [['dt', String(params.date)]]);
    return fill ? { valid: fill } : { valid: submitActions(obs, byId(obs, 'dt')) };
  },
};
