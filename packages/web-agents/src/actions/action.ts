// The action DSL of brief §3.5: BrowserGym's Python-call syntax, one call per action. An Action is
// the parsed call with every parameter of its verb present (defaults filled in), so that
// parse(format(a)) equals a.
import { z } from 'zod';

export const Verb = z.enum([
  'click',
  'dblclick',
  'hover',
  'fill',
  'clear',
  'select_option',
  'press',
  'focus',
  'drag_and_drop',
  'scroll',
  'go_back',
  'go_forward',
  'noop',
  'send_msg_to_user',
  'report_infeasible',
]);
export type Verb = z.infer<typeof Verb>;

export const Action = z.discriminatedUnion('verb', [
  z.object({
    verb: z.enum(['click', 'dblclick']),
    bid: z.string(),
    button: z.enum(['left', 'middle', 'right']),
    modifiers: z.array(z.string()),
  }),
  z.object({ verb: z.enum(['hover', 'clear', 'focus']), bid: z.string() }),
  z.object({ verb: z.literal('fill'), bid: z.string(), value: z.string() }),
  z.object({ verb: z.literal('select_option'), bid: z.string(), options: z.array(z.string()) }),
  z.object({ verb: z.literal('press'), bid: z.string(), key: z.string() }),
  // the one verb with two elements: press on `fromBid`, move, release over `toBid` (BrowserGym)
  z.object({ verb: z.literal('drag_and_drop'), fromBid: z.string(), toBid: z.string() }),
  z.object({ verb: z.literal('scroll'), dx: z.number(), dy: z.number() }),
  z.object({ verb: z.enum(['go_back', 'go_forward']) }),
  z.object({ verb: z.literal('noop'), waitMs: z.number() }),
  z.object({ verb: z.enum(['send_msg_to_user', 'report_infeasible']), text: z.string() }),
]);
export type Action = z.infer<typeof Action>;

/** Convenience constructors used by the experts (canonical defaults). */
export const act = {
  click: (bid: string): Action => ({ verb: 'click', bid, button: 'left', modifiers: [] }),
  fill: (bid: string, value: string): Action => ({ verb: 'fill', bid, value }),
  select: (bid: string, label: string): Action => ({ verb: 'select_option', bid, options: [label] }),
  press: (bid: string, key: string): Action => ({ verb: 'press', bid, key }),
  focus: (bid: string): Action => ({ verb: 'focus', bid }),
  drag: (fromBid: string, toBid: string): Action => ({ verb: 'drag_and_drop', fromBid, toBid }),
  goBack: (): Action => ({ verb: 'go_back' }),
  scroll: (dx: number, dy: number): Action => ({ verb: 'scroll', dx, dy }),
  noop: (waitMs = 1000): Action => ({ verb: 'noop', waitMs }),
};

/**
 * The bid an action acts on first, if any: for drag_and_drop the dragged element, the one a
 * thought's sub-goal, the history features and the trace filters should point at.
 */
export function actionBid(action: Action): string | undefined {
  if ('bid' in action) return action.bid;
  return action.verb === 'drag_and_drop' ? action.fromBid : undefined;
}

/** Structural equality of two actions (their canonical strings). */
export function sameAction(a: Action, b: Action): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
