// Pieces several task pages and oracles share: a Submit button that Enter also triggers (brief §3.3
// design rules: Enter submits wherever a real form would), and the oracle's submit actions.
import { type Action, act } from '../actions/action.js';
import type { El, Obs } from '../env/obs.js';
import { byId, mustFind } from './task.js';

/** Wires #submit's click and Enter in any text field to `submit()` (which the page defines). */
export const submitWiring = `
document.getElementById('submit').addEventListener('click', function () { submit(); });
document.querySelectorAll('input[type=text], input[type=password], input:not([type])').forEach(function (field) {
  field.addEventListener('keydown', function (e) { if (e.key === 'Enter') submit(); });
});
`;

export const submitButton = '<button id="submit">Submit</button>';

/** Click Submit (canonical), or press Enter in `field` (a style variant). */
export function submitActions(obs: Obs, field?: El): Action[] {
  const submit = mustFind(obs, 'the Submit button', (el) => el.domId === 'submit');
  return field ? [act.click(submit.bid), act.press(field.bid, 'Enter')] : [act.click(submit.bid)];
}

/** The next fill of a form: the first field (in the given order) whose value differs from its target. */
export function nextFill(obs: Obs, targets: readonly [string, string][]): Action[] | undefined {
  for (const [domId, value] of targets) {
    const field = byId(obs, domId);
    if (field && field.value !== value) return [act.fill(field.bid, value)];
  }
  return undefined;
}

/** Every element below `ancestorBid` in the observation. */
export function descendants(obs: Obs, ancestorBid: string): El[] {
  const inside = new Set([ancestorBid]);
  const out: El[] = [];
  for (const el of obs.elements) {
    if (el.parentBid !== null && inside.has(el.parentBid)) {
      inside.add(el.bid);
      out.push(el);
    }
  }
  return out;
}

export function endedError(obs: Obs): never {
  throw new Error(`oracle called on a finished episode at ${obs.url}`);
}
