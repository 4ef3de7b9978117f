// Executing a parsed action in the page (brief §3.5). Two backends: `input` (default: real mouse and
// keyboard input at the element's bbox centre, so overlays block clicks as in a browser) and
// `locator` (Playwright locator actions, 500 ms timeout then one retry with force, as BrowserGym).
// drag_and_drop presses, moves and releases the mouse in both (`locator`: Playwright's dragTo).
// Failures are thrown as ActionError, which the env turns into lastActionError.
import type { Locator, Page } from 'playwright';
import type { Action } from '../actions/action.js';

export const Backend = ['input', 'locator'] as const;
export type Backend = (typeof Backend)[number];

export class ActionError extends Error {}

const selector = (bid: string) => `[bid="${bid.replace(/["\\]/g, '\\$&')}"]`;

interface Target {
  found: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
  editable: boolean;
  tag: string;
}

/**
 * What to do with the element once located, in the same evaluate (one round trip instead of two):
 * focus it (press, focus), or focus and select its text if it is editable (fill, clear).
 */
type Then = 'none' | 'focus' | 'focus-select-if-editable';

/** Scrolls the element into view and returns its bbox (in page, one evaluate). */
async function locate(page: Page, bid: string, then: Then = 'none'): Promise<Target> {
  return page.evaluate(
    ([sel, next]) => {
      const el = document.querySelector(sel) as HTMLElement | null;
      if (!el) return { found: false, x: 0, y: 0, w: 0, h: 0, editable: false, tag: '' };
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = el.getBoundingClientRect();
      const tag = el.tagName.toLowerCase();
      const type = (el.getAttribute('type') || '').toLowerCase();
      const textual = ['text', 'password', 'email', 'search', 'tel', 'url', 'number', 'date', ''].includes(
        type,
      );
      const editable =
        ((tag === 'input' && textual) || tag === 'textarea' || el.isContentEditable) &&
        !(el as HTMLInputElement).disabled &&
        !(el as HTMLInputElement).readOnly;
      if (next === 'focus' || (next === 'focus-select-if-editable' && editable)) el.focus();
      if (
        next === 'focus-select-if-editable' &&
        editable &&
        typeof (el as HTMLInputElement).select === 'function'
      )
        (el as HTMLInputElement).select();
      return { found: true, x: r.x, y: r.y, w: r.width, h: r.height, editable, tag };
    },
    [selector(bid), then] as const,
  );
}

async function mustLocate(page: Page, bid: string, then: Then = 'none'): Promise<Target> {
  const target = await locate(page, bid, then);
  if (!target.found) throw new ActionError(`bid '${bid}' not found`);
  return target;
}

async function centre(page: Page, bid: string): Promise<[number, number]> {
  const t = await mustLocate(page, bid);
  if (t.w === 0 || t.h === 0) throw new ActionError(`element with bid '${bid}' is not visible (zero size)`);
  return [t.x + t.w / 2, t.y + t.h / 2];
}

async function typeValue(page: Page, bid: string, value: string): Promise<void> {
  const t = await mustLocate(page, bid, 'focus-select-if-editable');
  if (!t.editable)
    throw new ActionError(
      `fill: element with bid '${bid}' (<${t.tag}>) is not an <input>, <textarea> or [contenteditable] element`,
    );
  if (value === '') await page.keyboard.press('Backspace');
  else await page.keyboard.insertText(value);
}

export async function executeInput(page: Page, action: Action, timeoutMs: number): Promise<void> {
  switch (action.verb) {
    case 'click':
    case 'dblclick': {
      const [x, y] = await centre(page, action.bid);
      for (const m of action.modifiers) await page.keyboard.down(m);
      if (action.verb === 'click') await page.mouse.click(x, y, { button: action.button });
      else await page.mouse.dblclick(x, y, { button: action.button });
      for (const m of action.modifiers) await page.keyboard.up(m);
      return;
    }
    case 'hover': {
      const [x, y] = await centre(page, action.bid);
      await page.mouse.move(x, y);
      return;
    }
    case 'fill':
      return typeValue(page, action.bid, action.value);
    case 'clear':
      return typeValue(page, action.bid, '');
    case 'select_option':
      await mustLocate(page, action.bid);
      await selectOption(page, action.bid, action.options, timeoutMs);
      return;
    case 'press':
      await mustLocate(page, action.bid, 'focus');
      await page.keyboard.press(action.key);
      return;
    case 'focus':
      await mustLocate(page, action.bid, 'focus');
      return;
    case 'drag_and_drop':
      return dragInput(page, action.fromBid, action.toBid);
    default:
      return executeCommon(page, action, timeoutMs);
  }
}

