// Numbers as values (issue 17 point 2): the quantity parser on hand-written strings, and the generic
// numeric features built from it (src/data/quantities.ts, src/data/number-features.ts).
import { describe, expect, test } from 'vitest';
import { emptyHistory, featurise } from '../src/data/featurise.js';
import { numberFeatures, numberFeatureWidth } from '../src/data/number-features.js';
import { parseQuantities, quantityUnits, signedLog } from '../src/data/quantities.js';
import type { El, Obs } from '../src/env/obs.js';
import { element } from './elements.js';

describe('parseQuantities', () => {
  test.each([
    [
      '$412 · 3h 5m',
      [
        { value: 412, unit: 'currency' },
        { value: 185, unit: 'time' },
      ],
    ],
    ['Find the 4th word', [{ value: 4, unit: 'ordinal' }]],
    [
      'click the 1st, 2nd or 23rd result',
      [
        { value: 1, unit: 'ordinal' },
        { value: 2, unit: 'ordinal' },
        { value: 23, unit: 'ordinal' },
      ],
    ],
    [
      'the third and the Tenth',
      [
        { value: 3, unit: 'ordinal' },
        { value: 10, unit: 'ordinal' },
      ],
    ],
    [
      'up 12.5% on 1,250 units',
      [
        { value: 12.5, unit: 'percent' },
        { value: 1250, unit: 'none' },
      ],
    ],
    ['2 hours 30 minutes', [{ value: 150, unit: 'time' }]],
    ['90 min', [{ value: 90, unit: 'time' }]],
    [
      '€ 7 and £3',
      [
        { value: 7, unit: 'currency' },
        { value: 3, unit: 'currency' },
      ],
    ],
    [
      'on 03/14/2026',
      [
        { value: 3, unit: 'none' },
        { value: 14, unit: 'none' },
        { value: 2026, unit: 'none' },
      ],
    ],
  ])('%s', (text, expected) => {
    expect(parseQuantities(text)).toEqual(expected);
  });

  test('numbers glued to letters are not quantities, and words without numbers give none', () => {
    expect(parseQuantities('bid a324 at 10am, user42')).toEqual([]);
    expect(parseQuantities('Book flight')).toEqual([]);
  });

  test('durations separated by other text stay apart', () => {
    // "3h" and "5m" add up only when nothing but space lies between them.
    expect(parseQuantities('3h, then 5m')).toEqual([
      { value: 180, unit: 'time' },
      { value: 5, unit: 'time' },
    ]);
  });

  test('signedLog keeps order and sign: log1p(|x|)·sign(x)', () => {
    expect(signedLog(0)).toBe(0);
    expect(signedLog(Math.E - 1)).toBeCloseTo(1, 12);
    expect(signedLog(-(Math.E - 1))).toBeCloseTo(-1, 12);
    expect(signedLog(399)).toBeLessThan(signedLog(412));
  });
});

describe('numberFeatures', () => {
  const unit = (u: (typeof quantityUnits)[number]) => 1 + quantityUnits.indexOf(u);
  // Two flight rows, each a div holding a price span and a Book button (book-flight's shape).
  const rows: El[] = [
    element('1', 'generic', '', { tag: 'div', depth: 1 }),
    element('2', 'StaticText', '', { tag: 'span', text: '$412 · 3h 5m', depth: 2, parentBid: '1' }),
    element('3', 'button', 'Book flight', { tag: 'button', depth: 2, parentBid: '1' }),
    element('4', 'generic', '', { tag: 'div', depth: 1 }),
    element('5', 'StaticText', '', { tag: 'span', text: '$99 · 1h 0m', depth: 2, parentBid: '4' }),
    element('6', 'button', 'Book flight', { tag: 'button', depth: 2, parentBid: '4' }),
  ];
  const goal = 'Book the 2nd flight';
  const W = numberFeatureWidth;
  const f = numberFeatures(rows, rows, goal, 8);
  const row = (e: number) => Array.from(f.subarray(e * W, (e + 1) * W));

  test('an element carries its own quantities as values with their units', () => {
    const price = row(1);
    expect(price[0]).toBeCloseTo(signedLog(412), 6);
    expect(price[unit('currency')]).toBe(1);
    expect(price[6]).toBeCloseTo(signedLog(185), 6);
    expect(price[6 + unit('time')]).toBe(1);
    expect(price[12]).toBe(1); // has a quantity
    expect(price[13]).toBe(0.5); // 2 quantities / 4
  });

  test('a button carries its row sibling quantity, and cousin rank is a number', () => {
    const first = row(2);
    const second = row(5);
    expect(first[12]).toBe(0); // the button itself has no number
    expect(first[17]).toBeCloseTo(signedLog(412), 6);
    expect(second[17]).toBeCloseTo(signedLog(99), 6);
    expect(first[15]).toBeCloseTo(signedLog(1), 6); // 1st among button cousins
    expect(second[15]).toBeCloseTo(signedLog(2), 6); // 2nd: equals the goal's ordinal on the same scale
    expect(second[16]).toBeCloseTo(signedLog(2), 6); // 2 cousins
  });

  test('every element sees the goal quantities; padded rows stay zero', () => {
    for (const e of [0, 3]) {
      expect(row(e)[23]).toBeCloseTo(signedLog(2), 6);
      expect(row(e)[23 + unit('ordinal')]).toBe(1);
    }
    expect(row(6).every((v) => v === 0)).toBe(true);
  });

  test('featurise carries them as elNumbers, one row per kept element', () => {
    const obs: Obs = {
      goal,
      url: 'http://127.0.0.1/t/book-flight/0/index.html',
      step: 0,
      elements: rows,
      focusedBid: null,
      lastAction: null,
      lastActionError: null,
      pageState: null,
    };
    const fo = featurise(obs, emptyHistory());
    const e = fo.elements.findIndex((el) => el.bid === '5');
    expect(fo.elNumbers[e * W]).toBeCloseTo(signedLog(99), 6);
    expect(fo.elNumbers.length).toBe(64 * W);
  });
});
