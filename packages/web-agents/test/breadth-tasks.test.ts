// The breadth tasks of issue 17 point 8 (use-spinner, login-user-popup, choose-date, scroll-text-2,
// phone-book, form-sequence-2, form-wizard, confirm-delete, drag-items): generation is deterministic
// and varied without the browser; in Chromium, each task's wrong terminal action gives its MiniWoB
// reward and each recoverable mistake is recovered by the oracle from the state the mistake left.
// drag-items, the one task of the new drag_and_drop verb, also has its oracle run here in both
// backends and the random policy against it. (The oracle on 200 seeds of every breadth task:
// test/verify-breadth.ts; suite-browser.test.ts covers the 26-task suite only.)
import { Rng } from 'core-tensor';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { act } from '../src/actions/action.js';
import { formatAction } from '../src/actions/format.js';
import { createTaskServer, type TaskServer } from '../src/browser/server.js';
import { defaultEnvOptions, type StepResult, WebEnv } from '../src/env/env.js';
import type { Obs } from '../src/env/obs.js';
import { limitedPolicy } from '../src/experts/limited.js';
import { randomPolicy } from '../src/experts/noisy.js';
import { oraclePolicy } from '../src/experts/oracle.js';
import { oracleThought } from '../src/experts/thought.js';
import { BrowserHandle, type EpisodeJob, runEpisode } from '../src/runner/episodes.js';
import { dropped } from '../src/tasks/drag-items.js';
import { breadthTaskIds, generateInstance, getTask, instanceHash } from '../src/tasks/registry.js';
import { hasBrowser } from './browser-helpers.js';
import { element } from './elements.js';

