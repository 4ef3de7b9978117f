// BrowserGym's observation dict and Chromium's own accessibility tree (issue 17 point 7): the dict's
// keys and types on real task pages, element properties by bid, honest DOM text without the page's
// hidden parameters; the CDP tree holds the task's buttons and inputs with their names and the
// env's bids, so an action on a bid read from it hits the same element.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pyRepr } from '../src/actions/format.js';
import { launchBrowser } from '../src/browser/launch.js';
import { createTaskServer, type TaskServer } from '../src/browser/server.js';
import { WebAgentsConfig } from '../src/config.js';
import { axtreeText } from '../src/env/axtree.js';
import {
  BrowserGymObs,
  browsergymObservation,
  elementProperties,
  elementsHtml,
} from '../src/env/browsergym-obs.js';
import { type AxNode, renderAxtree } from '../src/env/cdp-axtree.js';
import { defaultEnvOptions, WebEnv } from '../src/env/env.js';
import type { Obs } from '../src/env/obs.js';
import { hasBrowser } from './browser-helpers.js';
import { element } from './elements.js';

const viewport = { width: 800, height: 600 };
const facts = {
  axtreeSource: 'tags' as const,
  openPagesUrls: ['http://x/'],
  openPagesTitles: ['t'],
  activePageIndex: 0,
  elapsedTime: 0.5,
  viewport,
};

describe('BrowserGym observation dict (unit)', () => {
  test('visibility is the share of the box inside the viewport; no box gives bbox null', () => {
    const half = elementProperties(element('1', 'button', 'Ok', { bbox: [780, 0, 40, 10] }), viewport);
    expect(half).toEqual({ visibility: 0.5, bbox: [780, 0, 40, 10], clickable: true, set_of_marks: true });
    const off = elementProperties(element('2', 'button', 'Ok', { bbox: [0, 700, 10, 10] }), viewport);
    expect(off.visibility).toBe(0);
    expect(off.set_of_marks).toBe(false);
    expect(elementProperties(element('3', 'option', 'a', { bbox: [0, 0, 0, 0] }), viewport).bbox).toBeNull();
  });

  test('dom_txt keeps every element; pruned_html drops empty wrappers and escapes text', () => {
    const els = [
      element('0', 'generic', '', { tag: 'div' }),
      element('1', 'button', '<b>', { tag: 'button', parentBid: '0', text: '<b>' }),
    ];
    expect(elementsHtml(els, false)).toBe('<div bid="0">\n <button bid="1">&lt;b&gt;</button>\n</div>');
    expect(elementsHtml(els, true)).toBe('<button bid="1">&lt;b&gt;</button>');
  });

  test('keys and empty-string conventions follow BrowserGym', () => {
    const obs: Obs = {
      goal: 'Click on the "Ok" button.',
      url: 'http://x/',
      step: 0,
      elements: [element('4', 'button', 'Ok', { focused: true })],
      focusedBid: '4',
      lastAction: null,
      lastActionError: null,
      pageState: null,
    };
    const bg = browsergymObservation(obs, facts);
    expect(Object.keys(bg).sort()).toEqual(Object.keys(BrowserGymObs.shape).sort());
    expect(bg.goal_object).toEqual([{ type: 'text', text: obs.goal }]);
    expect(bg.axtree_txt).toBe(axtreeText(obs.elements));
    expect([bg.last_action, bg.last_action_error, bg.focused_element_bid]).toEqual(['', '', '4']);
    expect(() => browsergymObservation(obs, { ...facts, axtreeSource: 'cdp' })).toThrow(/cdpAxtree/);
  });

  test('the CDP tree renders bids from the DOM map, hoists ignored and empty generic nodes', () => {
    const nodes: AxNode[] = [
      {
        nodeId: '1',
        ignored: false,
        role: { value: 'RootWebArea' },
        name: { value: 'page' },
        childIds: ['2'],
      },
      { nodeId: '2', ignored: true, parentId: '1', childIds: ['3'] },
      {
        nodeId: '3',
        ignored: false,
        parentId: '2',
        role: { value: 'generic' },
        name: { value: '' },
        childIds: ['4'],
      },
      {
        nodeId: '4',
        ignored: false,
        parentId: '3',
        role: { value: 'button' },
        name: { value: 'Ok' },
        backendDOMNodeId: 40,
        properties: [{ name: 'focused', value: { value: true } }],
        childIds: ['5'],
      },
      { nodeId: '5', ignored: false, parentId: '4', role: { value: 'StaticText' }, name: { value: 'Ok' } },
    ];
    expect(renderAxtree(nodes, new Map([[40, '7']]))).toBe("RootWebArea 'page'\n\t[7] button 'Ok', focused");
  });

  test("observation.axtree accepts 'tags' and 'cdp'; anything else names the valid values", () => {
    expect(WebAgentsConfig.parse({}).observation.axtree).toBe('tags');
    expect(WebAgentsConfig.parse({ observation: { axtree: 'cdp' } }).observation.axtree).toBe('cdp');
    expect(() => WebAgentsConfig.parse({ observation: { axtree: 'dom' } })).toThrow(
      /observation\.axtree: unknown tree 'dom'; valid: tags, cdp/,
    );
  });
});

