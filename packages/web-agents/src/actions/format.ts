// Canonical string of an action (brief §3.5): positional arguments, defaults omitted, strings
// quoted the way Python's repr does, so parseAction(formatAction(a)) equals a.
import type { Action } from './action.js';

/** Python-repr-like quoting: single quotes unless the text holds a single quote and no double one. */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else out += ch;
  }
  return `${quote}${out}${quote}`;
}

function list(items: readonly string[]): string {
  return `[${items.map(pyRepr).join(', ')}]`;
}

export function formatAction(action: Action): string {
  switch (action.verb) {
    case 'click':
    case 'dblclick': {
      const extra: string[] = [];
      if (action.button !== 'left') extra.push(`button=${pyRepr(action.button)}`);
      if (action.modifiers.length > 0) extra.push(`modifiers=${list(action.modifiers)}`);
      return `${action.verb}(${[pyRepr(action.bid), ...extra].join(', ')})`;
    }
    case 'hover':
    case 'clear':
    case 'focus':
      return `${action.verb}(${pyRepr(action.bid)})`;
    case 'fill':
      return `fill(${pyRepr(action.bid)}, ${pyRepr(action.value)})`;
    case 'select_option':
      return `select_option(${pyRepr(action.bid)}, ${
        action.options.length === 1 ? pyRepr(action.options[0]!) : list(action.options)
      })`;
    case 'press':
      return `press(${pyRepr(action.bid)}, ${pyRepr(action.key)})`;
    case 'drag_and_drop':
      return `drag_and_drop(${pyRepr(action.fromBid)}, ${pyRepr(action.toBid)})`;
    case 'scroll':
      return `scroll(${action.dx}, ${action.dy})`;
    case 'go_back':
    case 'go_forward':
      return `${action.verb}()`;
    case 'noop':
      return action.waitMs === 1000 ? 'noop()' : `noop(${action.waitMs})`;
    case 'send_msg_to_user':
    case 'report_infeasible':
      return `${action.verb}(${pyRepr(action.text)})`;
  }
}
