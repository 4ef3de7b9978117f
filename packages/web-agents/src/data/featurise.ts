// Featurisation of brief §6.1 (plain TypeScript, not trained). Elements are pruned to E ≤ 64
// (interactive first, then text-bearing leaves, then the rest, in DOM order); text is lower-cased
// word tokens plus character trigrams, FNV-1a-hashed into V ids, ≤ 8 per element, ≤ 64 goal tokens
// (brief: 32). Per element: role one-hot (24), numeric (16), goal match (8), history (8), and our
// relations group (18: README "Departures"). Global history (16).
import { type Action, actionBid } from '../actions/action.js';
import { type El, type Obs, roles } from '../env/obs.js';
import { findGoalSpan, type GoalToken, goalTokens } from './goal-tokens.js';
import { numberFeatures } from './number-features.js';

export const dims = {
  maxElements: 64, // E
  tokensPerElement: 8,
  goalTokens: 64, // G (brief §6.1: 32; ours: 64, create-record goals run past 32 tokens, README)
  vocab: 4096, // V
  roleWidth: roles.length, // 24
  numericWidth: 16,
  matchWidth: 8,
  historyWidth: 8,
  relationWidth: 18,
  globalWidth: 16,
} as const;
export const elementFeatureWidth = dims.roleWidth + dims.numericWidth + dims.matchWidth + dims.historyWidth + dims.relationWidth; // 74
/**
 * The seven answer detectors are the last relation columns (11–17: rank vs the goal's ordinal,
 * least quantity); the 'plain' and 'attention' students read only the columns before them, plus
 * `elNumbers` (issue 17 point 2).
 */
export const answerDetectorColumns = 7;
export const withoutDetectorsWidth = elementFeatureWidth - answerDetectorColumns; // 67

/** The student's 8 verbs (brief §6.2). */
export const studentVerbs = ['click', 'fill', 'select_option', 'press_enter', 'go_back', 'scroll_down', 'scroll_up', 'noop'] as const;
export type StudentVerb = (typeof studentVerbs)[number];
export const verbUsesElement = [true, true, true, true, false, false, false, false];

/** What the student remembers of the episode so far (for the history features). */
export interface History {
  /** past actions, oldest first, with the error flag of each */
  actions: { verb: StudentVerb | 'other'; bid: string | null; error: boolean }[];
  initialValues: Map<string, string | null>;
  previousBids: Set<string>;
}

export function emptyHistory(): History {
  return { actions: [], initialValues: new Map(), previousBids: new Set() };
}

/** Folds one step into the history (call after acting on `obs`). */
export function pushHistory(history: History, obs: Obs, action: Action | null, error: boolean): History {
  const initialValues = history.initialValues.size === 0 && obs.step === 0 ? new Map(obs.elements.map((el) => [el.bid, el.value])) : history.initialValues;
  const verb = action ? toStudentVerb(action) : 'other';
  const bid = action ? (actionBid(action) ?? null) : null;
  return { actions: [...history.actions, { verb: verb ?? 'other', bid, error }], initialValues, previousBids: new Set(obs.elements.map((el) => el.bid)) };
}

export function toStudentVerb(action: Action): StudentVerb | undefined {
  switch (action.verb) {
    case 'click':
      return action.button === 'left' && action.modifiers.length === 0 ? 'click' : undefined;
    case 'fill':
      return 'fill';
    case 'select_option':
      return action.options.length === 1 ? 'select_option' : undefined;
    case 'press':
      return action.key === 'Enter' ? 'press_enter' : undefined;
    case 'go_back':
      return 'go_back';
    case 'scroll':
      return action.dx === 0 && action.dy === 200 ? 'scroll_down' : action.dx === 0 && action.dy === -200 ? 'scroll_up' : undefined;
    case 'noop':
      return 'noop';
    case 'drag_and_drop':
      // not in the student's 8 verbs, which the committed `default` runs fix: a drag target is
      // unrepresentable (encodeAction drops it like a focus or a right click; README)
      return undefined;
    default:
      return undefined;
  }
}

// ---- hashing ----

/** FNV-1a, 32 bits, folded into [1, V) (0 is padding). */
export function hashToken(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return 1 + ((h >>> 0) % (dims.vocab - 1));
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? [];
}

