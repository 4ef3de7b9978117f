// Task 14, read-table: enter the value of KEY (5-row table), then Submit; +1 iff equals the cell.
import { nextFill, submitActions, submitButton, submitWiring } from './common.js';
import { escapeHtml, singlePageInstance } from './runtime.js';
import { byId, instanceRng, sample, type TaskDef } from './task.js';
import { capitalize, words } from './words.js';

const keys = ['Color', 'City', 'Fruit', 'First name', 'Last name', 'Department', 'Code', 'Word'];

export const readTable: TaskDef = {
  id: 'read-table',
  meta: { pages: 'single', heldOut: false, oracleLength: 2 },
  generate(seed) {
    const rng = instanceRng(this.id, seed);
    const rowKeys = sample(rng, keys, 5);
    const cellValue = (key: string): string => {
      switch (key) {
        case 'Color':
          return rng.choice(words.colors);
        case 'City':
          return rng.choice(words.cities);
        case 'Fruit':
          return rng.choice(words.fruits);
        case 'First name':
          return capitalize(rng.choice(words.firstNames));
        case 'Last name':
          return capitalize(rng.choice(words.lastNames));
        case 'Department':
          return rng.choice(words.departments);
        case 'Code':
          return String(100 + rng.int(900));
        default:
          return rng.choice(words.lorem);
      }
    };
    const rows = rowKeys.map((key) => [key, cellValue(key)] as const);
    const [key, value] = rng.choice(rows);
    const table = `<table border="1">${rows.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`;
    const body = `${table}<div><label for="answer">${escapeHtml(key)}</label><input type="text" id="answer"></div>${submitButton}`;
    const goal = `Enter the value of ${key} into the text field and press Submit.`;
    const script = `function submit() { WOB.end(document.getElementById('answer').value === __task.value ? 1 : -1); }
${submitWiring}`;
    return singlePageInstance({
      taskId: this.id,
      seed,
      goal,
      params: { key, value },
      body,
      task: { value },
      script,
    });
  },
  oracle(obs, params) {
    const fill = nextFill(obs, [['answer', String(params.value)]]);
    return fill ? { valid: fill } : { valid: submitActions(obs, byId(obs, 'answer')) };
  },
};