describe.skipIf(!hasBrowser)('BrowserGym observation on real task pages', () => {
  let server: TaskServer;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  beforeAll(async () => {
    server = await createTaskServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
  });

  test('tags mode: the dict validates, every element has properties, no hidden parameter leaks', async () => {
    const env = new WebEnv(browser, server, defaultEnvOptions);
    try {
      const obs = await env.reset('login-user', 3);
      const bg = await env.browsergymObservation(obs);
      expect(BrowserGymObs.parse(bg)).toEqual(bg);
      expect(bg.goal).toBe(obs.goal);
      expect(bg.axtree_source).toBe('tags');
      expect(bg.axtree_txt).toBe(axtreeText(obs.elements));
      expect(Object.keys(bg.extra_element_properties).sort()).toEqual(obs.elements.map((e) => e.bid).sort());
      expect(bg.open_pages_urls).toEqual([obs.url]);
      expect(bg.active_page_index).toBe(0);
      expect(bg.last_action).toBe('');
      const login = obs.elements.find((e) => e.role === 'button' && e.name === 'Login')!;
      expect(bg.extra_element_properties[login.bid]).toMatchObject({ clickable: true, set_of_marks: true });
      expect(bg.pruned_html).toContain(`bid="${login.bid}"`);
      for (const text of [bg.dom_txt, bg.pruned_html]) expect(text).not.toMatch(/__task|WOB|<script/i);
      const step = await env.step("click('nope')");
      const after = await env.browsergymObservation(step.obs);
      expect(after.last_action).toBe("click('nope')");
      expect(after.last_action_error).not.toBe('');
    } finally {
      await env.close();
    }
  });

  test('cdp mode: Chromium names the buttons and inputs, with the env bids', async () => {
    const env = new WebEnv(browser, server, { ...defaultEnvOptions, axtree: 'cdp' });
    try {
      for (const task of ['login-user', 'click-button', 'enter-text']) {
        const obs = await env.reset(task, 5);
        const bg = await env.browsergymObservation(obs);
        expect(bg.axtree_source).toBe('cdp');
        expect(bg.axtree_txt).toMatch(/^RootWebArea /);
        expect(bg.axtree_txt).not.toMatch(/__task|WOB|reward/i);
        const named = obs.elements.filter((e) => ['button', 'textbox'].includes(e.role) && e.name !== '');
        expect(named.length).toBeGreaterThan(0);
        for (const el of named) expect(bg.axtree_txt).toContain(`[${el.bid}] ${el.role} ${pyRepr(el.name)}`);
      }
    } finally {
      await env.close();
    }
  });

  test('cdp mode: clicking the bid read from Chromium’s tree solves click-button', async () => {
    const env = new WebEnv(browser, server, { ...defaultEnvOptions, axtree: 'cdp' });
    try {
      const obs = await env.reset('click-button', 7);
      const bg = await env.browsergymObservation(obs);
      const target = /"(.+)"/.exec(bg.goal)![1]!;
      const bid = new RegExp(`\\[(\\d+)\\] button ${escapeRegex(pyRepr(target))}`).exec(bg.axtree_txt)![1]!;
      const result = await env.step(`click('${bid}')`);
      expect(result.rawReward).toBe(1);
    } finally {
      await env.close();
    }
  });
});

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
