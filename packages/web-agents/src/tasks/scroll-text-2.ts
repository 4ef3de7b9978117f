// scroll-text-2 (MiniWoB scroll-text-2): scroll the text to its top or bottom, then Submit; on
// Submit +1 iff the requested end of the text is on screen, else −1. MiniWoB scrolls a textarea; here
// the page itself scrolls (one line per element, fixed line height), because the `scroll` action
// turns the mouse wheel wherever the mouse happens to be, and only the page scrolls whatever the
// pointer is over. Submit sits in a fixed bar, so clicking it scrolls nothing. "On screen" is the
// serializer's `visible` flag (the box intersects the viewport), the same test the page applies,
// so the state is in the observation. Clicking a line also scrolls it into view; the oracle uses
// `scroll(0, ±200)`, the student's scroll_down / scroll_up.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { words } from './words.js';

export const scrollText2: TaskDef = {
  id: 'scroll-text-2',
  // 30–55 lines of 30 px against a 600 px viewport: about 2–6 scrolls, then Submit (≤ 55 lines keeps
  // every line within the student's 64 elements)
  meta: { pages: 'single', heldOut: false, oracleLength: 5 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const target = rng.bernoulli(0.5) ? 'top' : 'bottom';
    const n = 30 + rng.int(26);
    const lines = Array.from({ length: n }, () => sample(rng, words.lorem, 4 + rng.int(5)).join(' '));
    const body = `<div id="bar" style="position:fixed;top:8px;right:8px;background:#ddd;padding:4px">
<button id="submit">Submit</button></div>
<div id="text">${lines.map((l, i) => `<p class="line" id="line-${i}" style="height:30px;margin:0">${escapeHtml(l)}</p>`).join('')}</div>`;
    const goal = `Scroll the text to the ${target} and click Submit.`;
    // starts at the other end, so the requested end is off screen
    const script = `history.scrollRestoration = 'manual';
window.scrollTo(0, __task.target === 'top' ? document.body.scrollHeight : 0);
function onScreen(el) { var r = el.getBoundingClientRect(); return r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth; }
document.getElementById('submit').addEventListener('click', function () {
  var lines = document.querySelectorAll('#text .line');
  WOB.end(onScreen(lines[__task.target === 'top' ? 0 : lines.length - 1]) ? 1 : -1);
});`;
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
  // Reads the first and last lines' visibility; which end is wanted comes from the goal.
  oracle(obs, params) {
    const lines = obs.elements.filter((el) => el.domId.startsWith('line-'));
    const end = params.target === 'top' ? lines[0] : lines.at(-1);
    if (!end) throw new Error(`scroll-text-2: no text lines at ${obs.url}`);
    if (!end.visible) return { valid: [act.scroll(0, params.target === 'top' ? -200 : 200)] };
    return { valid: [act.click(mustFind(obs, 'Submit', (el) => el.domId === 'submit').bid)] };
  },
};
