// drag-items (MiniWoB drag-items): drag one item of a vertical list to the k-th position, then Submit;
// on Submit +1 iff the k-th item is the requested one, else −1. The list is sorted by plain mouse
// events (press on an item, release over another), not HTML5 drag and drop, so the `input` backend's
// real mouse and the `locator` backend's dragTo move it the same way; a click (press and release on
// the same item) moves nothing. Departures: words instead of "Item 1…5", 3–6 items, and a Submit
// button, so a random click can never end the episode with +1 and the answer is committed on purpose.
// The student cannot drag (README), so the task is held out: its traces would teach it only Submit.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { instanceRng, mustFind, OracleStuck, sample, type TaskDef } from './task.js';
import { ordinals, words } from './words.js';

/**
 * The list after dropping the item at index `from` on the item at index `to`: the dragged item takes
 * the target's place and the items between shift by one (a sortable list). The page's mouseup
 * handler below does the same to the DOM.
 */
export function dropped<T>(order: readonly T[], from: number, to: number): T[] {
  const rest = order.filter((_, i) => i !== from);
  return [...rest.slice(0, to), order[from]!, ...rest.slice(to)];
}

/**
 * Every drop (from, to) after which `item` is at `position`: the item onto the k-th (canonical,
 * first), and, when it is one off, any other item moved past it.
 */
export function placingDrops(names: readonly string[], item: string, position: number): [number, number][] {
  const at = names.indexOf(item);
  const drops: [number, number][] = [[at, position]];
  for (let from = 0; from < names.length; from++)
    for (let to = 0; to < names.length; to++) {
      if (from === to || (from === at && to === position)) continue;
      if (dropped(names, from, to)[position] === item) drops.push([from, to]);
    }
  return drops;
}

const itemStyle =
  'height:26px;line-height:26px;margin:2px 0;padding:0 8px;border:1px solid #888;background:#f4f4f4;user-select:none;cursor:move';

const script = `var list = document.getElementById('list');
var dragged = null;
list.addEventListener('mousedown', function (e) {
  var item = e.target.closest('.item');
  if (!item || e.button !== 0) return;
  e.preventDefault(); // no text selection while dragging
  dragged = item;
  item.style.background = '#cde';
});
document.addEventListener('mouseup', function (e) {
  if (!dragged) return;
  var source = dragged;
  dragged = null;
  source.style.background = '#f4f4f4';
  var target = e.target.closest ? e.target.closest('#list .item') : null;
  if (!target || target === source) return;
  var items = Array.prototype.slice.call(list.children);
  list.insertBefore(source, items.indexOf(source) < items.indexOf(target) ? target.nextSibling : target);
});
document.getElementById('submit').addEventListener('click', function () {
  var at = list.children[__task.position];
  WOB.end(at && at.textContent === __task.item ? 1 : -1);
});`;

export const dragItems: TaskDef = {
  id: 'drag-items',
  meta: { pages: 'single', heldOut: true, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const items = sample(rng, words.fruits, 3 + rng.int(4));
    const position = rng.int(items.length);
    // never already in place: Submit alone would succeed
    const item = items[(position + 1 + rng.int(items.length - 1)) % items.length]!;
    const body = `<ul id="list" style="list-style:none;padding:0;width:220px">
${items.map((it, i) => `<li class="item" id="item-${i}" style="${itemStyle}">${escapeHtml(it)}</li>`).join('\n')}
</ul>
<button id="submit">Submit</button>`;
    const goal = `Drag "${item}" to the ${ordinals[position]} position in the list, then click Submit.`;
    const task = { item, position };
    return singlePageInstance({ taskId: this.id, seed, goal, params: task, body, task, script });
  },
  // Reads the list's order from the observation; the item and the position from the goal.
  oracle(obs, params) {
    const list = mustFind(obs, 'the list', (el) => el.domId === 'list');
    const items = obs.elements.filter((el) => el.parentBid === list.bid);
    const names = items.map((el) => el.name);
    const item = String(params.item);
    const position = Number(params.position);
    const at = names.indexOf(item);
    if (at < 0) throw new OracleStuck(`drag-items: no item '${item}' at ${obs.url}`);
    if (at === position)
      return { valid: [act.click(mustFind(obs, 'Submit', (el) => el.domId === 'submit').bid)] };
    const valid = placingDrops(names, item, position).map(([from, to]) =>
      act.drag(items[from]!.bid, items[to]!.bid),
    );
    return { valid };
  },
};
