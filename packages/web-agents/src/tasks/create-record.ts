// Task E1, create-record (WorkArena-L1-like, multi-page): list page → New → form with 5–8 fields
// (text, <select>, checkbox, date) → Submit. On Submit +1 iff every field named in the goal matches
// and the others keep their defaults, else −1.
import { type Action, act } from '../actions/action.js';
import { escapeHtml, renderPage } from './runtime.js';
import { byId, instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { capitalize, words } from './words.js';

interface Field {
  id: string;
  label: string;
  kind: 'text' | 'select' | 'checkbox';
  options?: string[];
  /** default value ('' for text, first option for select, 'false' for checkbox) */
  initial: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function fieldHtml(f: Field): string {
  const label = `<label for="${f.id}">${escapeHtml(f.label)}</label>`;
  if (f.kind === 'select')
    return `<div>${label}<select id="${f.id}">${f.options!.map((o) => `<option>${escapeHtml(o)}</option>`).join('')}</select></div>`;
  if (f.kind === 'checkbox') return `<div><input type="checkbox" id="${f.id}">${label}</div>`;
  return `<div>${label}<input type="text" id="${f.id}"></div>`;
}

export const createRecord: TaskDef = {
  id: 'create-record',
  meta: { pages: 'multi', heldOut: false, oracleLength: 4 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const all: Field[] = [
      { id: 'short', label: 'Short description', kind: 'text', initial: '' },
      {
        id: 'category',
        label: 'Category',
        kind: 'select',
        options: ['-- None --', 'Hardware', 'Software', 'Network', 'Access'],
        initial: '-- None --',
      },
      {
        id: 'priority',
        label: 'Priority',
        kind: 'select',
        options: ['Low', 'Medium', 'High', 'Critical'],
        initial: 'Low',
      },
      { id: 'assigned', label: 'Assigned to', kind: 'text', initial: '' },
      { id: 'urgent', label: 'Urgent', kind: 'checkbox', initial: 'false' },
      { id: 'due', label: 'Due date', kind: 'text', initial: '' },
      {
        id: 'department',
        label: 'Department',
        kind: 'select',
        options: ['-- None --', ...words.departments],
        initial: '-- None --',
      },
      { id: 'caller', label: 'Caller', kind: 'text', initial: '' },
    ];
    const fields = [all[0]!, ...rng.shuffle(all.slice(1)).slice(0, 4 + rng.int(4))];
    const named = [fields[0]!, ...sample(rng, fields.slice(1), 1 + rng.int(3))];
    const target: Record<string, string> = {};
    for (const f of named) {
      if (f.kind === 'checkbox') target[f.id] = 'true';
      else if (f.kind === 'select') target[f.id] = rng.choice(f.options!.filter((o) => o !== f.initial));
      else if (f.id === 'due') target[f.id] = `${pad(1 + rng.int(12))}/${pad(1 + rng.int(28))}/2026`;
      else if (f.id === 'short') target[f.id] = rng.choice(words.issues);
      else
        target[f.id] =
          `${capitalize(rng.choice(words.firstNames))} ${capitalize(rng.choice(words.lastNames))}`;
    }
    const ordered = fields.filter((f) => f.id in target);
    const goal = `Create a new incident with ${ordered
      .map((f) => (f.kind === 'checkbox' ? `"${f.label}" checked` : `"${f.label}" set to "${target[f.id]}"`))
      .join(', ')}.`;
    const task = { fields: fields.map((f) => ({ id: f.id, kind: f.kind, initial: f.initial })), target };
    const records = Array.from(
      { length: 4 + rng.int(4) },
      (_, i) => `<tr><td>INC00${1000 + i * 7}</td><td>${escapeHtml(rng.choice(words.issues))}</td></tr>`,
    );
    const pages = {
      'list.html': renderPage({
        title: this.id,
        goal,
        task,
        body: `<h2>Incidents</h2><a href="form.html" id="new">New</a><table border="1"><tr><th>Number</th><th>Short description</th></tr>${records.join('')}</table>`,
        script: '',
      }),
      'form.html': renderPage({
        title: this.id,
        goal,
        task,
        body: `<h2>New incident</h2>${fields.map(fieldHtml).join('\n')}<button id="submit">Submit</button>`,
        script: `document.getElementById('submit').addEventListener('click', function () {
  var ok = __task.fields.every(function (f) {
    var el = document.getElementById(f.id);
    var v = f.kind === 'checkbox' ? String(el.checked) : f.kind === 'select' ? el.options[el.selectedIndex].text : el.value;
    var want = Object.prototype.hasOwnProperty.call(__task.target, f.id) ? __task.target[f.id] : f.initial;
    return v === want;
  });
  WOB.end(ok ? 1 : -1);
});`,
      }),
    };
    return { taskId: this.id, seed, goal, params: task, pages, startPath: 'list.html' };
  },
  oracle(obs, params) {
    if (/list\.html/.test(obs.url))
      return { valid: [act.click(mustFind(obs, 'New', (el) => el.domId === 'new').bid)] };
    const { fields, target } = params as {
      fields: { id: string; kind: Field['kind']; initial: string }[];
      target: Record<string, string>;
    };
    const fixes: Action[] = [];
    let recovering = false;
    for (const f of fields) {
      const el = byId(obs, f.id);
      if (!el) continue;
      const want = target[f.id] ?? f.initial;
      const have = f.kind === 'checkbox' ? String(el.checked) : (el.value ?? '');
      if (have === want) continue;
      if (!(f.id in target)) recovering = true;
      fixes.push(
        f.kind === 'checkbox'
          ? act.click(el.bid)
          : f.kind === 'select'
            ? act.select(el.bid, want)
            : act.fill(el.bid, want),
      );
    }
    // Canonical: top-down; the reverse order is the "bottom-up form filling" style variant.
    if (fixes.length > 0) return { valid: fixes, recovering };
    return { valid: [act.click(mustFind(obs, 'Submit', (el) => el.domId === 'submit').bid)] };
  },
};
