// Task 9, login-user: username u, password p, then Login; +1 iff both match.
import { act } from '../actions/action.js';
import { nextFill } from './common.js';
import { singlePageInstance } from './runtime.js';
import { byId, instanceRng, mustFind, type TaskDef } from './task.js';
import { words } from './words.js';

export const loginUser: TaskDef = {
  id: 'login-user',
  meta: { pages: 'single', heldOut: false, oracleLength: 3 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const username = rng.choice(words.firstNames);
    const password = `${rng.choice(words.lorem)}${rng.int(100)}`;
    const body = `<div><label for="user">Username</label><input type="text" id="user"></div>
<div><label for="pass">Password</label><input type="password" id="pass"></div>
<button id="submit">Login</button>`;
    const goal = `Enter the username "${username}" and the password "${password}" into the text fields and press login.`;
    const script = `function submit() {
  var u = document.getElementById('user').value, p = document.getElementById('pass').value;
  WOB.end(u === __task.username && p === __task.password ? 1 : -1);
}
document.getElementById('submit').addEventListener('click', submit);
document.querySelectorAll('input').forEach(function (f) { f.addEventListener('keydown', function (e) { if (e.key === 'Enter') submit(); }); });`;
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { username, password },
      body,
      task: { username, password },
      script,
    });
  },
  oracle(obs, params) {
    const targets: [string, string][] = [
      ['user', String(params.username)],
      ['pass', String(params.password)],
    ];
    const fill = nextFill(obs, targets);
    if (fill) {
      // Style variant "bottom-up form filling": the password first when both are empty.
      const reversed = nextFill(obs, [...targets].reverse());
      return {
        valid:
          reversed && reversed[0]!.verb === 'fill' && JSON.stringify(reversed) !== JSON.stringify(fill)
            ? [...fill, ...reversed]
            : fill,
      };
    }
    const login = mustFind(obs, 'Login', (el) => el.domId === 'submit');
    const pass = byId(obs, 'pass');
    return { valid: pass ? [act.click(login.bid), act.press(pass.bid, 'Enter')] : [act.click(login.bid)] };
  },
};
