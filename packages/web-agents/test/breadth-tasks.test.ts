// The breadth tasks of issue 17 point 8 (use-spinner, login-user-popup, choose-date, scroll-text-2,
// phone-book, form-sequence-2, form-wizard, confirm-delete): generation is deterministic and varied
// without the browser; in Chromium, each task's wrong terminal action gives its MiniWoB reward and
// each recoverable mistake is recovered by the oracle from the state the mistake left. (The oracle on
// 10 seeds per task runs in suite-browser.test.ts; 200 seeds in test/verify-breadth.ts.)
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatAction } from '../src/actions/format.js';
import { createTaskServer, type TaskServer } from '../src/browser/server.js';
import { defaultEnvOptions, type StepResult, WebEnv } from '../src/env/env.js';
import type { Obs } from '../src/env/obs.js';
import { BrowserHandle } from '../src/runner/episodes.js';
import { breadthTaskIds, generateInstance, getTask, instanceHash } from '../src/tasks/registry.js';
import { hasBrowser } from './browser-helpers.js';

describe('breadth tasks: generation', () => {
  test('eight tasks, two held out (login-user-popup, phone-book)', () => {
    expect(breadthTaskIds).toHaveLength(8);
    expect(breadthTaskIds.filter((id) => getTask(id).meta.heldOut).sort()).toEqual([
      'login-user-popup',
      'phone-book',
    ]);
  });

  test.each([...breadthTaskIds])('%s: deterministic, varied, no page randomness', (id) => {
    const task = getTask(id);
    expect(instanceHash(task.generate(4))).toBe(instanceHash(task.generate(4)));
    const distinct = new Set(Array.from({ length: 100 }, (_, s) => instanceHash(task.generate(1000 + s))));
    expect(distinct.size).toBeGreaterThanOrEqual(95);
    for (const html of Object.values(task.generate(3).pages))
      expect(html).not.toMatch(/Math\.random|new Date|Date\.now/);
  });
});

