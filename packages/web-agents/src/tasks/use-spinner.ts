// use-spinner (MiniWoB use-spinner): set a spinner to n with its increment / decrement buttons, then
// Submit; on Submit +1 iff the value is n, else −1. The field is read-only (MiniWoB blocks typing
// into it), so the value can only be reached by clicking, one unit per click: a closed loop where the
// value shown after each click says what to do next, and an overshoot is undone with the other
// button (a recoverable mistake). n ≠ 0, unlike MiniWoB's −10…9: with n = 0 Submit alone would
// succeed, which would inflate the random policy's success.
import { act } from '../actions/action.js';
import { submitButton, submitWiring } from './common.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { words } from './words.js';

export const useSpinner: TaskDef = {
  id: 'use-spinner',
  // mean |n| + 1 Submit = 5.5 + 1
  meta: { pages: 'single', heldOut: false, oracleLength: 7 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const magnitude = 1 + rng.int(10);
    const n = rng.bernoulli(0.5) ? magnitude : -magnitude;
    // a seeded line of filler text: only 20 values of n, and instances must differ (≥ 95 % of seeds)
    const body = `<p>${escapeHtml(sample(rng, words.lorem, 6).join(' '))}</p>
<div><label for="spinner">Select a value:</label>
<input type="text" id="spinner" value="0" readonly style="width:60px">
<button id="up" aria-label="Increment">&#9650;</button><button id="down" aria-label="Decrement">&#9660;</button></div>
${submitButton}`;
    const goal = `Select ${n} with the spinner and hit Submit.`;
    const script = `var spinner = document.getElementById('spinner');
function bump(delta) { spinner.value = String(parseInt(spinner.value, 10) + delta); }
document.getElementById('up').addEventListener('click', function () { bump(1); });
document.getElementById('down').addEventListener('click', function () { bump(-1); });
function submit() { WOB.end(parseInt(spinner.value, 10) === __task.n ? 1 : -1); }
${submitWiring}`;
    return singlePageInstance({ taskId: this.id, seed, goal, params: { n }, body, task: { n }, script });
  },
  // Reads only the value shown in the field and n from the goal.
  oracle(obs, params) {
    const n = Number(params.n);
    const field = mustFind(obs, 'the spinner field', (el) => el.domId === 'spinner');
    const value = Number.parseInt(field.value ?? '0', 10);
    // past n, seen from 0: an overshoot (or a step the wrong way) being undone
    const recovering = value !== n && (Math.sign(value) === -Math.sign(n) || Math.abs(value) > Math.abs(n));
    if (value < n)
      return { valid: [act.click(mustFind(obs, 'Increment', (el) => el.domId === 'up').bid)], recovering };
    if (value > n)
      return { valid: [act.click(mustFind(obs, 'Decrement', (el) => el.domId === 'down').bid)], recovering };
    const submit = mustFind(obs, 'Submit', (el) => el.domId === 'submit');
    return { valid: [act.click(submit.bid), act.press(field.bid, 'Enter')] };
  },
};
