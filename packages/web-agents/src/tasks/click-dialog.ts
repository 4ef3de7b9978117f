// Task 3, click-dialog: close the dialog with its "x"; +1 on close. The dialog covers the page, so a
// click elsewhere is blocked by the overlay as in a browser; OK/Cancel do nothing.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { capitalize, words } from './words.js';

export const clickDialog: TaskDef = {
  id: 'click-dialog',
  meta: { pages: 'single', heldOut: false, oracleLength: 1 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const title = sample(rng, words.lorem, 2).map(capitalize).join(' ');
    const text = sample(rng, words.lorem, 6 + rng.int(6)).join(' ');
    const top = 60 + rng.int(200);
    const left = 40 + rng.int(300);
    const body = `<p>${escapeHtml(sample(rng, words.lorem, 10).join(' '))}</p>
<div id="overlay" style="position:fixed;left:0;top:0;width:100%;height:100%;background:rgba(0,0,0,0.2)"></div>
<div role="dialog" id="dialog" style="position:fixed;top:${top}px;left:${left}px;width:300px;background:#fff;border:1px solid #888;padding:6px">
<div><span>${escapeHtml(title)}</span> <button id="close" aria-label="x" style="float:right">x</button></div>
<p>${escapeHtml(text)}</p><button>OK</button><button>Cancel</button></div>`;
    const goal = 'Close the dialog box by clicking the "x".';
    const script = `document.getElementById('close').addEventListener('click', function () {
  document.getElementById('dialog').style.display = 'none';
  document.getElementById('overlay').style.display = 'none';
  WOB.end(1);
});`;
    return singlePageInstance({ taskId: this.id, seed, goal, params: {}, body, task: {}, script });
  },
  oracle(obs) {
    return { valid: [act.click(mustFind(obs, 'the close button', (el) => el.domId === 'close').bid)] };
  },
};
