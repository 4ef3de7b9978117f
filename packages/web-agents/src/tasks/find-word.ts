// Task 15, find-word: type the k-th word of a 6–14-word paragraph (each word in its own <span>),
// then Submit; +1 iff equal. The counting is the task's "reasoning".
import { nextFill, submitActions, submitButton, submitWiring } from './common.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { byId, instanceRng, type TaskDef } from './task.js';
import { ordinals, words } from './words.js';

export const findWord: TaskDef = {
  id: 'find-word',
  meta: { pages: 'single', heldOut: false, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const n = 6 + rng.int(9);
    const paragraph = Array.from({ length: n }, () => rng.choice(words.lorem));
    const k = rng.int(n);
    const word = paragraph[k]!;
    const body = `<p>${paragraph.map((w) => `<span>${escapeHtml(w)}</span>`).join(' ')}</p><div><input type="text" id="answer"></div>${submitButton}`;
    const goal = `Find the ${ordinals[k]} word in the paragraph, type that into the textbox and press "Submit".`;
    const script = `function submit() { WOB.end(document.getElementById('answer').value === __task.word ? 1 : -1); }
${submitWiring}`;
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { k, word },
      body,
      task: { word },
      script,
    });
  },
  oracle(obs, params) {
    const fill = nextFill(obs, [['answer', String(params.word)]]);
    return fill ? { valid: fill } : { valid: submitActions(obs, byId(obs, 'answer')) };
  },
};
