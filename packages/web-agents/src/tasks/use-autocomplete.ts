// Task 12, use-autocomplete: enter an item starting with f (and, 75 % of the time, ending with e).
// On Submit +1 iff the value starts with f (and ends with e); whether the item is in the list is
// NOT checked (MiniWoB quirk, kept, brief §3.3 and pitfall 8). The menu appears after typing.
import { act } from '../actions/action.js';
import { submitActions, submitButton, submitWiring } from './common.js';
import { singlePageInstance } from './runtime.js';
import { instanceRng, mustFind, type TaskDef } from './task.js';
import { capitalize, words } from './words.js';

export const useAutocomplete: TaskDef = {
  id: 'use-autocomplete',
  meta: { pages: 'single', heldOut: false, oracleLength: 3 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const items = words.fruits.map(capitalize);
    const item = rng.choice(items);
    const prefix = item.slice(0, 2);
    const suffix = rng.bernoulli(0.75) ? item.slice(-2) : '';
    const body = `<div style="margin-left:${rng.int(300)}px"><label for="tags">Tags</label><input type="text" id="tags" autocomplete="off"></div><ul id="menu"></ul>${submitButton}`;
    const goal = suffix
      ? `Enter an item that starts with "${prefix}" and ends with "${suffix}".`
      : `Enter an item that starts with "${prefix}".`;
    const script = `var box = document.getElementById('tags'), menu = document.getElementById('menu');
box.addEventListener('input', function () {
  menu.innerHTML = '';
  var v = box.value.toLowerCase();
  if (v.length < 2) return;
  __task.items.forEach(function (it) {
    if (it.toLowerCase().indexOf(v) === 0) {
      var li = document.createElement('li'); li.textContent = it; li.className = 'clk';
      li.addEventListener('click', function () { box.value = it; menu.innerHTML = ''; });
      menu.appendChild(li);
    }
  });
});
function submit() {
  var v = box.value;
  WOB.end(v.indexOf(__task.prefix) === 0 && v.slice(v.length - __task.suffix.length) === __task.suffix ? 1 : -1);
}
${submitWiring}`;
    const task = { items, prefix, suffix };
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { item, prefix, suffix },
      body,
      task,
      script,
    });
  },
  oracle(obs, params) {
    const box = mustFind(obs, 'the textbox', (el) => el.domId === 'tags');
    const item = String(params.item);
    if (box.value === item) return { valid: submitActions(obs, box) };
    const entry = obs.elements.find((el) => el.role === 'listitem' && el.name === item);
    if (entry && box.value === params.prefix) return { valid: [act.click(entry.bid)] };
    // Type the prefix, then pick the true item from the menu (the oracle picks the true item).
    return { valid: [act.fill(box.bid, String(params.prefix))], recovering: box.value !== '' };
  },
};
