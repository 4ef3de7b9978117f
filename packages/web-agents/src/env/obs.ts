// The BrowserGym-compatible observation of brief §3.4. `pageState` is the page's hidden task state
// (window.__state, mirrored from sessionStorage on multi-page tasks): only the oracle reads it; it
// never reaches elements, axtreeText or the student.
import { z } from 'zod';

export const El = z.object({
  bid: z.string(),
  tag: z.string(),
  role: z.string(),
  name: z.string(),
  text: z.string(),
  value: z.string().nullable(),
  checked: z.boolean().nullable(),
  selected: z.boolean(),
  disabled: z.boolean(),
  editable: z.boolean(),
  clickable: z.boolean(),
  visible: z.boolean(),
  focused: z.boolean(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  depth: z.number().int(),
  parentBid: z.string().nullable(),
  domId: z.string(),
});
export type El = z.infer<typeof El>;

export const Obs = z.object({
  goal: z.string(),
  url: z.string(),
  step: z.number().int(),
  elements: z.array(El),
  focusedBid: z.string().nullable(),
  lastAction: z.string().nullable(),
  lastActionError: z.string().nullable(),
  pageState: z.unknown(),
});
export type Obs = z.infer<typeof Obs>;

/** Roles of brief §3.4, in a fixed order (the student's one-hot). */
export const roles = [
  'button',
  'link',
  'textbox',
  'checkbox',
  'radio',
  'combobox',
  'option',
  'tab',
  'treeitem',
  'row',
  'cell',
  'columnheader',
  'heading',
  'dialog',
  'paragraph',
  'listitem',
  'StaticText',
  'generic',
  'list',
  'table',
  'form',
  'label',
  'img',
  'searchbox',
] as const;
