// phone-book (MiniWoB phone-book): find a person in a paginated contact book (one contact per page,
// 5 pages) and click their phone number, email or address. A click on any contact link ends the
// episode with MiniWoB's partial reward r = 0.7·(right person ? 1 : −1) + 0.3·(right field ? 1 : −1),
// so the right person with the wrong field gives 0.4 (a success, not a strict one) and the wrong
// person −0.4 or −1. Each page change replaces the contact shown (new elements). Departure: every
// page number is shown (MiniWoB shows only the current one), so a user without memory can sweep the
// book: the oracle pages forward and wraps to page 1 after the last page, never using which page
// holds the person (hidden until that page is shown).
import { act } from '../actions/action.js';
import { singlePageInstance } from './runtime.js';
import { byId, instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { capitalize, words } from './words.js';

const fields = ['phone', 'email', 'address'] as const;
const pages = 5;

export const phoneBook: TaskDef = {
  id: 'phone-book',
  // mean 2 page moves (the person is on page 1–5), then the link
  meta: { pages: 'single', heldOut: true, oracleLength: 3 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const names = sample(rng, words.firstNames, pages).map(
      (first) => `${capitalize(first)} ${capitalize(rng.choice(words.lastNames))}`,
    );
    const contacts = names.map((name) => {
      const phone = `${110 + rng.int(880)}-${String(rng.int(1000)).padStart(3, '0')}-${String(rng.int(10000)).padStart(4, '0')}`;
      const email = `${name.split(' ')[0]!.toLowerCase()}${rng.bernoulli(0.5) ? rng.int(1000) : ''}@${rng.choice(words.lorem)}.com`;
      const address = `${1 + rng.int(9999)} ${capitalize(rng.choice(words.lorem))} ${rng.choice(['Street', 'Road', 'Avenue', 'Lane'])}`;
      return { name, phone, email, address };
    });
    const index = rng.int(pages);
    const field = rng.choice(fields);
    const body = `<div id="contact"></div><div id="pagination" style="margin-top:12px"></div>`;
    const goal = `Find ${names[index]} in the contact book and click on their ${field}${field === 'phone' ? ' number' : ''}.`;
    const script = `function link(text, onClick) {
  var a = document.createElement('a'); a.textContent = text; a.className = 'clk';
  a.style.margin = '0 4px'; a.addEventListener('click', onClick); return a;
}
function show(page) {
  var c = __task.contacts[page], box = document.getElementById('contact');
  box.innerHTML = '<h2 id="name"></h2>';
  document.getElementById('name').textContent = c.name;
  ['phone', 'email', 'address'].forEach(function (f) {
    var row = document.createElement('div'), label = document.createElement('b');
    label.textContent = f.charAt(0).toUpperCase() + f.slice(1) + ': ';
    var a = link(c[f], function () {
      WOB.end(0.7 * (page === __task.index ? 1 : -1) + 0.3 * (f === __task.field ? 1 : -1));
    });
    a.id = f; row.appendChild(label); row.appendChild(a); box.appendChild(row);
  });
  var nav = document.getElementById('pagination'); nav.innerHTML = '';
  if (page > 0) { var prev = link('<', function () { show(page - 1); }); prev.id = 'prev'; nav.appendChild(prev); }
  for (var p = 0; p < __task.contacts.length; p++) {
    if (p === page) { var cur = document.createElement('b'); cur.textContent = String(p + 1); nav.appendChild(cur); continue; }
    var num = link(String(p + 1), function (q) { return function () { show(q); }; }(p)); num.id = 'page-' + p; nav.appendChild(num);
  }
  if (page < __task.contacts.length - 1) { var next = link('>', function () { show(page + 1); }); next.id = 'next'; nav.appendChild(next); }
}
show(0);`;
    const task = { contacts, index, field };
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { name: names[index], field, index },
      body,
      task,
      script,
    });
  },
  // Reads the contact shown and the pagination links; the person and field come from the goal.
  oracle(obs, params) {
    const shown = mustFind(obs, 'the contact name', (el) => el.domId === 'name');
    if (shown.name === params.name) {
      const field = String(params.field);
      return { valid: [act.click(mustFind(obs, field, (el) => el.domId === field).bid)] };
    }
    const next = byId(obs, 'next') ?? mustFind(obs, 'page 1', (el) => el.domId === 'page-0');
    return { valid: [act.click(next.bid)] };
  },
};
