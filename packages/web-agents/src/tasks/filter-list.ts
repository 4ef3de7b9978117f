// Task E2, filter-list (held out, multi-page): a list of 20–40 records; build 1–2 conditions
// (field, operator, value), then Apply. Apply is a real navigation to list.html?f1=..&o1=..&v1=..;
// +1 as soon as the applied filter equals the target (order of conditions ignored); a wrong Apply is
// NOT terminal: the new page shows the filtered list with the builder pre-filled.
import { act } from '../actions/action.js';
import { escapeHtml, renderPage } from './runtime.js';
import { byId, instanceRng, mustFind, type TaskDef } from './task.js';
import { capitalize, words } from './words.js';

interface Condition {
  field: string;
  op: string;
  value: string;
}

const fieldNames = ['State', 'Priority', 'Assigned to', 'Department'];
const ops = ['is', 'is not', 'contains'];

export const filterList: TaskDef = {
  id: 'filter-list',
  meta: { pages: 'multi', heldOut: true, oracleLength: 5 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const people = rng.shuffle(words.firstNames).slice(0, 5).map(capitalize);
    const values: Record<string, string[]> = {
      State: ['New', 'In Progress', 'Resolved', 'Closed'],
      Priority: ['Low', 'Medium', 'High', 'Critical'],
      'Assigned to': people,
      Department: words.departments.slice(0, 5),
    };
    const records = Array.from({ length: 20 + rng.int(21) }, (_, i) => ({
      number: `INC00${2000 + i}`,
      State: rng.choice(values.State!),
      Priority: rng.choice(values.Priority!),
      'Assigned to': rng.choice(people),
      Department: rng.choice(values.Department!),
    }));
    const nConditions = 1 + rng.int(2);
    const chosenFields = rng.shuffle(fieldNames).slice(0, nConditions);
    const conditions: Condition[] = chosenFields.map((field) => ({
      field,
      op: rng.choice(ops.slice(0, 2)),
      value: rng.choice(values[field]!),
    }));
    const goal = `Filter the incident list to show records where ${conditions.map((c) => `"${c.field}" ${c.op} "${c.value}"`).join(' and ')}, then apply the filter.`;
    const select = (id: string, options: string[]) =>
      `<select id="${id}">${options.map((o) => `<option>${escapeHtml(o)}</option>`).join('')}</select>`;
    const row = (k: number) =>
      `<div id="cond${k}"${k === 2 ? ' class="hidden"' : ''}>${select(`f${k}`, ['-- field --', ...fieldNames])}${select(`o${k}`, ops)}<input type="text" id="v${k}" aria-label="value ${k}"></div>`;
    const body = `<h2>Incidents</h2><div id="builder">${row(1)}${row(2)}<button id="add">Add condition</button><button id="apply">Apply</button></div>
<table border="1" id="list"></table>`;
    const task = { conditions, records, fieldNames };
    const script = `var q = new URLSearchParams(location.search);
var applied = [];
[1, 2].forEach(function (k) { if (q.get('f' + k)) applied.push({ field: q.get('f' + k), op: q.get('o' + k) || 'is', value: q.get('v' + k) || '' }); });
window.__state = { applied: applied };
applied.forEach(function (c, i) {
  var k = i + 1;
  document.getElementById('f' + k).value = c.field; document.getElementById('o' + k).value = c.op; document.getElementById('v' + k).value = c.value;
  if (k === 2) document.getElementById('cond2').classList.remove('hidden');
});
function key(c) { return c.field + '\\u0000' + c.op + '\\u0000' + c.value; }
var want = __task.conditions.map(key).sort().join('|');
if (applied.length > 0 && applied.map(key).sort().join('|') === want) WOB.end(1);
function matches(r, c) {
  var v = r[c.field] || '';
  return c.op === 'is' ? v === c.value : c.op === 'is not' ? v !== c.value : v.indexOf(c.value) >= 0;
}
var shown = __task.records.filter(function (r) { return applied.every(function (c) { return matches(r, c); }); }).slice(0, 10);
var table = document.getElementById('list');
table.innerHTML = '<tr><th>Number</th>' + __task.fieldNames.map(function (f) { return '<th>' + f + '</th>'; }).join('') + '</tr>';
shown.forEach(function (r) {
  var tr = document.createElement('tr');
  ['number'].concat(__task.fieldNames).forEach(function (f) { var td = document.createElement('td'); td.textContent = r[f]; tr.appendChild(td); });
  table.appendChild(tr);
});
document.getElementById('add').addEventListener('click', function () { document.getElementById('cond2').classList.remove('hidden'); });
document.getElementById('apply').addEventListener('click', function () {
  var p = new URLSearchParams();
  [1, 2].forEach(function (k) {
    var f = document.getElementById('f' + k).value;
    if (f !== '-- field --' && !(k === 2 && document.getElementById('cond2').classList.contains('hidden'))) {
      p.set('f' + k, f); p.set('o' + k, document.getElementById('o' + k).value); p.set('v' + k, document.getElementById('v' + k).value);
    }
  });
  location.href = 'list.html?' + p.toString();
});`;
    return {
      taskId: this.id,
      seed,
      goal,
      params: { conditions },
      startPath: 'list.html',
      pages: { 'list.html': renderPage({ title: this.id, goal, body, task, script }) },
    };
  },
  oracle(obs, params) {
    const conditions = params.conditions as Condition[];
    // Set the builder rows to the target conditions in goal order, adding row 2 when needed; then Apply.
    for (const [i, c] of conditions.entries()) {
      const k = i + 1;
      const fieldSelect = byId(obs, `f${k}`);
      if (!fieldSelect)
        return { valid: [act.click(mustFind(obs, 'Add condition', (el) => el.domId === 'add').bid)] };
      if (fieldSelect.value !== c.field) return { valid: [act.select(fieldSelect.bid, c.field)] };
      const opSelect = mustFind(obs, 'operator', (el) => el.domId === `o${k}`);
      if (opSelect.value !== c.op) return { valid: [act.select(opSelect.bid, c.op)] };
      const value = mustFind(obs, 'value', (el) => el.domId === `v${k}`);
      if (value.value !== c.value) return { valid: [act.fill(value.bid, c.value)] };
    }
    const extra = byId(obs, 'f2');
    if (conditions.length === 1 && extra && extra.value !== '-- field --')
      return { valid: [act.select(extra.bid, '-- field --')], recovering: true };
    return { valid: [act.click(mustFind(obs, 'Apply', (el) => el.domId === 'apply').bid)] };
  },
};
