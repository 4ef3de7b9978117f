// Task 7, enter-text: type "X" into the field, then Submit; +1 iff value === X (exact, case-sensitive).
import { nextFill, submitActions, submitButton, submitWiring } from './common.js';
import { singlePageInstance } from './runtime.js';
import { byId, instanceRng, type TaskDef } from './task.js';
import { capitalize, words } from './words.js';

export const enterText: TaskDef = {
  id: 'enter-text',
  meta: { pages: 'single', heldOut: false, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const base = rng.choice([...words.lorem, ...words.firstNames]);
    const word = rng.bernoulli(0.3) ? capitalize(base) : base;
    const text = rng.bernoulli(0.5) ? `${word}${rng.int(100)}` : word;
    const body = `<div style="margin-left:${rng.int(300)}px"><input type="text" id="tt"></div>${submitButton}`;
    const goal = `Enter "${text}" into the text field and press Submit.`;
    const script = `function submit() { WOB.end(document.getElementById('tt').value === __task.text ? 1 : -1); }
${submitWiring}`;
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { text },
      body,
      task: { text },
      script,
    });
  },
  oracle(obs, params) {
    const fill = nextFill(obs, [['tt', String(params.text)]]);
    return fill ? { valid: fill } : { valid: submitActions(obs, byId(obs, 'tt')) };
  },
};
