// The action DSL (brief §3.5; acceptance criterion 5): every verb round-trips through
// formatAction/parseAction, drag_and_drop (issue 17 point 8) included; bad input gives an error
// naming the problem; ≥ 1,000 fuzzed malformed strings never throw.
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import { type Action, act, actionBid } from '../src/actions/action.js';
import { formatAction } from '../src/actions/format.js';
import { parseAction } from '../src/actions/parser.js';

const examples: Action[] = [
  { verb: 'click', bid: '12', button: 'left', modifiers: [] },
  { verb: 'click', bid: 'a"b', button: 'right', modifiers: ['Shift', 'Control'] },
  { verb: 'dblclick', bid: '3', button: 'left', modifiers: [] },
  { verb: 'hover', bid: '4' },
  { verb: 'fill', bid: '5', value: 'it\'s a "test"\nwith\\escapes' },
  { verb: 'fill', bid: '5', value: '' },
  { verb: 'clear', bid: '6' },
  { verb: 'select_option', bid: '7', options: ['Red'] },
  { verb: 'select_option', bid: '7', options: ['Red', 'Blue'] },
  { verb: 'press', bid: '8', key: 'Control+a' },
  { verb: 'focus', bid: '9' },
  { verb: 'drag_and_drop', fromBid: '10', toBid: '11' },
  { verb: 'drag_and_drop', fromBid: "it's", toBid: 'a"b' },
  { verb: 'scroll', dx: 0, dy: -200.5 },
  { verb: 'go_back' },
  { verb: 'go_forward' },
  { verb: 'noop', waitMs: 1000 },
  { verb: 'noop', waitMs: 250 },
  { verb: 'send_msg_to_user', text: 'done' },
  { verb: 'report_infeasible', text: 'no such item' },
];

describe('parseAction / formatAction', () => {
  test.each(examples.map((a) => [formatAction(a), a] as const))('round trip %s', (text, action) => {
    expect(parseAction(text)).toEqual({ ok: true, action });
  });

  test('keyword arguments, double quotes and whitespace are accepted', () => {
    expect(parseAction(' click( "12" , button = "middle" ) ')).toEqual({
      ok: true,
      action: { verb: 'click', bid: '12', button: 'middle', modifiers: [] },
    });
    expect(parseAction("fill(bid='3', value='x')")).toEqual({
      ok: true,
      action: { verb: 'fill', bid: '3', value: 'x' },
    });
  });

  test('drag_and_drop: positional, keyword (any order) and mixed arguments, canonical string', () => {
    const drag = { ok: true, action: { verb: 'drag_and_drop', fromBid: '3', toBid: '7' } };
    expect(parseAction("drag_and_drop('3', '7')")).toEqual(drag);
    expect(parseAction('drag_and_drop(from_bid="3", to_bid="7")')).toEqual(drag);
    expect(parseAction("drag_and_drop(to_bid='7', from_bid='3')")).toEqual(drag);
    expect(parseAction("drag_and_drop('3', to_bid='7')")).toEqual(drag);
    expect(formatAction(act.drag('3', '7'))).toBe("drag_and_drop('3', '7')");
    expect(actionBid(act.drag('3', '7'))).toBe('3'); // the dragged element
  });

  test('drag_and_drop: bad arguments name the value and the usage', () => {
    const error = (text: string) => {
      const result = parseAction(text);
      return result.ok ? 'parsed' : result.error;
    };
    const usage = /usage: drag_and_drop\(from_bid, to_bid\)/;
    expect(error("drag_and_drop('3')")).toMatch(/drag_and_drop: missing argument 'to_bid'/);
    expect(error("drag_and_drop('3')")).toMatch(usage);
    expect(error('drag_and_drop()')).toMatch(/missing argument 'from_bid'/);
    expect(error("drag_and_drop('3', 7)")).toMatch(/drag_and_drop: 'to_bid' must be a string, got a number/);
    expect(error("drag_and_drop(['3'], '7')")).toMatch(/'from_bid' must be a string, got a list/);
    expect(error("drag_and_drop('1', '2', '3')")).toMatch(/takes at most 2 arguments, got 3/);
    expect(error("drag_and_drop('1', target='2')")).toMatch(/drag_and_drop has no argument 'target'/);
    expect(error("drag_and_drop('1', '2', from_bid='3')")).toMatch(/argument 'from_bid' given twice/);
    expect(error("drag('1', '2')")).toMatch(/unknown verb 'drag'; valid verbs: .*drag_and_drop/);
  });

  test('bad input names the problem and what is valid', () => {
    const unknown = parseAction("clik('3')");
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.error).toMatch(/unknown verb 'clik'; valid verbs: click, dblclick/);
    const arity = parseAction("fill('3')");
    if (!arity.ok) expect(arity.error).toMatch(/missing argument 'value'; usage: fill\(bid, value\)/);
    const type = parseAction('click(3)');
    if (!type.ok) expect(type.error).toMatch(/'bid' must be a string, got a number/);
    const two = parseAction("click('1') click('2')");
    if (!two.ok) expect(two.error).toMatch(/one action per step/);
    expect(parseAction(42).ok).toBe(false);
  });

  test('1,000+ fuzzed malformed strings give errors, never exceptions', () => {
    const rng = new Rng('fuzz');
    const alphabet = 'click(fill\'"[],= )0123abc_\\\n';
    let malformed = 0;
    for (let i = 0; i < 1500; i++) {
      const base = formatAction(rng.choice(examples));
      let text: string;
      switch (rng.int(4)) {
        case 0: // random characters
          text = Array.from({ length: 1 + rng.int(30) }, () => alphabet[rng.int(alphabet.length)]).join('');
          break;
        case 1: // truncated valid action
          text = base.slice(0, rng.int(base.length));
          break;
        case 2: {
          // one character replaced
          const at = rng.int(base.length);
          text = base.slice(0, at) + alphabet[rng.int(alphabet.length)] + base.slice(at + 1);
          break;
        }
        default: // two actions glued together
          text = base + formatAction(rng.choice(examples));
      }
      const result = parseAction(text);
      if (!result.ok) {
        malformed++;
        expect(result.error.length).toBeGreaterThan(0);
      }
    }
    expect(malformed).toBeGreaterThanOrEqual(1000);
  });
});
