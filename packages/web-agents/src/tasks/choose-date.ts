// choose-date (MiniWoB choose-date-medium): pick a date with a date-picker widget, then Submit; on
// Submit +1 iff the read-only field holds the date (MM/DD/YYYY), else −1. The picker appears only
// after a click on the field (content that exists only after an interaction), opens on a seeded
// month and needs Prev / Next to reach the target month, at most 3 months away (MiniWoB's medium
// variant spans 2 months; 3 keeps the oracle within 6 steps of H = 15). A wrong day is recovered by
// opening the picker again. Month grids are computed here in Node, so the page uses no Date.
import { act } from '../actions/action.js';
import { singlePageInstance } from './runtime.js';
import { byId, instanceRng, mustFind, type TaskDef } from './task.js';

export const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const pad = (n: number) => String(n).padStart(2, '0');
const span = 4; // months the picker can move either way from its start month

export const chooseDate: TaskDef = {
  id: 'choose-date',
  // open the picker, 0–3 month moves (mean 1.7), the day, Submit
  meta: { pages: 'single', heldOut: false, oracleLength: 5 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const start = { year: 2010 + rng.int(15), month: rng.int(12) };
    const months = Array.from({ length: 2 * span + 1 }, (_, i) => {
      const first = new Date(Date.UTC(start.year, start.month + i - span, 1));
      const year = first.getUTCFullYear();
      const month = first.getUTCMonth();
      const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      return { label: `${monthNames[month]} ${year}`, year, month, days, offset: first.getUTCDay() };
    });
    const target = months[span - 3 + rng.int(7)]!;
    const day = 1 + rng.int(target.days);
    const date = `${pad(target.month + 1)}/${pad(day)}/${target.year}`;
    const body = `<p><label for="datepicker">Date:</label> <input type="text" id="datepicker" readonly>
<button id="submit">Submit</button></p>
<div id="picker" class="hidden" role="dialog" style="border:1px solid #888;width:260px;padding:4px">
<div><button id="prev" aria-label="Prev">&lt;</button> <span id="month"></span> <button id="next" aria-label="Next">&gt;</button></div>
<table id="days"></table></div>`;
    const goal = `Select ${date} as the date and hit submit.`;
    const script = `var view = ${span}, field = document.getElementById('datepicker'), picker = document.getElementById('picker');
function pad(n) { return (n < 10 ? '0' : '') + n; }
function render() {
  var m = __task.months[view];
  document.getElementById('month').textContent = m.label;
  document.getElementById('prev').disabled = view === 0;
  document.getElementById('next').disabled = view === __task.months.length - 1;
  var table = document.getElementById('days'); table.innerHTML = '';
  var row = null;
  for (var cell = 0; cell < m.offset + m.days; cell++) {
    if (cell % 7 === 0) row = table.insertRow();
    var td = row.insertCell();
    if (cell < m.offset) continue;
    var b = document.createElement('button'); b.className = 'day'; b.textContent = String(cell - m.offset + 1);
    b.addEventListener('click', function (d) { return function () {
      field.value = pad(m.month + 1) + '/' + pad(d) + '/' + m.year;
      picker.classList.add('hidden');
    }; }(cell - m.offset + 1));
    td.appendChild(b);
  }
}
field.addEventListener('click', function () { render(); picker.classList.remove('hidden'); });
document.getElementById('prev').addEventListener('click', function () { if (view > 0) { view--; render(); } });
document.getElementById('next').addEventListener('click', function () { if (view < __task.months.length - 1) { view++; render(); } });
document.getElementById('submit').addEventListener('click', function () { WOB.end(field.value === __task.date ? 1 : -1); });`;
    const task = { months, date };
    return singlePageInstance({ taskId: this.id, seed, goal, params: { date }, body, task, script });
  },
  // Reads the field, whether the picker is open and the month it shows; the target from the goal.
  oracle(obs, params) {
    const date = String(params.date);
    const field = mustFind(obs, 'the date field', (el) => el.domId === 'datepicker');
    const submit = mustFind(obs, 'Submit', (el) => el.domId === 'submit');
    const shown = byId(obs, 'month');
    if (field.value === date) return { valid: [act.click(submit.bid)] };
    const recovering = field.value !== '';
    if (!shown) return { valid: [act.click(field.bid)], recovering };
    const [mm, dd, yyyy] = date.split('/').map(Number) as [number, number, number];
    const [name, year] = shown.text.split(' ');
    const delta = (yyyy - Number(year)) * 12 + (mm - 1 - monthNames.indexOf(name ?? ''));
    if (delta !== 0) {
      const id = delta > 0 ? 'next' : 'prev';
      return { valid: [act.click(mustFind(obs, id, (el) => el.domId === id).bid)], recovering };
    }
    const dayButton = mustFind(obs, `day ${dd}`, (el) => el.tag === 'button' && el.name === String(dd));
    return { valid: [act.click(dayButton.bid)], recovering };
  },
};
