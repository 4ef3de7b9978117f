// Featurisation and action encoding (brief §6.1–6.2): goal spans copy the goal's exact substring,
// encode/decode round-trips, pruning keeps interactive elements first.
import { describe, expect, test } from 'vitest';
import { act } from '../src/actions/action.js';
import { formatAction } from '../src/actions/format.js';
import {
  decodeAction,
  dims,
  emptyHistory,
  encodeAction,
  featurise,
  pruneElements,
} from '../src/data/featurise.js';
import { findGoalSpan, goalTokens } from '../src/data/goal-tokens.js';
import type { El, Obs } from '../src/env/obs.js';

const el = (bid: string, role: string, name: string, extra: Partial<El> = {}): El => ({
  bid,
  tag: 'div',
  role,
  name,
  text: '',
  value: null,
  checked: null,
  selected: false,
  disabled: false,
  editable: false,
  clickable: role === 'button',
  visible: true,
  focused: false,
  bbox: [0, 0, 10, 10],
  depth: 1,
  parentBid: null,
  domId: '',
  ...extra,
});

const obs: Obs = {
  goal: 'Enter "Amber Lake" into the text field and press Submit.',
  url: 'http://127.0.0.1/t/enter-text/0/index.html',
  step: 0,
  elements: [
    el('0', 'textbox', '', { tag: 'input', editable: true, value: '' }),
    el('1', 'button', 'Submit'),
    el('2', 'StaticText', 'copy me', { text: 'copy me' }),
  ],
  focusedBid: null,
  lastAction: null,
  lastActionError: null,
  pageState: null,
};

describe('featurisation', () => {
  test('goal span: the token span whose goal substring equals the value, case kept', () => {
    const tokens = goalTokens(obs.goal);
    const span = findGoalSpan(obs.goal, tokens, 'Amber Lake');
    expect(span).toBeDefined();
    const [s, e] = span!;
    expect(obs.goal.slice(tokens[s]!.start, tokens[e]!.end)).toBe('Amber Lake');
    expect(findGoalSpan(obs.goal, tokens, 'amber lake')).toBeUndefined();
  });

  test('encode → decode round-trips fill from the goal, fill from element text, click and Enter', () => {
    const fo = featurise(obs, emptyHistory());
    for (const action of [
      act.fill('0', 'Amber Lake'),
      act.fill('0', 'copy me'),
      act.click('1'),
      act.press('0', 'Enter'),
    ]) {
      const encoded = encodeAction(action, fo);
      expect(encoded.ok).toBe(true);
      if (encoded.ok) expect(formatAction(decodeAction(encoded.target, fo))).toBe(formatAction(action));
    }
    expect(encodeAction(act.focus('0'), fo)).toEqual({ ok: false, reason: 'unrepresentable' });
    expect(encodeAction(act.click('99'), fo)).toEqual({ ok: false, reason: 'pruned' });
  });

  test('pruning keeps at most E elements, interactive ones first, in DOM order', () => {
    const many = Array.from({ length: 100 }, (_, i) =>
      el(String(i), i % 10 === 0 ? 'button' : 'generic', i % 10 === 0 ? `b${i}` : ''),
    );
    const kept = pruneElements(many);
    expect(kept).toHaveLength(dims.maxElements);
    expect(kept.filter((e) => e.role === 'button')).toHaveLength(10);
    expect(kept.map((e) => Number(e.bid))).toEqual([...kept.map((e) => Number(e.bid))].sort((a, b) => a - b));
  });
});