function elementTokenIds(el: El): number[] {
  const text = `${el.name} ${el.text} ${el.value ?? ''}`.trim();
  const ws = words(text);
  const ids = ws.slice(0, 5).map((w) => hashToken(`w:${w}`));
  const first = ws[0] ?? '';
  for (let i = 0; i + 3 <= first.length && ids.length < dims.tokensPerElement; i++) ids.push(hashToken(`c:${first.slice(i, i + 3)}`));
  return ids.slice(0, dims.tokensPerElement);
}

// ---- pruning ----

const interactiveRoles = new Set(['button', 'link', 'textbox', 'checkbox', 'radio', 'combobox', 'option', 'tab', 'treeitem', 'searchbox', 'listitem']);

/** Prunes to E elements: interactive first, then text-bearing leaves, then the rest; DOM order kept. */
export function pruneElements(elements: readonly El[]): El[] {
  const rank = (el: El) => (interactiveRoles.has(el.role) || el.clickable || el.editable ? 0 : el.text !== '' || el.name !== '' ? 1 : 2);
  const kept = new Set(
    elements
      .map((el, i) => ({ el, i, r: rank(el) }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .slice(0, dims.maxElements)
      .map((x) => x.el.bid),
  );
  return elements.filter((el) => kept.has(el.bid));
}

// ---- one observation ----

export interface FeaturisedObs {
  elements: El[]; // the pruned list: index e ↔ elements[e]
  goal: string;
  goalTokens: GoalToken[]; // ≤ G
  elTokens: Int32Array; // [E·T]
  elTokenMask: Float32Array; // [E·T]
  elFeatures: Float32Array; // [E·74]
  elNumbers: Float32Array; // [E·numberFeatureWidth] generic numeric features (number-features.ts)
  elMask: Float32Array; // [E]
  goalIds: Int32Array; // [G]
  goalMask: Float32Array; // [G]
  global: Float32Array; // [16]
}

interface GoalContext {
  goalLower: string;
  goalWords: Set<string>;
  quoted: string[];
}

/** An element's text against the goal: [substring of the goal, equals a quoted span, token Jaccard]. */
function goalMatch(el: El, g: GoalContext): [number, number, number] {
  const label = (el.name || el.text).toLowerCase();
  if (label === '') return [0, 0, 0];
  const elWords = words(label);
  const overlap = elWords.filter((w) => g.goalWords.has(w)).length;
  return [
    g.goalLower.includes(label) ? 1 : 0,
    g.quoted.some((q) => q.toLowerCase() === label) ? 1 : 0,
    elWords.length > 0 ? overlap / new Set([...elWords, ...g.goalWords]).size : 0,
  ];
}

/** The quantities in a text: "3h 5m" as minutes, other numbers as they are ("$412" → 412). */
export function quantities(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/(\d+)\s*h\s*(\d+)\s*m|\d+(?:\.\d+)?/g))
    out.push(m[1] !== undefined ? Number(m[1]) * 60 + Number(m[2]) : Number(m[0]));
  return out;
}

/** Per element of a cousin group of ≥ 2 with quantities: [its 1st is the least, its 2nd is the least]. */
function smallestQuantities(groups: Map<string, El[]>): Map<El, [number, number]> {
  const out = new Map<El, [number, number]>();
  for (const group of groups.values()) {
    const qs = group.map((el) => quantities(el.text || el.name));
    const withQ = group.filter((_, i) => qs[i]!.length > 0);
    if (withQ.length < 2) continue;
    const least = [0, 1].map((k) => Math.min(...qs.map((q) => q[k] ?? Number.POSITIVE_INFINITY)));
    group.forEach((el, i) => {
      const q = qs[i]!;
      if (q.length > 0) out.set(el, [q[0] === least[0] ? 1 : 0, q[1] !== undefined && q[1] === least[1] ? 1 : 0]);
    });
  }
  return out;
}

