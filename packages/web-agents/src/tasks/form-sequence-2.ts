// form-sequence-2 (MiniWoB form-sequence-2): check the k-th of 3 unlabelled radio buttons, type a
// number into the j-th of 3 unlabelled textboxes, then Submit; on Submit +1 iff the k-th radio is
// checked, the j-th box holds the number and the other boxes are empty, else −1. Only the order of
// the controls tells them apart (ordinal grounding). Departure: MiniWoB's check accepts ANY checked
// radio (it tests only that one is checked); here it must be the k-th, as the goal says.
import { act } from '../actions/action.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { instanceRng, mustFind, sample, type TaskDef } from './task.js';
import { ordinals, words } from './words.js';

export const formSequence2: TaskDef = {
  id: 'form-sequence-2',
  meta: { pages: 'single', heldOut: false, oracleLength: 3 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const radio = rng.int(3);
    const box = rng.int(3);
    const number = String(rng.int(61) - 10); // MiniWoB: −10…50
    // a seeded line of filler text, so instances differ beyond the 549 (radio, box, number) triples
    const body = `<p>${escapeHtml(sample(rng, words.lorem, 6).join(' '))}</p>
<div>${[0, 1, 2].map((i) => `<input type="radio" name="radio" id="radio-${i}" value="${i}">`).join('\n')}</div>
<div>${[0, 1, 2].map((i) => `<input type="text" id="input-${i}" style="width:40px">`).join('\n')}</div>
<div><button id="submit" style="height:40px">Submit</button></div>`;
    const goal = `Check the ${ordinals[radio]} radio button and enter the number "${number}" into the ${ordinals[box]} textbox.`;
    const script = `document.getElementById('submit').addEventListener('click', function () {
  var ok = document.getElementById('radio-' + __task.radio).checked;
  for (var i = 0; i < 3; i++) ok = ok && document.getElementById('input-' + i).value === (i === __task.box ? __task.number : '');
  WOB.end(ok ? 1 : -1);
});`;
    const task = { radio, box, number };
    return singlePageInstance({ taskId: this.id, seed, goal, params: task, body, task, script });
  },
  // The ordinals and the number come from the goal; the controls' state from the observation.
  oracle(obs, params) {
    const radios = obs.elements.filter((el) => el.role === 'radio');
    const boxes = obs.elements.filter((el) => el.role === 'textbox');
    const target = radios[Number(params.radio)];
    const box = boxes[Number(params.box)];
    if (!target || !box) throw new Error(`form-sequence-2: controls missing at ${obs.url}`);
    const stray = boxes.find((b) => b !== box && b.value !== '');
    if (stray) return { valid: [act.fill(stray.bid, '')], recovering: true };
    const steps = [];
    if (!target.checked) steps.push(act.click(target.bid));
    if (box.value !== params.number) steps.push(act.fill(box.bid, String(params.number)));
    // either order of the two fields is on a shortest path (the canonical one is the goal's order)
    if (steps.length > 0) return { valid: steps };
    return { valid: [act.click(mustFind(obs, 'Submit', (el) => el.domId === 'submit').bid)] };
  },
};
