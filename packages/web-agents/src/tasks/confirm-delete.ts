// confirm-delete: delete one item of a list. Each row has its own Delete button; a click on it opens
// a modal confirmation naming the row's item ("Delete 'X'?") over an overlay that blocks the page.
// Confirming ends the episode: +1 iff it was the requested item, else −1; Cancel closes the dialog
// and the episode goes on, so a Delete click on the wrong row is a recoverable mistake (the dialog
// says which item it would delete). No MiniWoB task has a recoverable wrong click behind a dialog
// (click-dialog-2 only asks which dialog button to press); this is the pattern asked for by issue 17.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { byId, instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { words } from './words.js';

export const confirmDelete: TaskDef = {
  id: 'confirm-delete',
  meta: { pages: 'single', heldOut: false, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const items = sample(rng, words.fruits, 3 + rng.int(4));
    const target = rng.choice(items);
    const rows = items
      .map(
        (item, i) =>
          `<li id="row-${i}"><span>${escapeHtml(item)}</span> <button class="del" data-item="${escapeHtml(item)}">Delete</button></li>`,
      )
      .join('\n');
    const body = `<ul id="items">${rows}</ul>
<div id="overlay" class="hidden" style="position:fixed;left:0;top:0;width:100%;height:100%;background:rgba(0,0,0,0.2)"></div>
<div id="dialog" role="dialog" class="hidden" style="position:fixed;top:${80 + rng.int(120)}px;left:${60 + rng.int(200)}px;width:280px;background:#fff;border:1px solid #888;padding:8px">
<p>Delete '<span id="dialog-item"></span>'? This cannot be undone.</p>
<button id="dialog-delete">Delete</button> <button id="dialog-cancel">Cancel</button></div>`;
    const goal = `Delete the item "${target}" from the list.`;
    const script = `var pending = null;
function toggle(open) { ['overlay', 'dialog'].forEach(function (id) { document.getElementById(id).classList.toggle('hidden', !open); }); }
document.querySelectorAll('button.del').forEach(function (b) {
  b.addEventListener('click', function () { pending = b.getAttribute('data-item'); document.getElementById('dialog-item').textContent = pending; toggle(true); });
});
document.getElementById('dialog-cancel').addEventListener('click', function () { pending = null; toggle(false); });
document.getElementById('dialog-delete').addEventListener('click', function () { WOB.end(pending === __task.target ? 1 : -1); });`;
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
  // Reads the dialog (open or not, which item it names) and the rows; the item from the goal.
  oracle(obs, params) {
    const target = String(params.target);
    const named = byId(obs, 'dialog-item');
    if (named) {
      if (named.text === target)
        return { valid: [act.click(mustFind(obs, 'confirm', (el) => el.domId === 'dialog-delete').bid)] };
      return {
        valid: [act.click(mustFind(obs, 'Cancel', (el) => el.domId === 'dialog-cancel').bid)],
        recovering: true,
      };
    }
    const label = mustFind(obs, target, (el) => el.role === 'StaticText' && el.name === target);
    const row = label.parentBid;
    return {
      valid: [
        act.click(
          mustFind(obs, `Delete of ${target}`, (el) => el.parentBid === row && el.name === 'Delete').bid,
        ),
      ],
    };
  },
};