function quotedSpans(goal: string): string[] {
  return [...goal.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
}

export function featurise(obs: Obs, history: History, horizon = 15): FeaturisedObs {
  const { maxElements: E, tokensPerElement: T, goalTokens: G } = dims;
  const elements = pruneElements(obs.elements);
  const goal = obs.goal;
  const goalLower = goal.toLowerCase();
  const tokens = goalTokens(goal).slice(0, G);
  const goalWords = new Set(tokens.map((t) => t.text.toLowerCase()));
  const quoted = quotedSpans(goal);
  const elTokens = new Int32Array(E * T);
  const elTokenMask = new Float32Array(E * T);
  const elFeatures = new Float32Array(E * elementFeatureWidth);
  const elMask = new Float32Array(E);
  const recent = history.actions.slice(-3).reverse(); // t−1, t−2, t−3
  const goalCtx = { goalLower, goalWords, quoted };
  const byBid = new Map(obs.elements.map((el) => [el.bid, el]));
  const siblingsOf = new Map<string, El[]>();
  for (const el of obs.elements) {
    const key = el.parentBid ?? '';
    const list = siblingsOf.get(key);
    if (list) list.push(el);
    else siblingsOf.set(key, [el]);
  }
  const grandparent = (el: El) => (el.parentBid === null ? '' : (byBid.get(el.parentBid)?.parentBid ?? ''));
  const cousinGroups = new Map<string, El[]>();
  for (const el of obs.elements) {
    const key = `${el.tag}|${el.depth}|${grandparent(el)}`;
    const list = cousinGroups.get(key);
    if (list) list.push(el);
    else cousinGroups.set(key, [el]);
  }
  const cousinsOf = (el: El) => cousinGroups.get(`${el.tag}|${el.depth}|${grandparent(el)}`) ?? [];
  const smallest = smallestQuantities(cousinGroups);
  const ordinalMatch = /\b(\d+)(?:st|nd|rd|th)\b/i.exec(goal);
  const ordinal = ordinalMatch ? Number(ordinalMatch[1]) : null;
  const last = history.actions.at(-1);
  elements.forEach((el, e) => {
    elMask[e] = 1;
    elementTokenIds(el).forEach((id, j) => {
      elTokens[e * T + j] = id;
      elTokenMask[e * T + j] = 1;
    });
    const f = elFeatures.subarray(e * elementFeatureWidth, (e + 1) * elementFeatureWidth);
    const roleIndex = (roles as readonly string[]).indexOf(el.role);
    f[roleIndex >= 0 ? roleIndex : roles.indexOf('generic')] = 1;
    // numeric (16)
    const n = dims.roleWidth;
    const [x, y, w, h] = el.bbox;
    f[n] = x / 800;
    f[n + 1] = y / 600;
    f[n + 2] = w / 800;
    f[n + 3] = h / 600;
    f[n + 4] = el.depth / 10;
    f[n + 5] = el.checked ? 1 : 0;
    f[n + 6] = el.selected ? 1 : 0;
    f[n + 7] = el.focused ? 1 : 0;
    f[n + 8] = el.disabled ? 1 : 0;
    f[n + 9] = el.editable ? 1 : 0;
    f[n + 10] = el.clickable ? 1 : 0;
    f[n + 11] = el.visible ? 1 : 0;
    f[n + 12] = el.role === 'option' ? 1 : 0;
    f[n + 13] = el.value !== null ? 1 : 0;
    f[n + 14] = el.value ? 1 : 0;
    f[n + 15] = y >= 0 && y < 600 ? 1 : 0;
    // goal match (8)
    const m = n + dims.numericWidth;
    const label = (el.name || el.text).toLowerCase();
    const elWords = words(label);
    const overlap = elWords.filter((w) => goalWords.has(w)).length;
    const at = label ? goalLower.indexOf(label) : -1;
    f[m] = label !== '' && at >= 0 ? 1 : 0;
    f[m + 1] = quoted.some((q) => q.toLowerCase() === label && label !== '') ? 1 : 0;
    f[m + 2] = elWords.length > 0 ? overlap / new Set([...elWords, ...goalWords]).size : 0;
    f[m + 3] = at >= 0 ? at / Math.max(1, goal.length) : -1;
    f[m + 4] = el.value ? (quoted.includes(el.value) || goal.includes(el.value) ? 1 : 0) : 0;
    f[m + 5] = el.value && !goal.includes(el.value) ? 1 : 0;
    f[m + 6] = /button/i.test(goal) && el.role === 'button' ? 1 : /link/i.test(goal) && el.role === 'link' ? 1 : 0;
    f[m + 7] = Math.min(overlap, 4) / 4;
    // history (8)
    const hh = m + dims.matchWidth;
    recent.forEach((a, k) => {
      if (a.bid === el.bid) f[hh + k] = 1;
    });
    const lastOnIt = [...history.actions].reverse().find((a) => a.bid === el.bid);
    f[hh + 3] = lastOnIt ? (studentVerbs.indexOf(lastOnIt.verb as StudentVerb) + 1) / studentVerbs.length : 0;
    const initial = history.initialValues.get(el.bid);
    f[hh + 4] = history.initialValues.size > 0 && initial !== undefined && initial !== el.value ? 1 : 0;
    f[hh + 5] = history.previousBids.size > 0 && !history.previousBids.has(el.bid) ? 1 : 0;
    f[hh + 6] = last && last.bid === el.bid && el.focused ? 1 : 0;
    f[hh + 7] = last?.error && last.bid === el.bid ? 1 : 0;
    // relations (18, ours: README "Departures"): the goal match of the element's neighbours in the
    // pruned list, of its siblings and of its parent; its rank among same-tag siblings, and among
    // same-tag cousins (same grandparent: list items wrapped in their own div), against the goal's
    // ordinal ("the 4th word"; on a page of n such items, rank ≡ k−1 mod n); whether its 1st / 2nd
    // quantity ("$412 · 3h 5m") is the smallest among its cousins, for it and for its siblings (the
    // Book button of the cheapest row). Without them the pointers, which score each element on its
    // own, cannot tell the value cell next to a matching key cell, the k-th word or the cheapest row.
    const r = hh + dims.historyWidth;
    const prev = elements[e - 1];
    const next = elements[e + 1];
    if (prev) f.set(goalMatch(prev, goalCtx), r);
    if (next) f.set(goalMatch(next, goalCtx), r + 3);
    const siblings = siblingsOf.get(el.parentBid ?? '') ?? [];
    for (const sib of siblings) {
      if (sib === el) continue;
      const sm = goalMatch(sib, goalCtx);
      for (let k = 0; k < 3; k++) f[r + 6 + k] = Math.max(f[r + 6 + k]!, sm[k]!);
    }
    const parent = el.parentBid === null ? undefined : byBid.get(el.parentBid);
    f[r + 9] = parent ? Math.max(...goalMatch(parent, goalCtx).slice(0, 2)) : 0;
    const rank = siblings.filter((sib) => sib.tag === el.tag).indexOf(el);
    f[r + 10] = rank >= 0 ? Math.min(rank, 20) / 10 : 0;
    f[r + 11] = ordinal !== null && rank + 1 === ordinal ? 1 : 0;
    const cousins = cousinsOf(el);
    const cousinRank = cousins.indexOf(el);
    f[r + 12] = ordinal !== null && cousinRank + 1 === ordinal ? 1 : 0;
    f[r + 13] = ordinal !== null && cousins.length > 1 && cousinRank === (ordinal - 1) % cousins.length ? 1 : 0;
    const least = smallest.get(el);
    f[r + 14] = least?.[0] ?? 0;
    f[r + 15] = least?.[1] ?? 0;
    for (const sib of siblings) {
      if (sib === el) continue;
      const s = smallest.get(sib);
      if (s) {
        f[r + 16] = Math.max(f[r + 16]!, s[0]);
        f[r + 17] = Math.max(f[r + 17]!, s[1]);
      }
    }
  });
  const goalIds = new Int32Array(G);
  const goalMask = new Float32Array(G);
  tokens.forEach((t, j) => {
    goalIds[j] = hashToken(`w:${t.text.toLowerCase()}`);
    goalMask[j] = 1;
  });
  // global history (16): verbs of the last 3 actions (one-hot 3×4 groups folded), last error, t/H
  const global = new Float32Array(dims.globalWidth);
  recent.forEach((a, k) => {
    const v = studentVerbs.indexOf(a.verb as StudentVerb);
    if (v >= 0) global[k * 4 + Math.min(v, 3)] = 1;
  });
  global[12] = last?.error ? 1 : 0;
  global[13] = obs.step / horizon;
  global[14] = history.actions.length === 0 ? 1 : 0;
  global[15] = obs.lastActionError ? 1 : 0;
  const elNumbers = numberFeatures(elements, obs.elements, goal, E);
  return { elements, goal, goalTokens: tokens, elTokens, elTokenMask, elFeatures, elNumbers, elMask, goalIds, goalMask, global };
}

// ---- targets ----

/** A student-space action: verb, element, and the text argument (brief §6.2). */
export interface StudentTarget {
  verb: number;
  element: number; // −1 when the verb uses none
  /** 0: goal span, 1: element text, −1: no text */
  textSource: number;
  spanStart: number;
  spanEnd: number;
  textElement: number; // element whose text is copied (fill) or the chosen option (select_option)
}

export type Encoded = { ok: true; target: StudentTarget } | { ok: false; reason: 'unrepresentable' | 'pruned' | 'text-not-found' };

function elementText(el: El): string {
  return el.role === 'option' ? el.name : el.text || el.name || el.value || '';
}

/** Encodes an action as a student target on a featurised observation. */
export function encodeAction(action: Action, fo: FeaturisedObs): Encoded {
  const verbName = toStudentVerb(action);
  if (!verbName) return { ok: false, reason: 'unrepresentable' };
  const verb = studentVerbs.indexOf(verbName);
  const target: StudentTarget = { verb, element: -1, textSource: -1, spanStart: -1, spanEnd: -1, textElement: -1 };
  if (!verbUsesElement[verb]) return { ok: true, target };
  const bid = (action as { bid: string }).bid;
  target.element = fo.elements.findIndex((el) => el.bid === bid);
  if (target.element < 0) return { ok: false, reason: 'pruned' };
  if (action.verb === 'fill') {
    const span = findGoalSpan(fo.goal, fo.goalTokens, action.value);
    if (span) {
      target.textSource = 0;
      [target.spanStart, target.spanEnd] = span;
    } else {
      const e = fo.elements.findIndex((el) => elementText(el) === action.value && el.bid !== bid);
      if (e < 0) return { ok: false, reason: 'text-not-found' };
      target.textSource = 1;
      target.textElement = e;
    }
  } else if (action.verb === 'select_option') {
    const e = fo.elements.findIndex((el) => el.role === 'option' && el.parentBid === bid && el.name === action.options[0]);
    if (e < 0) return { ok: false, reason: 'text-not-found' };
    target.textElement = e;
  }
  return { ok: true, target };
}

/** Decodes a student target back into an action string's Action. */
export function decodeAction(t: StudentTarget, fo: FeaturisedObs): Action {
  const verb = studentVerbs[t.verb]!;
  const bid = fo.elements[t.element]?.bid ?? '-1';
  switch (verb) {
    case 'click':
      return { verb: 'click', bid, button: 'left', modifiers: [] };
    case 'fill': {
      let value = '';
      if (t.textSource === 0 && t.spanStart >= 0) value = fo.goal.slice(fo.goalTokens[t.spanStart]!.start, fo.goalTokens[t.spanEnd]!.end);
      else if (t.textElement >= 0) value = elementText(fo.elements[t.textElement]!);
      return { verb: 'fill', bid, value };
    }
    case 'select_option':
      return { verb: 'select_option', bid, options: [fo.elements[t.textElement]?.name ?? ''] };
    case 'press_enter':
      return { verb: 'press', bid, key: 'Enter' };
    case 'go_back':
      return { verb: 'go_back' };
    case 'scroll_down':
      return { verb: 'scroll', dx: 0, dy: 200 };
    case 'scroll_up':
      return { verb: 'scroll', dx: 0, dy: -200 };
    case 'noop':
      return { verb: 'noop', waitMs: 1000 };
  }
}

/** Options of the select at element index e (indices into the pruned list). */
export function optionMask(fo: FeaturisedObs, selectIndex: number): Float32Array {
  const mask = new Float32Array(dims.maxElements);
  const bid = fo.elements[selectIndex]?.bid;
  fo.elements.forEach((el, i) => {
    if (el.role === 'option' && el.parentBid === bid) mask[i] = 1;
  });
  return mask;
}
