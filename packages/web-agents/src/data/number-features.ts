// Generic numeric features per element (issue 17 point 2), read by the 'plain' and 'attention'
// students in place of the seven answer detectors of featurise.ts (relation columns 11–17). They give
// numbers as values (quantities.ts) and positions as numbers on the same scale, and no comparison
// with the answer: whether the element's rank equals the goal's ordinal, or its price is the least on
// the page, is left for the network to compute (the attention student sees every element's numbers).
import type { El } from '../env/obs.js';
import { parseQuantities, type Quantity, quantityUnits, signedLog } from './quantities.js';

const quantityWidth = 1 + quantityUnits.length; // signedLog(value), unit one-hot

/**
 * Columns: the element's 1st and 2nd quantity (6 each); has a quantity; quantity count / 4;
 * signedLog(rank among same-tag siblings + 1), signedLog(rank among cousins + 1), signedLog(cousin
 * count) (cousins: same tag and depth under the same grandparent, e.g. result rows wrapped in their own
 * div); the 1st quantity of its siblings (a row's "Book" button next to the row's price); the goal's
 * 1st and 2nd quantity (the same for every element, so each element can be compared with the goal).
 */
export const numberFeatureWidth = 2 * quantityWidth + 2 + 3 + quantityWidth + 2 * quantityWidth; // 35

/** Quantities of an element's visible label (the text a reader would see). */
function elementQuantities(el: El): Quantity[] {
  return parseQuantities(el.text || el.name);
}

function writeQuantity(f: Float32Array, at: number, q: Quantity | undefined): void {
  if (q === undefined) return;
  f[at] = signedLog(q.value);
  f[at + 1 + quantityUnits.indexOf(q.unit)] = 1;
}

function groupBy(elements: readonly El[], key: (el: El) => string): Map<string, El[]> {
  const groups = new Map<string, El[]>();
  for (const el of elements) {
    const k = key(el);
    const list = groups.get(k);
    if (list) list.push(el);
    else groups.set(k, [el]);
  }
  return groups;
}

/**
 * Numeric features [E·numberFeatureWidth] of the pruned elements `kept` (index e ↔ kept[e]), with
 * siblings and cousins taken from the whole observation `all`.
 */
export function numberFeatures(
  kept: readonly El[],
  all: readonly El[],
  goal: string,
  maxElements: number,
): Float32Array {
  const W = numberFeatureWidth;
  const out = new Float32Array(maxElements * W);
  const byBid = new Map(all.map((el) => [el.bid, el]));
  const quantitiesOf = new Map(all.map((el) => [el, elementQuantities(el)]));
  const siblings = groupBy(all, (el) => el.parentBid ?? '');
  const grandparent = (el: El) => (el.parentBid === null ? '' : (byBid.get(el.parentBid)?.parentBid ?? ''));
  const cousinKey = (el: El) => `${el.tag}|${el.depth}|${grandparent(el)}`;
  const cousins = groupBy(all, cousinKey);
  const goalQuantities = parseQuantities(goal);
  kept.forEach((el, e) => {
    const f = out.subarray(e * W, (e + 1) * W);
    const own = quantitiesOf.get(el) ?? [];
    writeQuantity(f, 0, own[0]);
    writeQuantity(f, quantityWidth, own[1]);
    let at = 2 * quantityWidth;
    f[at++] = own.length > 0 ? 1 : 0;
    f[at++] = Math.min(own.length, 4) / 4;
    const siblingList = siblings.get(el.parentBid ?? '') ?? [];
    f[at++] = signedLog(siblingList.filter((s) => s.tag === el.tag).indexOf(el) + 1);
    const cousinList = cousins.get(cousinKey(el)) ?? [];
    f[at++] = signedLog(cousinList.indexOf(el) + 1);
    f[at++] = signedLog(cousinList.length);
    const siblingQuantity = siblingList.find((s) => s !== el && (quantitiesOf.get(s) ?? []).length > 0);
    writeQuantity(f, at, siblingQuantity ? quantitiesOf.get(siblingQuantity)![0] : undefined);
    at += quantityWidth;
    writeQuantity(f, at, goalQuantities[0]);
    writeQuantity(f, at + quantityWidth, goalQuantities[1]);
  });
  return out;
}
