// Task 23, search-engine: search "q", then click the k-th result (3 per page, k ≤ 9); +1 iff the
// k-th result; −1 on any result if the query was wrong (and on a wrong result).
import { act } from '../actions/action.js';
import { singlePageInstance } from './runtime.js';
import { byRoleName, instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { capitalize, ordinals, words } from './words.js';

export const searchEngine: TaskDef = {
  id: 'search-engine',
  meta: { pages: 'single', heldOut: false, oracleLength: 4 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const query = capitalize(rng.choice(words.firstNames));
    const results = sample(rng, words.lorem, 9).map((w) => `${query} ${w}`);
    const k = 1 + rng.int(9);
    const body = `<div><input type="text" id="search" aria-label="search"><button id="go">Search</button></div>
<div id="results"></div><div id="pages"></div>`;
    const goal = `Use the textbox to enter "${query}" and press "Search", then find and click the ${ordinals[k - 1]} search result.`;
    const script = `window.__state = { searched: null, page: 0 };
function show(page) {
  __state.page = page;
  var box = document.getElementById('results'); box.innerHTML = '';
  __task.results.slice(page * 3, page * 3 + 3).forEach(function (title, j) {
    var a = document.createElement('a'); a.href = '#'; a.textContent = title; a.className = 'r';
    var index = page * 3 + j + 1;
    a.addEventListener('click', function (e) { e.preventDefault(); WOB.end(__state.searched === __task.query && index === __task.k ? 1 : -1); });
    var d = document.createElement('div'); d.appendChild(a); box.appendChild(d);
  });
  var pages = document.getElementById('pages'); pages.innerHTML = '';
  [0, 1, 2].forEach(function (p) {
    var a = document.createElement('a'); a.href = '#'; a.textContent = String(p + 1); a.id = 'page' + p;
    a.style.margin = '4px';
    a.addEventListener('click', function (e) { e.preventDefault(); show(p); });
    pages.appendChild(a);
  });
}
function search() { __state.searched = document.getElementById('search').value; show(0); }
document.getElementById('go').addEventListener('click', search);
document.getElementById('search').addEventListener('keydown', function (e) { if (e.key === 'Enter') search(); });`;
    const task = { query, results, k };
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { query, k, title: results[k - 1] },
      body,
      task,
      script,
    });
  },
  oracle(obs, params) {
    const state = (obs.pageState ?? { searched: null, page: 0 }) as { searched: string | null; page: number };
    const box = mustFind(obs, 'the search box', (el) => el.domId === 'search');
    const go = mustFind(obs, 'Search', (el) => el.domId === 'go');
    const query = String(params.query);
    if (state.searched !== query) {
      if (box.value !== query)
        return { valid: [act.fill(box.bid, query)], recovering: state.searched !== null };
      return { valid: [act.click(go.bid), act.press(box.bid, 'Enter')] };
    }
    const result = byRoleName(obs, 'link', String(params.title));
    if (result) return { valid: [act.click(result.bid)] };
    const page = Math.floor((Number(params.k) - 1) / 3);
    return { valid: [act.click(mustFind(obs, 'the page link', (el) => el.domId === `page${page}`).bid)] };
  },
};
