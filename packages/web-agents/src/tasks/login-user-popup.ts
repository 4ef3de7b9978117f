// login-user-popup (MiniWoB login-user-popup): log in as in login-user, but on half of the seeds a
// popup interrupts the first time the username (or password) field gets focus: it disables the form
// and asks "Exit to home page?". OK ends the episode with −1; Cancel closes it and the form works
// again (a recoverable interruption). Login: +1 iff both fields match, else −1. The keystrokes of
// the interrupted fill are lost (the popup takes focus away), so that field must be filled again.
// Which field triggers the popup is hidden; the oracle only reacts to the popup once it is on screen.
import { act } from '../actions/action.js';
import { nextFill } from './common.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { byId, instanceRng, mustFind, type TaskDef } from './task.js';
import { words } from './words.js';

const expiring = ['about to expire.', 'about to time out.', 'expiring soon.', 'going to time out soon.'];
const other = ['You have 10 new messages.', 'Please do not panic.', 'This is an annoying popup message.'];

export const loginUserPopup: TaskDef = {
  id: 'login-user-popup',
  // 3 steps without the popup, 5 with it (Cancel, and the lost fill again): half the seeds each
  meta: { pages: 'single', heldOut: true, oracleLength: 4 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const username = rng.choice(words.firstNames).toLowerCase();
    const password = `${rng.choice(words.lorem)}${rng.int(100)}`;
    const popupOn = rng.choice(['user', 'pass', null, null] as const);
    const message = rng.bernoulli(0.85) ? `Your session is ${rng.choice(expiring)}` : rng.choice(other);
    const body = `<div id="form"><div><label for="user">Username</label><input type="text" id="user"></div>
<div><label for="pass">Password</label><input type="password" id="pass"></div>
<button id="submit">Login</button></div>
<div id="popup" class="hidden" style="position:absolute;top:40px;left:8px;width:260px;height:150px;background:#eee;border:2px solid #888;padding:6px">
<p>${escapeHtml(message)}</p><p>Exit to home page?</p><button id="popup-ok">OK</button> <button id="popup-cancel">Cancel</button></div>`;
    const goal = `Enter the username "${username}" and the password "${password}" into the text fields and press login.`;
    const script = `var shown = false, controls = ['user', 'pass', 'submit'].map(function (id) { return document.getElementById(id); });
function setDisabled(on) { controls.forEach(function (c) { c.disabled = on; }); }
function showPopup(field) {
  if (shown) return;
  shown = true;
  field.blur();
  setDisabled(true);
  document.getElementById('popup').classList.remove('hidden');
}
if (__task.popupOn) {
  var trigger = document.getElementById(__task.popupOn);
  trigger.addEventListener('focus', function () { showPopup(trigger); });
}
document.getElementById('popup-ok').addEventListener('click', function () { WOB.end(-1); });
document.getElementById('popup-cancel').addEventListener('click', function () {
  document.getElementById('popup').classList.add('hidden');
  setDisabled(false);
});
function submit() {
  var u = document.getElementById('user').value, p = document.getElementById('pass').value;
  WOB.end(u === __task.username && p === __task.password ? 1 : -1);
}
document.getElementById('submit').addEventListener('click', submit);
document.querySelectorAll('#form input').forEach(function (f) { f.addEventListener('keydown', function (e) { if (e.key === 'Enter') submit(); }); });`;
    const task = { username, password, popupOn };
    return singlePageInstance({ taskId: this.id, seed, goal, params: task, body, task, script });
  },
  // From the observation and the goal's username and password only (never params.popupOn).
  oracle(obs, params) {
    const cancel = byId(obs, 'popup-cancel');
    if (cancel) return { valid: [act.click(cancel.bid)], recovering: true };
    const fill = nextFill(obs, [
      ['user', String(params.username)],
      ['pass', String(params.password)],
    ]);
    if (fill) return { valid: fill };
    const login = mustFind(obs, 'Login', (el) => el.domId === 'submit');
    const pass = byId(obs, 'pass');
    return { valid: pass ? [act.click(login.bid), act.press(pass.bid, 'Enter')] : [act.click(login.bid)] };
  },
};
