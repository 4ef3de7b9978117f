// Task 6, focus-text: focus the textbox; +1 on focus.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { words } from './words.js';

export const focusText: TaskDef = {
  id: 'focus-text',
  meta: { pages: 'single', heldOut: false, oracleLength: 1 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const before = `<p>${escapeHtml(sample(rng, words.lorem, 3 + rng.int(8)).join(' '))}</p>`;
    const pad = 10 + rng.int(300);
    const body = `${before}<div style="padding-left:${pad}px"><input type="text" id="tt"></div><button>${escapeHtml(rng.choice(words.lorem))}</button>`;
    const goal = 'Focus into the textbox.';
    const script = `document.getElementById('tt').addEventListener('focus', function () { WOB.end(1); });`;
    return singlePageInstance({ taskId: this.id, seed, goal, params: {}, body, task: {}, script });
  },
  oracle(obs) {
    const box = mustFind(obs, 'the textbox', (el) => el.domId === 'tt');
    return { valid: [act.click(box.bid), act.focus(box.bid)] };
  },
};
