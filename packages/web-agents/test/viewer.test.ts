// The trace viewer (brief §12; acceptance criterion 9): a static page that escapes all page text,
// including <script> inside goals and LLM output, checked in Chromium through Playwright.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { launchBrowser } from '../src/browser/launch.js';
import type { Episode } from '../src/data/trace.js';
import { buildViewer } from '../src/viewer/html.js';
import { hasBrowser } from './browser-helpers.js';

const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';

function episode(): Episode {
  const obs = {
    goal: `Click "${evil}"`,
    url: 'http://127.0.0.1/t/click-button/0/index.html',
    step: 0,
    elements: [
      {
        bid: '3',
        tag: 'button',
        role: 'button',
        name: evil,
        text: evil,
        value: null,
        checked: null,
        selected: false,
        disabled: false,
        editable: false,
        clickable: true,
        visible: true,
        focused: false,
        bbox: [0, 0, 10, 10] as [number, number, number, number],
        depth: 0,
        parentBid: null,
        domId: '',
      },
    ],
    focusedBid: null,
    lastAction: null,
    lastActionError: null,
    pageState: null,
  };
  return {
    key: 'k',
    phase: 'eval',
    task: 'click-button',
    seed: 0,
    policy: 'oracle',
    ckpt: 'final',
    evalMode: 'think',
    goal: obs.goal,
    htmlHash: 'h',
    steps: [
      {
        obs,
        action: `send_msg_to_user('${evil}')`,
        parsed: null,
        thought: null,
        oracleCanonical: "click('3')",
        oracleValid: ["click('3')"],
        oracleThought: null,
        reward: 0,
        error: `bad ${evil}`,
        ms: 1,
      },
      {
        obs: { ...obs, step: 1 },
        action: "click('3')",
        parsed: null,
        thought: null,
        oracleCanonical: "click('3')",
        oracleValid: ["click('3')"],
        oracleThought: null,
        reward: 1,
        error: null,
        ms: 1,
      },
    ],
    finalObs: null,
    rawReward: 1,
    success: 1,
    strictSuccess: 1,
    nSteps: 2,
    truncated: false,
    endReason: 'task',
    error: null,
    attempts: 1,
    timings: { totalMs: 1 },
    versions: { chromium: '1', playwright: '1' },
  };
}

test.skipIf(!hasBrowser)(
  'the viewer shows hostile text as text and highlights the first divergence',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-viewer-'));
    const browser = await launchBrowser();
    try {
      const file = join(dir, 'index.html');
      writeFileSync(file, buildViewer([episode()], 'test <b>viewer</b>'));
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(file).href);
      await page.click('tr.ep');
      const detail = await page.textContent('#detail');
      expect(detail).toContain(evil);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('.diverge').count()).toBe(1);
      expect(await page.textContent('.diverge h3')).toContain('first divergence');
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]); // no network
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
