// form-wizard: a three-step registration form (Contact → Preferences → Review) shown one step at a
// time, with Next / Back and a summary box of the entries that stays on screen. Next refuses an
// incomplete step (an error line appears, the step stays); Confirm on the last step ends the
// episode: +1 iff the name, department and newsletter choice all match the goal, else −1. No
// MiniWoB task is a multi-step form (form-sequence-2 and multi-layouts are one screen); this follows
// the WorkArena-like wizards of enterprise sites (like E1 create-record, but within one page, so a
// mistake on an earlier step is fixed by going Back, which the summary box makes visible).
import { act } from '../actions/action.js';
import { nextFill } from './common.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { byId, instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { capitalize, words } from './words.js';

export const formWizard: TaskDef = {
  id: 'form-wizard',
  // 2 fills, Next, select, (tick: half the seeds), Next, Confirm
  meta: { pages: 'single', heldOut: false, oracleLength: 7 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const first = capitalize(rng.choice(words.firstNames));
    const last = capitalize(rng.choice(words.lastNames));
    const departments = sample(rng, words.departments, Math.min(words.departments.length, 4 + rng.int(3)));
    const department = rng.choice(departments);
    const subscribe = rng.bernoulli(0.5);
    const options = departments.map((d) => `<option>${escapeHtml(d)}</option>`).join('');
    const body = `<div id="summary" style="float:right;width:240px;border:1px solid #aaa;padding:4px">
<b>Your entries</b><div>Name: <span id="sum-name"></span></div><div>Department: <span id="sum-dept"></span></div>
<div>Newsletter: <span id="sum-news">no</span></div></div>
<div id="step-1"><h3>Step 1 of 3: Contact</h3>
<div><label for="first">First name</label><input type="text" id="first"></div>
<div><label for="last">Last name</label><input type="text" id="last"></div>
<p id="error-1" class="hidden">Please fill in every field.</p><button id="next-1">Next</button></div>
<div id="step-2" class="hidden"><h3>Step 2 of 3: Preferences</h3>
<div><label for="dept">Department</label><select id="dept"><option>Choose one</option>${options}</select></div>
<div><input type="checkbox" id="news"><label for="news">Subscribe to the newsletter</label></div>
<p id="error-2" class="hidden">Please choose a department.</p><button id="back-2">Back</button><button id="next-2">Next</button></div>
<div id="step-3" class="hidden"><h3>Step 3 of 3: Review</h3><p>Check your entries, then confirm.</p>
<button id="back-3">Back</button><button id="confirm">Confirm</button></div>`;
    const goal = `Register ${first} ${last} in the ${department} department, ${subscribe ? 'subscribed' : 'not subscribed'} to the newsletter, using the form, then confirm.`;
    const script = `function $(id) { return document.getElementById(id); }
function go(step) { [1, 2, 3].forEach(function (s) { $('step-' + s).classList.toggle('hidden', s !== step); }); }
function dept() { return $('dept').selectedIndex > 0 ? $('dept').value : ''; }
function sync() {
  $('sum-name').textContent = ($('first').value + ' ' + $('last').value).trim();
  $('sum-dept').textContent = dept();
  $('sum-news').textContent = $('news').checked ? 'yes' : 'no';
}
['first', 'last'].forEach(function (id) { $(id).addEventListener('input', sync); });
$('dept').addEventListener('change', sync); $('news').addEventListener('change', sync);
$('next-1').addEventListener('click', function () {
  var ok = $('first').value !== '' && $('last').value !== '';
  $('error-1').classList.toggle('hidden', ok); if (ok) go(2);
});
$('next-2').addEventListener('click', function () {
  var ok = dept() !== ''; $('error-2').classList.toggle('hidden', ok); if (ok) go(3);
});
$('back-2').addEventListener('click', function () { go(1); });
$('back-3').addEventListener('click', function () { go(2); });
$('confirm').addEventListener('click', function () {
  var t = __task;
  WOB.end($('first').value === t.first && $('last').value === t.last && dept() === t.department && $('news').checked === t.subscribe ? 1 : -1);
});`;
    const task = { first, last, department, subscribe };
    return singlePageInstance({ taskId: this.id, seed, goal, params: task, body, task, script });
  },
  // The step on screen and the summary box from the observation; the entries from the goal.
  oracle(obs, params) {
    const p = params as { first: string; last: string; department: string; subscribe: boolean };
    const summary = (id: string) => byId(obs, id)?.text ?? '';
    const nameOk = summary('sum-name') === `${p.first} ${p.last}`;
    const prefsOk =
      summary('sum-dept') === p.department && summary('sum-news') === (p.subscribe ? 'yes' : 'no');
    const click = (id: string) => act.click(mustFind(obs, id, (el) => el.domId === id).bid);
    if (byId(obs, 'confirm')) {
      if (!nameOk || !prefsOk) return { valid: [click('back-3')], recovering: true };
      return { valid: [click('confirm')] };
    }
    if (byId(obs, 'next-2')) {
      if (!nameOk) return { valid: [click('back-2')], recovering: true };
      const select = mustFind(obs, 'Department', (el) => el.domId === 'dept');
      if (select.value !== p.department) return { valid: [act.select(select.bid, p.department)] };
      const news = mustFind(obs, 'the newsletter box', (el) => el.domId === 'news');
      if (news.checked !== p.subscribe) return { valid: [act.click(news.bid)] };
      return { valid: [click('next-2')] };
    }
    const fill = nextFill(obs, [
      ['first', p.first],
      ['last', p.last],
    ]);
    return { valid: fill ?? [click('next-1')] };
  },
};
