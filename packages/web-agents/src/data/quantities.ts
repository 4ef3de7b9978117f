// Numbers in page and goal text as values with a unit (issue 17 point 2): "$412" is 412 currency,
// "3h 5m" is 185 minutes, "45%" is 45 percent, "4th" and "fourth" are the ordinal 4. The student's
// hashed tokens cannot order numbers ("412" and "399" are unrelated ids), so the 'plain' and
// 'attention' students read these values instead of per-task answer detectors. The parser is generic:
// it knows units and number words, never a task's template.

export const quantityUnits = ['none', 'currency', 'time', 'percent', 'ordinal'] as const;
export type QuantityUnit = (typeof quantityUnits)[number];

export interface Quantity {
  value: number;
  unit: QuantityUnit;
}

const ordinalWords = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/** Minutes per time unit: every duration is expressed in minutes so that "2h" and "90 min" compare. */
function minutesPer(unit: string): number {
  if (unit.startsWith('h')) return 60;
  if (unit.startsWith('s')) return 1 / 60;
  return 1; // m, min, minute(s)
}

// One match is a currency amount, a number with an optional suffix (ordinal, %, time unit), or an
// ordinal word. Numbers glued to letters ("a324", "10am") are not quantities: the look-arounds
// reject them, and "1,250" keeps its thousands separator.
const number = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
const pattern = new RegExp(
  String.raw`(?<![a-z0-9.])(?:([$€£])\s?(${number})|(${number})\s?(st|nd|rd|th|%|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)?)(?![a-z0-9])|\b(${ordinalWords.join('|')})\b`,
  'gi',
);

/** The quantities of a text in reading order; adjacent durations ("3h 5m") add up to one. */
export function parseQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  let previousEnd = -1;
  for (const m of text.matchAll(pattern)) {
    const [, currency, currencyNumber, plainNumber, rawSuffix, word] = m;
    let quantity: Quantity;
    if (word !== undefined) quantity = { value: ordinalWords.indexOf(word.toLowerCase()) + 1, unit: 'ordinal' };
    else if (currency !== undefined) quantity = { value: toNumber(currencyNumber!), unit: 'currency' };
    else {
      const value = toNumber(plainNumber!);
      const suffix = rawSuffix?.toLowerCase();
      if (suffix === undefined) quantity = { value, unit: 'none' };
      else if (suffix === '%') quantity = { value, unit: 'percent' };
      else if (['st', 'nd', 'rd', 'th'].includes(suffix)) quantity = { value, unit: 'ordinal' };
      else quantity = { value: value * minutesPer(suffix), unit: 'time' };
    }
    const last = out.at(-1);
    const onlySpaceBetween = previousEnd >= 0 && text.slice(previousEnd, m.index).trim() === '';
    if (quantity.unit === 'time' && last?.unit === 'time' && onlySpaceBetween) last.value += quantity.value;
    else out.push(quantity);
    previousEnd = m.index + m[0].length;
  }
  return out;
}

function toNumber(digits: string): number {
  return Number(digits.replaceAll(',', ''));
}

/** sign(x)·log(1 + |x|): keeps the order of numbers from 0.5 to 10⁶ on a scale a network can read. */
export function signedLog(x: number): number {
  return Math.sign(x) * Math.log1p(Math.abs(x));
}
