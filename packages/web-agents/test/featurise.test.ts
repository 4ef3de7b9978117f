// Featurisation and action encoding (brief §6.1–6.2): goal spans copy the goal's exact substring,
// encode/decode round-trips, pruning keeps interactive elements first.

import { initBackend, tf } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import { type Action, act } from '../src/actions/action.js';
import { formatAction } from '../src/actions/format.js';
import { parseAction } from '../src/actions/parser.js';
import { buildSamples } from '../src/data/dataset.js';
import {
  decodeAction,
  dims,
  elementFeatureWidth,
  emptyHistory,
  encodeAction,
  featurise,
  pruneElements,
  quantities,
  studentVerbs,
} from '../src/data/featurise.js';
import { findGoalSpan, goalTokens } from '../src/data/goal-tokens.js';
import type { Obs } from '../src/env/obs.js';
import { goalWindows } from '../src/student/model.js';
import { element } from './elements.js';

const el = element;

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

  test('the student cannot drag: drag_and_drop is unrepresentable and its 8 verbs are unchanged', () => {
    const fo = featurise(obs, emptyHistory());
    expect(encodeAction(act.drag('2', '1'), fo)).toEqual({ ok: false, reason: 'unrepresentable' });
    // the vocabulary the committed `default` runs were trained with (README "Breadth tasks")
    expect([...studentVerbs]).toEqual([
      'click',
      'fill',
      'select_option',
      'press_enter',
      'go_back',
      'scroll_down',
      'scroll_up',
      'noop',
    ]);
    // in a dataset the drag label is dropped and counted like any unencodable label
    const step = (action: string, o: Obs) => ({
      obs: o,
      action,
      parsed: (parseAction(action) as { action: Action }).action,
      thought: null,
      oracleCanonical: action,
      oracleValid: [action],
      oracleThought: null,
      reward: 0,
      error: null,
      ms: 1,
    });
    const episode = {
      key: 'k',
      phase: 'p',
      task: 'drag-items',
      seed: 0,
      policy: 'oracle',
      ckpt: null,
      evalMode: null,
      goal: obs.goal,
      htmlHash: 'h',
      finalObs: null,
      rawReward: 1,
      success: 1 as const,
      strictSuccess: 1 as const,
      nSteps: 2,
      truncated: false,
      endReason: 'task',
      error: null,
      attempts: 1,
      timings: { totalMs: 2 },
      versions: { chromium: 'x', playwright: 'y' },
      steps: [step("drag_and_drop('2', '0')", obs), step("click('1')", { ...obs, step: 1 })],
    };
    const { counts } = buildSamples([episode], 'executed');
    expect(counts).toEqual({ samples: 1, dropped: { unrepresentable: 1 } });
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

  test('relation features: a value cell next to the goal key, the k-th word of a paragraph', () => {
    const relation = dims.roleWidth + dims.numericWidth + dims.matchWidth + dims.historyWidth;
    const table: Obs = {
      ...obs,
      goal: 'Enter the value of City into the text field and press Submit.',
      elements: [
        el('0', 'row', '', { tag: 'tr' }),
        el('1', 'cell', 'City', { tag: 'td', parentBid: '0' }),
        el('2', 'cell', 'Oslo', { tag: 'td', parentBid: '0' }),
        el('3', 'row', '', { tag: 'tr' }),
        el('4', 'cell', 'Color', { tag: 'td', parentBid: '3' }),
        el('5', 'cell', 'red', { tag: 'td', parentBid: '3' }),
      ],
    };
    const fo = featurise(table, emptyHistory());
    const f = (bid: string, k: number) =>
      fo.elFeatures[fo.elements.findIndex((x) => x.bid === bid) * elementFeatureWidth + relation + k];
    expect(f('2', 0)).toBe(1); // previous element 'City' is in the goal
    expect(f('2', 6)).toBe(1); // a sibling is in the goal
    expect(f('5', 6)).toBe(0); // 'Color' is not
    expect(f('1', 10)).toBe(0);
    expect(f('2', 10)).toBeCloseTo(0.1, 6); // rank among same-tag siblings / 10
    const words: Obs = {
      ...obs,
      goal: 'Find the 3rd word in the paragraph, type that into the textbox and press "Submit".',
      elements: [
        el('0', 'paragraph', '', { tag: 'p' }),
        ...['ash', 'bay', 'cove', 'dune'].map((w, i) =>
          el(String(i + 1), 'StaticText', w, { tag: 'span', text: w, parentBid: '0' }),
        ),
      ],
    };
    const fw = featurise(words, emptyHistory());
    const ordinal = fw.elements.map((_, e) => fw.elFeatures[e * elementFeatureWidth + relation + 11]);
    expect(ordinal).toEqual([0, 0, 0, 1, 0]); // 'cove' is the 3rd span
    // search results, each link in its own div: the 5th result on a page of 3 is the 2nd link
    const results: Obs = {
      ...obs,
      goal: 'Use the textbox to enter "Sven" and press "Search", then find and click the 5th search result.',
      elements: [
        el('0', 'generic', '', { depth: 1 }),
        ...[0, 1, 2].flatMap((i) => [
          el(`d${i}`, 'generic', '', { parentBid: '0', depth: 2 }),
          el(`a${i}`, 'link', `Sven ${i}`, { tag: 'a', parentBid: `d${i}`, depth: 3 }),
        ]),
      ],
    };
    const fr = featurise(results, emptyHistory());
    const modulo = ['a0', 'a1', 'a2'].map((bid) => {
      const e = fr.elements.findIndex((x) => x.bid === bid);
      return fr.elFeatures[e * elementFeatureWidth + relation + 13];
    });
    expect(modulo).toEqual([0, 1, 0]);
    // flights: the Book button whose row holds the lowest price / the shortest duration
    expect(quantities('$412 · 3h 5m')).toEqual([412, 185]);
    const rows = [
      ['$300 · 2h 0m', 'f0'],
      ['$120 · 4h 10m', 'f1'],
      ['$250 · 1h 55m', 'f2'],
    ];
    const flights: Obs = {
      ...obs,
      goal: 'Book the cheapest one-way flight from A to B on 01/02/2026.',
      elements: [
        el('box', 'generic', '', { depth: 1 }),
        ...rows.flatMap(([text, id]) => [
          el(id!, 'generic', '', { parentBid: 'box', depth: 2 }),
          el(`${id}s`, 'StaticText', text!, { tag: 'span', text, parentBid: id!, depth: 3 }),
          el(`${id}b`, 'button', 'Book flight', { tag: 'button', parentBid: id!, depth: 3 }),
        ]),
      ],
    };
    const ff = featurise(flights, emptyHistory());
    const least = (bid: string) => {
      const e = ff.elements.findIndex((x) => x.bid === bid);
      return [14, 15, 16, 17].map((k) => ff.elFeatures[e * elementFeatureWidth + relation + k]);
    };
    expect(least('f1s')).toEqual([1, 0, 0, 0]); // cheapest row's text
    expect(least('f1b')).toEqual([0, 0, 1, 0]); // its Book button, through its sibling
    expect(least('f2b')).toEqual([0, 0, 0, 1]); // the shortest row's Book button
    expect(least('f0b')).toEqual([0, 0, 0, 0]);
  });

  test('goal windows: each token sees its neighbours (zeros past the ends) and its position', async () => {
    await initBackend();
    const emb = tf.tensor3d([[[1], [2], [3]]]); // B 1, G 3, D 1
    const w = goalWindows(emb);
    // [e_j, e_{j−1}, e_{j+1}, e_{j−2}, e_{j+2}, j/G]
    const rows = w.arraySync()[0]!.map((r) => r.map((v) => Math.round(v * 1000) / 1000));
    expect(rows).toEqual([
      [1, 0, 2, 0, 3, 0],
      [2, 1, 3, 0, 0, 0.333],
      [3, 2, 0, 1, 0, 0.667],
    ]);
    tf.dispose([emb, w]);
  });
});