/** Mouse moves between press and release: pages that track mousemove see a path, not a jump. */
const dragSteps = 5;

/**
 * A real drag: press at the source's centre, move in steps to the target's centre, release. The
 * target is checked before the button goes down, so a missing target leaves no button held; it is
 * located again after the press because bringing the source into view may have scrolled the page.
 */
async function dragInput(page: Page, fromBid: string, toBid: string): Promise<void> {
  await centre(page, toBid);
  const [fromX, fromY] = await centre(page, fromBid);
  await page.mouse.move(fromX, fromY);
  await page.mouse.down();
  try {
    const [toX, toY] = await centre(page, toBid);
    await page.mouse.move(toX, toY, { steps: dragSteps });
  } finally {
    await page.mouse.up(); // never leave the button down, whatever failed
  }
}

async function selectOption(page: Page, bid: string, options: string[], timeoutMs: number): Promise<void> {
  try {
    await page.locator(selector(bid)).selectOption(
      options.map((label) => ({ label })),
      { timeout: timeoutMs },
    );
  } catch (error) {
    throw new ActionError(`select_option on bid '${bid}' failed: ${firstLine(error)}`);
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error)
    .split('\n')[0]!
    .slice(0, 200);
}

/** Verbs that act on the page or the history, the same in both backends. */
async function executeCommon(page: Page, action: Action, timeoutMs: number): Promise<void> {
  switch (action.verb) {
    case 'scroll':
      await page.mouse.wheel(action.dx, action.dy);
      return;
    case 'go_back':
      await page.goBack({ waitUntil: 'domcontentloaded', timeout: timeoutMs });
      return;
    case 'go_forward':
      await page.goForward({ waitUntil: 'domcontentloaded', timeout: timeoutMs });
      return;
    case 'noop':
      // Our pages have no timers, so waiting longer changes nothing; capped to keep episodes fast.
      await page.waitForTimeout(Math.max(0, Math.min(action.waitMs, 100)));
      return;
    case 'send_msg_to_user':
    case 'report_infeasible':
      return; // messages to the user do not change the page (no chat task in the suite)
    default:
      throw new ActionError(`verb ${action.verb} not handled`);
  }
}

export async function executeLocator(
  page: Page,
  action: Action,
  timeoutMs: number,
  attemptTimeoutMs = 500,
): Promise<void> {
  if (action.verb === 'drag_and_drop')
    return dragLocator(page, action.fromBid, action.toBid, attemptTimeoutMs);
  if (!('bid' in action)) return executeCommon(page, action, timeoutMs);
  const locator = await mustExist(page, action.bid);
  const attempt = async (force: boolean) => {
    const options = { timeout: attemptTimeoutMs, force };
    switch (action.verb) {
      case 'click':
        return locator.click({ ...options, button: action.button });
      case 'dblclick':
        return locator.dblclick({ ...options, button: action.button });
      case 'hover':
        return locator.hover(options);
      case 'fill':
        return locator.fill(action.value, options);
      case 'clear':
        return locator.clear(options);
      case 'select_option':
        return locator.selectOption(
          action.options.map((label) => ({ label })),
          options,
        );
      case 'press':
        return locator.press(action.key, { timeout: attemptTimeoutMs });
      case 'focus':
        return locator.focus({ timeout: attemptTimeoutMs });
    }
  };
  await withForcedRetry(`${action.verb} on bid '${action.bid}'`, attempt);
}

/** Playwright's dragTo (hover the source, press, hover the target, release), with the same retry. */
async function dragLocator(
  page: Page,
  fromBid: string,
  toBid: string,
  attemptTimeoutMs: number,
): Promise<void> {
  const from = await mustExist(page, fromBid);
  const to = await mustExist(page, toBid);
  await withForcedRetry(`drag_and_drop from bid '${fromBid}' to bid '${toBid}'`, (force) =>
    from.dragTo(to, { timeout: attemptTimeoutMs, force }),
  );
}

async function mustExist(page: Page, bid: string): Promise<Locator> {
  const locator = page.locator(selector(bid));
  if ((await locator.count()) === 0) throw new ActionError(`bid '${bid}' not found`);
  return locator;
}

/** BrowserGym's pattern: one attempt with actionability checks, then one forced; `what` names the action in the error. */
async function withForcedRetry(what: string, attempt: (force: boolean) => Promise<unknown>): Promise<void> {
  try {
    await attempt(false);
  } catch {
    try {
      await attempt(true);
    } catch (error) {
      throw new ActionError(`${what} failed: ${firstLine(error)}`);
    }
  }
}
