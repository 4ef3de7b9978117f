// The task suite (brief §3.3; acceptance criterion 1): 24 MiniWoB-style tasks plus E1–E2 and the
// nine breadth tasks of issue 17 point 8; the same (task, seed) gives the same HTML and goal three
// times and in another process; 100 seeds give ≥ 95 % distinct HTML; golden hashes are pinned;
// hidden parameters stay out of the page text.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { generateInstance, getTask, instanceHash, listTasks } from '../src/tasks/registry.js';
import { goldenHashes } from './golden-hashes.js';

const tasks = listTasks();

describe('task suite', () => {
  test('35 tasks: 24 MiniWoB-style, create-record and filter-list, 9 breadth tasks; 9 held out', () => {
    expect(tasks).toHaveLength(35);
    expect(
      tasks
        .filter((t) => t.meta.heldOut)
        .map((t) => t.id)
        .sort(),
    ).toEqual(
      [
        'choose-list',
        'click-link',
        'click-tab',
        'copy-paste',
        'filter-list',
        'social-media',
        'login-user-popup',
        'phone-book',
        'drag-items',
      ].sort(),
    );
    expect(tasks.filter((t) => t.meta.pages === 'multi').map((t) => t.id)).toEqual([
      'email-inbox',
      'create-record',
      'filter-list',
    ]);
  });

  test('an unknown task or a bad seed is an error naming the valid values', () => {
    expect(() => getTask('click-buton')).toThrow(/unknown task 'click-buton'; valid tasks: click-button/);
    expect(() => generateInstance('click-button', -1)).toThrow(/seed must be a non-negative integer, got -1/);
  });

  test.each(tasks.map((t) => t.id))('%s: deterministic, varied and pinned', (id) => {
    const task = getTask(id);
    const hashes = [0, 1, 2].map((seed) => instanceHash(task.generate(seed)));
    // three generations of the same seed (bypassing the cache) agree
    for (const seed of [0, 1, 2]) expect(instanceHash(task.generate(seed))).toBe(hashes[seed]);
    expect(task.generate(7).goal).toBe(task.generate(7).goal);
    expect(hashes).toEqual(goldenHashes[id]);
    const distinct = new Set(Array.from({ length: 100 }, (_, s) => instanceHash(task.generate(1000 + s))));
    expect(distinct.size).toBeGreaterThanOrEqual(95);
    // pages use no Math.random and no Date in their logic
    for (const html of Object.values(task.generate(3).pages))
      expect(html).not.toMatch(/Math\.random|new Date|Date\.now/);
  });

  test('another process generates the same hashes (golden hashes of seeds 0–2)', () => {
    const require = createRequire(import.meta.url);
    const tsx = require.resolve('tsx/cli');
    const script = `import { listTasks, instanceHash, generateInstance } from '${fileURLToPath(new URL('../src/tasks/registry.ts', import.meta.url))}';
const out = {}; for (const t of listTasks()) out[t.id] = [0, 1, 2].map((s) => instanceHash(generateInstance(t.id, s)));
console.log(JSON.stringify(out));`;
    const output = execFileSync(process.execPath, [tsx, '--eval', script], { encoding: 'utf8' });
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual(goldenHashes);
  });
});
