// The observation dict BrowserGym/AgentLab users expect (issue 17 point 7), with BrowserGym's key
// names, built from what the env already observes: nothing here changes what the students see (they
// read `Obs.elements`). Departures, because the env cannot give them honestly: no screenshot, no
// `dom_object` / `axtree_object` (the raw CDP snapshots); `dom_txt` and `pruned_html` are rebuilt
// from the serializer's element list (visible elements only, no scripts: the page's hidden task
// parameters live in a script and must never reach an observation); `visibility` is the share of
// the bbox inside the viewport (BrowserGym also accounts for occlusion).
import { z } from 'zod';
import { escapeHtml } from '../tasks/runtime.js';
import { axtreeText } from './axtree.js';
import type { El, Obs } from './obs.js';

/** Where `axtree_txt` comes from: the serializer's tag table, or Chromium's own accessibility tree. */
export const AxtreeSource = ['tags', 'cdp'] as const;
export type AxtreeSource = (typeof AxtreeSource)[number];

const Bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const ElementProperties = z.object({
  /** share of the element's box inside the viewport, in [0, 1] */
  visibility: z.number().min(0).max(1),
  /** [x, y, width, height] in CSS pixels of the viewport; null for an element without a box */
  bbox: Bbox.nullable(),
  clickable: z.boolean(),
  /** would get a mark in a set-of-marks screenshot: interactive and at least half visible */
  set_of_marks: z.boolean(),
});
export type ElementProperties = z.infer<typeof ElementProperties>;

export const BrowserGymObs = z.object({
  chat_messages: z.array(z.object({ role: z.string(), message: z.string() })),
  goal: z.string(),
  goal_object: z.array(z.object({ type: z.literal('text'), text: z.string() })),
  url: z.string(),
  open_pages_urls: z.array(z.string()),
  open_pages_titles: z.array(z.string()),
  active_page_index: z.number().int().min(0),
  axtree_txt: z.string(),
  /** not a BrowserGym key: which tree `axtree_txt` is ('tags' or 'cdp') */
  axtree_source: z.enum(AxtreeSource),
  dom_txt: z.string(),
  pruned_html: z.string(),
  extra_element_properties: z.record(z.string(), ElementProperties),
  /** '' when nothing is focused (as BrowserGym) */
  focused_element_bid: z.string(),
  /** '' before the first action (as BrowserGym) */
  last_action: z.string(),
  /** '' when the last action succeeded (as BrowserGym) */
  last_action_error: z.string(),
  /** seconds since reset (wall clock: never put it in a prompt, it would defeat the LLM cache) */
  elapsed_time: z.number().min(0),
});
export type BrowserGymObs = z.infer<typeof BrowserGymObs>;

/** What the page tells beyond `Obs` (collected by WebEnv.browsergymObservation). */
export interface PageFacts {
  axtreeSource: AxtreeSource;
  /** Chromium's tree for 'cdp'; ignored for 'tags' (built from the elements) */
  cdpAxtree?: string;
  openPagesUrls: string[];
  openPagesTitles: string[];
  activePageIndex: number;
  elapsedTime: number;
  viewport: { width: number; height: number };
}

export function elementProperties(el: El, viewport: { width: number; height: number }): ElementProperties {
  const [x, y, w, h] = el.bbox;
  const area = w * h;
  const inside =
    Math.max(0, Math.min(x + w, viewport.width) - Math.max(x, 0)) *
    Math.max(0, Math.min(y + h, viewport.height) - Math.max(y, 0));
  const visibility = area > 0 ? inside / area : 0;
  return {
    visibility,
    bbox: area > 0 ? el.bbox : null,
    clickable: el.clickable,
    set_of_marks: (el.clickable || el.editable) && visibility >= 0.5,
  };
}

/** An element and its descendants as HTML, with BrowserGym's `bid` attribute. */
function elementHtml(el: El, children: Map<string | null, El[]>, keep: (el: El) => boolean): string[] {
  const kids = (children.get(el.bid) ?? []).flatMap((c) => elementHtml(c, children, keep));
  if (!keep(el)) return kids; // pruned: its children move up
  const attrs = [`bid="${escapeHtml(el.bid)}"`];
  if (el.domId) attrs.push(`id="${escapeHtml(el.domId)}"`);
  if (el.value !== null) attrs.push(`value="${escapeHtml(el.value)}"`);
  if (el.checked) attrs.push('checked');
  if (el.selected) attrs.push('selected');
  if (el.disabled) attrs.push('disabled');
  const open = `<${el.tag} ${attrs.join(' ')}>`;
  const text = escapeHtml(el.text);
  if (kids.length === 0) return [`${open}${text}</${el.tag}>`];
  return [`${open}${text}`, ...kids.map((k) => ` ${k}`), `</${el.tag}>`];
}

/** The element list as indented HTML; `prune` drops wrappers with no text that nobody can act on. */
export function elementsHtml(elements: readonly El[], prune: boolean): string {
  const children = new Map<string | null, El[]>();
  const bids = new Set(elements.map((e) => e.bid));
  for (const el of elements) {
    const parent = el.parentBid !== null && bids.has(el.parentBid) ? el.parentBid : null;
    children.set(parent, [...(children.get(parent) ?? []), el]);
  }
  const keep = (el: El) =>
    !prune || el.text !== '' || el.clickable || el.editable || el.value !== null || el.focused;
  return (children.get(null) ?? []).flatMap((el) => elementHtml(el, children, keep)).join('\n');
}

/** The BrowserGym-shaped observation of one env observation. */
export function browsergymObservation(obs: Obs, facts: PageFacts): BrowserGymObs {
  if (facts.axtreeSource === 'cdp' && facts.cdpAxtree === undefined)
    throw new Error("axtree source 'cdp' needs Chromium's accessibility tree (PageFacts.cdpAxtree)");
  const properties: Record<string, ElementProperties> = {};
  for (const el of obs.elements) properties[el.bid] = elementProperties(el, facts.viewport);
  return BrowserGymObs.parse({
    chat_messages: [],
    goal: obs.goal,
    goal_object: [{ type: 'text', text: obs.goal }],
    url: obs.url,
    open_pages_urls: facts.openPagesUrls,
    open_pages_titles: facts.openPagesTitles,
    active_page_index: facts.activePageIndex,
    axtree_txt: facts.axtreeSource === 'cdp' ? facts.cdpAxtree : axtreeText(obs.elements),
    axtree_source: facts.axtreeSource,
    dom_txt: elementsHtml(obs.elements, false),
    pruned_html: elementsHtml(obs.elements, true),
    extra_element_properties: properties,
    focused_element_bid: obs.focusedBid ?? '',
    last_action: obs.lastAction ?? '',
    last_action_error: obs.lastActionError ?? '',
    elapsed_time: facts.elapsedTime,
  });
}