describe('breadth tasks: generation', () => {
  test('nine tasks, three held out (login-user-popup, phone-book, drag-items)', () => {
    expect(breadthTaskIds).toHaveLength(9);
    expect(breadthTaskIds.filter((id) => getTask(id).meta.heldOut).sort()).toEqual([
      'drag-items',
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

describe('drag-items without the browser: oracle labels, thought, limited expert', () => {
  // a list a, b, c, d; the goal asks for "c" in the 2nd position
  const names = ['a', 'b', 'c', 'd'];
  const obs: Obs = {
    goal: 'Drag "c" to the 2nd position in the list, then click Submit.',
    url: 'http://127.0.0.1/t/drag-items/0/index.html',
    step: 0,
    elements: [
      element('L', 'list', '', { domId: 'list' }),
      ...names.map((n, i) => element(n, 'listitem', n, { parentBid: 'L', domId: `item-${i}` })),
      element('S', 'button', 'Submit', { domId: 'submit' }),
    ],
    focusedBid: null,
    lastAction: null,
    lastActionError: null,
    pageState: null,
  };
  const params = { item: 'c', position: 1 };

  test("dropped(): the dragged item takes the target's place", () => {
    expect(dropped(names, 2, 0)).toEqual(['c', 'a', 'b', 'd']);
    expect(dropped(names, 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(dropped(names, 1, 1)).toEqual(names);
  });

  test('every drop that puts the item in place is valid, the item onto the k-th first; then Submit', () => {
    const advice = getTask('drag-items').oracle(obs, params);
    expect(advice.valid.map(formatAction)).toEqual(
      [
        act.drag('c', 'b'),
        act.drag('a', 'c'),
        act.drag('a', 'd'),
        act.drag('b', 'c'),
        act.drag('b', 'd'),
      ].map(formatAction),
    );
    expect(oracleThought(obs, advice)).toEqual({ progress: 'start', subgoalBid: 'c' });
    const placed = {
      ...obs,
      step: 1,
      elements: [obs.elements[0]!, ...[1, 3, 2, 4].map((i) => obs.elements[i]!), obs.elements[5]!],
    };
    const submit = getTask('drag-items').oracle(placed, params);
    expect(submit.valid.map(formatAction)).toEqual(["click('S')"]);
    expect(oracleThought(placed, submit)).toEqual({ progress: 'finish', subgoalBid: 'S' });
  });

  test('the limited expert cannot drag: it clicks the item it should drag', async () => {
    const advice = getTask('drag-items').oracle(obs, params);
    const step = await limitedPolicy.act(obs, {
      rng: new Rng('limited'),
      taskId: 'drag-items',
      advice,
      episode: {},
    });
    expect(step).toEqual({ action: "click('c')", thought: { progress: 'start', subgoalBid: 'c' } });
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
  /** Steps the oracle from `obs` to the episode's end, in the shared env or another one. */
  async function finishWithOracle(
    task: string,
    seed: number,
    obs: Obs,
    on: WebEnv = env,
  ): Promise<StepResult> {
    const params = generateInstance(task, seed).params;
    for (;;) {
      const result = await on.step(formatAction(getTask(task).oracle(obs, params).valid[0]!));
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

  test('drag-items: Submit before the drag −1; a click moves nothing; the page reorders as dropped() says', async () => {
    const seed = 8;
    const params = generateInstance('drag-items', seed).params;
    let obs = await env.reset('drag-items', seed);
    expect((await click(obs, 'submit')).rawReward).toBe(-1);
    obs = await env.reset('drag-items', seed);
    const order = (o: Obs) => o.elements.filter((e) => e.parentBid === el(o, 'list').bid).map((e) => e.name);
    const before = order(obs);
    obs = (await click(obs, 'item-0')).obs; // press and release on one item
    expect(order(obs)).toEqual(before);
    // a drag of another item (the first that is not the asked one) onto the last; the oracle finishes
    const from = before.findIndex((name) => name !== params.item);
    const to = before.length - 1;
    const items = obs.elements.filter((e) => e.parentBid === el(obs, 'list').bid);
    const result = await env.step(`drag_and_drop('${items[from]!.bid}', '${items[to]!.bid}')`);
    expect(result.obs.lastActionError).toBeNull();
    expect(order(result.obs)).toEqual(dropped(before, from, to));
    expect(order(result.obs)).not.toEqual(before);
    expect(await finishWithOracle('drag-items', seed, result.obs)).toMatchObject({ rawReward: 1 });
  });

  test('drag_and_drop names a missing bid in both backends; the oracle then still succeeds', async () => {
    for (const backend of ['input', 'locator'] as const) {
      const local = new WebEnv(await handle.get(), server, {
        ...defaultEnvOptions,
        backend,
        locatorTimeoutMs: 10_000,
      });
      try {
        let obs = await local.reset('drag-items', 9);
        const item = el(obs, 'item-0').bid;
        for (const text of [`drag_and_drop('${item}', '999')`, `drag_and_drop('999', '${item}')`])
          expect((await local.step(text)).obs.lastActionError).toMatch(/bid '999' not found/);
        obs = (await local.step('noop(0)')).obs;
        expect((await finishWithOracle('drag-items', 9, obs, local)).rawReward, backend).toBe(1);
      } finally {
        await local.close();
      }
    }
  });

  test('drag-items: the oracle succeeds in both backends; the random policy, which never drags, fails', async () => {
    const options = { env: defaultEnvOptions, episodeTimeoutMs: 30_000, seed: 0, tracePath: '/dev/null' };
    const job = (seed: number, policy: string): EpisodeJob => ({
      key: `d/${policy}/${seed}`,
      phase: 'd',
      task: 'drag-items',
      seed,
      policy,
      ckpt: null,
      evalMode: null,
    });
    const locatorHandle = new BrowserHandle();
    try {
      for (let seed = 0; seed < 5; seed++) {
        const input = await runEpisode(handle, server, job(seed, 'oracle'), oraclePolicy, options);
        expect(
          input,
          `input seed ${seed}: ${input.steps.map((s) => `${s.action} → ${s.error}`).join('; ')}`,
        ).toMatchObject({ strictSuccess: 1, nSteps: 2 });
        const locator = await runEpisode(locatorHandle, server, job(100 + seed, 'oracle'), oraclePolicy, {
          ...options,
          env: { ...defaultEnvOptions, backend: 'locator', locatorTimeoutMs: 10_000 },
        });
        expect(
          locator,
          `locator seed ${100 + seed}: ${locator.steps.map((s) => `${s.action} → ${s.error}`).join('; ')}`,
        ).toMatchObject({ strictSuccess: 1, nSteps: 2 });
      }
    } finally {
      await locatorHandle.close();
    }
    let wins = 0;
    for (let seed = 200; seed < 210; seed++)
      wins += (await runEpisode(handle, server, job(seed, 'random'), randomPolicy, options)).success;
    expect(wins).toBe(0);
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