describe.skipIf(!hasBrowser)('breadth tasks in Chromium: reward rules and recovery', () => {
  let server: TaskServer;
  let handle: BrowserHandle;
  let env: WebEnv;
  beforeAll(async () => {
    server = await createTaskServer();
    handle = new BrowserHandle();
    env = new WebEnv(await handle.get(), server, defaultEnvOptions);
  });
  afterAll(async () => {
    await env.close();
    await handle.close();
    await server.close();
  });

  const el = (obs: Obs, domId: string) => {
    const found = obs.elements.find((e) => e.domId === domId);
    if (!found) throw new Error(`no #${domId} in the observation`);
    return found;
  };
  const click = (obs: Obs, domId: string) => env.step(`click('${el(obs, domId).bid}')`);
  /** Follows the oracle from `obs` to the end of the episode. */
  async function finishWithOracle(task: string, seed: number, obs: Obs): Promise<StepResult> {
    const params = generateInstance(task, seed).params;
    for (;;) {
      const result = await env.step(formatAction(getTask(task).oracle(obs, params).valid[0]!));
      if (result.done) return result;
      obs = result.obs;
    }
  }
  const seedWith = (task: string, ok: (params: Record<string, unknown>) => boolean) => {
    for (let seed = 0; ; seed++) if (ok(generateInstance(task, seed).params)) return seed;
  };

  test('use-spinner: Submit at the wrong value −1; an overshoot is undone', async () => {
    let obs = await env.reset('use-spinner', 1);
    expect((await click(obs, 'submit')).rawReward).toBe(-1);
    const n = Number(generateInstance('use-spinner', 2).params.n);
    obs = await env.reset('use-spinner', 2);
    for (let i = 0; i <= Math.abs(n); i++) obs = (await click(obs, n > 0 ? 'up' : 'down')).obs;
    expect(el(obs, 'spinner').value).toBe(String(n + Math.sign(n)));
    expect(getTask('use-spinner').oracle(obs, { n }).recovering).toBe(true);
    expect(await finishWithOracle('use-spinner', 2, obs)).toMatchObject({ rawReward: 1 });
  });

  test('login-user-popup: the popup swallows the fill; OK −1; Cancel then the oracle +1', async () => {
    const seed = seedWith('login-user-popup', (p) => p.popupOn === 'user');
    for (const answer of ['popup-ok', 'popup-cancel']) {
      let obs = await env.reset('login-user-popup', seed);
      obs = (await env.step(`fill('${el(obs, 'user').bid}', 'someone')`)).obs;
      expect(el(obs, 'user').value).toBe('');
      expect(el(obs, 'user').disabled).toBe(true);
      const result = await click(obs, answer);
      if (answer === 'popup-ok') expect(result).toMatchObject({ done: true, rawReward: -1 });
      else
        expect(await finishWithOracle('login-user-popup', seed, result.obs)).toMatchObject({ rawReward: 1 });
    }
  });

  test('choose-date: Submit without the date −1; a wrong day is fixed by reopening the picker', async () => {
    let obs = await env.reset('choose-date', 3);
    expect((await click(obs, 'submit')).rawReward).toBe(-1);
    const date = String(generateInstance('choose-date', 3).params.date);
    obs = await env.reset('choose-date', 3);
    obs = (await click(obs, 'datepicker')).obs;
    const wrongDay = obs.elements.find(
      (e) => e.tag === 'button' && /^\d+$/.test(e.name) && e.name !== String(Number(date.split('/')[1])),
    )!;
    obs = (await env.step(`click('${wrongDay.bid}')`)).obs;
    expect(el(obs, 'datepicker').value).not.toBe('');
    expect(obs.elements.some((e) => e.domId === 'month')).toBe(false); // the picker closed
    expect(await finishWithOracle('choose-date', 3, obs)).toMatchObject({ rawReward: 1 });
  });

  test('scroll-text-2: Submit before scrolling −1', async () => {
    for (const target of ['top', 'bottom']) {
      const seed = seedWith('scroll-text-2', (p) => p.target === target);
      const obs = await env.reset('scroll-text-2', seed);
      const lines = obs.elements.filter((e) => e.domId.startsWith('line-'));
      expect((target === 'top' ? lines[0] : lines.at(-1))!.visible).toBe(false);
      expect((await click(obs, 'submit')).rawReward).toBe(-1);
    }
  });

  test("phone-book: MiniWoB's partial reward (person 0.7, field 0.3)", async () => {
    const seed = seedWith('phone-book', (p) => p.index !== 0 && p.field !== 'email');
    const obs = await env.reset('phone-book', seed);
    expect((await click(obs, 'email')).rawReward).toBeCloseTo(-1, 6); // wrong person, wrong field
    const seed2 = seedWith('phone-book', (p) => p.index === 0 && p.field !== 'phone');
    const obs2 = await env.reset('phone-book', seed2);
    const result = await click(obs2, 'phone'); // right person, wrong field
    expect(result.rawReward).toBeCloseTo(0.4, 6);
  });

  test('form-sequence-2: a number in the wrong box is cleared by the oracle; Submit at start −1', async () => {
    let obs = await env.reset('form-sequence-2', 5);
    expect((await click(obs, 'submit')).rawReward).toBe(-1);
    const params = generateInstance('form-sequence-2', 5).params;
    obs = await env.reset('form-sequence-2', 5);
    const wrongBox = `input-${(Number(params.box) + 1) % 3}`;
    obs = (await env.step(`fill('${el(obs, wrongBox).bid}', '7')`)).obs;
    expect(getTask('form-sequence-2').oracle(obs, params).recovering).toBe(true);
    expect(await finishWithOracle('form-sequence-2', 5, obs)).toMatchObject({ rawReward: 1 });
  });

  test('form-wizard: Next refuses an empty step; a wrong name is fixed by going Back; wrong Confirm −1', async () => {
    let obs = await env.reset('form-wizard', 6);
    obs = (await click(obs, 'next-1')).obs;
    expect(el(obs, 'error-1').visible).toBe(true);
    expect(obs.elements.some((e) => e.domId === 'next-2')).toBe(false);
    obs = (await env.step(`fill('${el(obs, 'first').bid}', 'Nobody')`)).obs;
    obs = (await env.step(`fill('${el(obs, 'last').bid}', 'Atall')`)).obs;
    obs = (await click(obs, 'next-1')).obs;
    expect(getTask('form-wizard').oracle(obs, generateInstance('form-wizard', 6).params).recovering).toBe(
      true,
    );
    expect(await finishWithOracle('form-wizard', 6, obs)).toMatchObject({ rawReward: 1 });
    obs = await env.reset('form-wizard', 6);
    obs = (await env.step(`fill('${el(obs, 'first').bid}', 'Nobody')`)).obs;
    obs = (await env.step(`fill('${el(obs, 'last').bid}', 'Atall')`)).obs;
    obs = (await click(obs, 'next-1')).obs;
    obs = (
      await env.step(
        `select_option('${el(obs, 'dept').bid}', '${String(generateInstance('form-wizard', 6).params.department)}')`,
      )
    ).obs;
    obs = (await click(obs, 'next-2')).obs;
    expect((await click(obs, 'confirm')).rawReward).toBe(-1);
  });

  test('confirm-delete: Cancel recovers a wrong Delete; confirming a wrong item −1', async () => {
    const target = String(generateInstance('confirm-delete', 7).params.target);
    for (const answer of ['dialog-cancel', 'dialog-delete']) {
      let obs = await env.reset('confirm-delete', 7);
      const wrongLabel = obs.elements.find(
        (e) =>
          e.role === 'StaticText' &&
          e.parentBid !== null &&
          e.name !== target &&
          /^row-/.test(obs.elements.find((p) => p.bid === e.parentBid)?.domId ?? ''),
      )!;
      const wrongDelete = obs.elements.find(
        (e) => e.parentBid === wrongLabel.parentBid && e.name === 'Delete',
      )!;
      obs = (await env.step(`click('${wrongDelete.bid}')`)).obs;
      expect(el(obs, 'dialog-item').text).toBe(wrongLabel.name);
      const result = await click(obs, answer);
      if (answer === 'dialog-delete') expect(result).toMatchObject({ done: true, rawReward: -1 });
      else expect(await finishWithOracle('confirm-delete', 7, result.obs)).toMatchObject({ rawReward: 1 });
    }
  });
});
