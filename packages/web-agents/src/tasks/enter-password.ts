// Task 8, enter-password: type password X in both fields, then Submit; +1 iff both === X.
import { nextFill, submitActions, submitButton, submitWiring } from './common.js';
import { singlePageInstance } from './runtime.js';
import { byId, instanceRng, type TaskDef } from './task.js';
import { words } from './words.js';

export const enterPassword: TaskDef = {
  id: 'enter-password',
  meta: { pages: 'single', heldOut: false, oracleLength: 3 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const password = `${rng.choice(words.lorem)}${rng.int(100)}`;
    const body = `<div><label for="p1">Password</label><input type="password" id="p1"></div>
<div><label for="p2">Verify password</label><input type="password" id="p2"></div>${submitButton}`;
    const goal = `Enter the password "${password}" into both text fields and press Submit.`;
    const script = `function submit() {
  var a = document.getElementById('p1').value, b = document.getElementById('p2').value;
  WOB.end(a === __task.password && b === __task.password ? 1 : -1);
}
${submitWiring}`;
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { password },
      body,
      task: { password },
      script,
    });
  },
  oracle(obs, params) {
    const p = String(params.password);
    const fill = nextFill(obs, [
      ['p1', p],
      ['p2', p],
    ]);
    return fill ? { valid: fill } : { valid: submitActions(obs, byId(obs, 'p2')) };
  },
};
