// Task 24, book-flight (lite): book the cheapest/shortest flight A→B on date D; +1 iff a flight with
// the minimal price/duration is booked, else −1. Flights are listed only for the exact search.
import { act } from '../actions/action.js';
import { descendants, nextFill } from './common.js';
import { singlePageInstance } from './runtime.js';
import { byId, instanceRng, mustFind, OracleStuck, sample, type TaskDef } from './task.js';
import { words } from './words.js';

const pad = (n: number) => String(n).padStart(2, '0');

export const bookFlight: TaskDef = {
  id: 'book-flight',
  meta: { pages: 'single', heldOut: false, oracleLength: 5 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const [from, to] = sample(rng, words.cities, 2) as [string, string];
    const date = `${pad(1 + rng.int(12))}/${pad(1 + rng.int(28))}/2026`;
    const criterion = rng.bernoulli(0.5) ? 'cheapest' : 'shortest';
    const flights = Array.from({ length: 3 + rng.int(4) }, (_, i) => ({
      id: i,
      price: 80 + rng.int(400),
      minutes: 50 + rng.int(400),
    }));
    const best =
      criterion === 'cheapest'
        ? Math.min(...flights.map((f) => f.price))
        : Math.min(...flights.map((f) => f.minutes));
    const winners = flights
      .filter((f) => (criterion === 'cheapest' ? f.price : f.minutes) === best)
      .map((f) => f.id);
    const body = `<div><label for="from">From</label><input type="text" id="from"></div>
<div><label for="to">To</label><input type="text" id="to"></div>
<div><label for="date">Departure date</label><input type="text" id="date" placeholder="mm/dd/yyyy"></div>
<button id="search">Search</button><div id="flights"></div>`;
    const goal = `Book the ${criterion} one-way flight from ${from} to ${to} on ${date}.`;
    const script = `function search() {
  var box = document.getElementById('flights'); box.innerHTML = '';
  var ok = document.getElementById('from').value === __task.from && document.getElementById('to').value === __task.to && document.getElementById('date').value === __task.date;
  if (!ok) { box.textContent = 'No flights found.'; return; }
  __task.flights.forEach(function (f) {
    var d = document.createElement('div'); d.id = 'flight' + f.id; d.style.borderBottom = '1px solid #ccc';
    var s = document.createElement('span'); s.textContent = '$' + f.price + ' · ' + Math.floor(f.minutes / 60) + 'h ' + (f.minutes % 60) + 'm';
    var b = document.createElement('button'); b.textContent = 'Book flight';
    b.addEventListener('click', function () { WOB.end(__task.winners.indexOf(f.id) >= 0 ? 1 : -1); });
    d.appendChild(s); d.appendChild(b); box.appendChild(d);
  });
}
document.getElementById('search').addEventListener('click', search);`;
    const task = { from, to, date, flights, winners };
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { from, to, date, winners },
      body,
      task,
      script,
    });
  },
  oracle(obs, params) {
    const flights = obs.elements.filter((el) => /^flight\d+$/.test(el.domId));
    const fieldsRight = ['from', 'to', 'date'].every((id) => byId(obs, id)?.value === params[id]);
    if (flights.length > 0 && fieldsRight) {
      const valid = (params.winners as number[]).flatMap((id) => {
        const row = flights.find((el) => el.domId === `flight${id}`);
        const button = row ? descendants(obs, row.bid).find((el) => el.role === 'button') : undefined;
        return button ? [act.click(button.bid)] : [];
      });
      if (valid.length === 0) throw new OracleStuck('no winning flight listed');
      return { valid };
    }
    const fill = nextFill(obs, [
      ['from', String(params.from)],
      ['to', String(params.to)],
      ['date', String(params.date)],
    ]);
    if (fill) return { valid: fill };
    return { valid: [act.click(mustFind(obs, 'Search', (el) => el.domId === 'search').bid)] };
  },
};
