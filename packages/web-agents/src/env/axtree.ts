// axtreeText of brief §3.4, BrowserGym's flattened-AXTree line format: one line per node,
// tab-indented by depth, `[bid] role 'name'`, then ` value='…'`, then properties. Generic nodes
// without properties are skipped (children move up a level); a StaticText already contained in its
// parent's name is dropped; strings are quoted as Python's repr does.
import { pyRepr } from '../actions/format.js';
import type { El } from './obs.js';

export function axtreeText(elements: readonly El[]): string {
  const byBid = new Map(elements.map((el) => [el.bid, el]));
  const shownDepth = new Map<string, number>();
  const lines: string[] = [];
  for (const el of elements) {
    const parent = el.parentBid === null ? undefined : byBid.get(el.parentBid);
    const parentDepth = parent ? (shownDepth.get(parent.bid) ?? -1) : -1;
    const name = el.name || el.text;
    const skipGeneric = el.role === 'generic' && name === '' && !el.focused;
    const redundantText =
      el.role === 'StaticText' && parent !== undefined && parent.name.includes(name) && name !== '';
    if (skipGeneric || redundantText) {
      shownDepth.set(el.bid, parentDepth);
      continue;
    }
    const depth = parentDepth + 1;
    shownDepth.set(el.bid, depth);
    let line = `${'\t'.repeat(depth)}[${el.bid}] ${el.role} ${pyRepr(name)}`;
    if (el.value !== null && el.value !== '') line += ` value=${pyRepr(el.value)}`;
    const props: string[] = [];
    if (el.checked !== null) props.push(`checked=${pyRepr(String(el.checked))}`);
    if (el.selected) props.push(`selected=${pyRepr('true')}`);
    if (el.focused) props.push('focused');
    if (el.disabled) props.push('disabled');
    if (props.length > 0) line += `, ${props.join(', ')}`;
    lines.push(line);
  }
  return lines.join('\n');
}
