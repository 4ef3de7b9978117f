// Task 13, copy-paste (held out): copy the textarea text into the textbox, then Submit; +1 iff equal.
import { nextFill, submitActions, submitButton, submitWiring } from './common.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { byId, instanceRng, sample, type TaskDef } from './task.js';
import { words } from './words.js';

export const copyPaste: TaskDef = {
  id: 'copy-paste',
  meta: { pages: 'single', heldOut: true, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const text = sample(rng, words.lorem, 2 + rng.int(3)).join(' ');
    const body = `<textarea id="src" readonly>${escapeHtml(text)}</textarea><div><input type="text" id="answer"></div>${submitButton}`;
    const goal = 'Copy the text in the textarea below, paste it into the text input and press Submit.';
    const script = `function submit() { WOB.end(document.getElementById('answer').value === __task.text ? 1 : -1); }
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
    const fill = nextFill(obs, [['answer', String(params.text)]]);
    return fill ? { valid: fill } : { valid: submitActions(obs, byId(obs, 'answer')) };
  },
};
