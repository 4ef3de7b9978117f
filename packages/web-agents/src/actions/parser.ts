// A small recursive-descent parser for the action DSL (brief §3.5). It accepts exactly one call
// `verb(arg, ..., name=arg)` whose arguments are string literals (single or double quotes, with
// escapes), numbers or lists of strings. It never throws: bad input gives { ok: false, error }
// naming the problem and what is valid, which the env turns into lastActionError.
import { type Action, Verb } from './action.js';

type Value = string | number | string[];
type ParamType = 'str' | 'num' | 'strlist' | 'str_or_list';
interface Param {
  name: string;
  type: ParamType;
  default?: Value;
}

// Signatures follow BrowserGym's high-level action set (brief §3.5).
const signatures: Record<Verb, Param[]> = {
  click: [
    { name: 'bid', type: 'str' },
    { name: 'button', type: 'str', default: 'left' },
    { name: 'modifiers', type: 'strlist', default: [] },
  ],
  dblclick: [
    { name: 'bid', type: 'str' },
    { name: 'button', type: 'str', default: 'left' },
    { name: 'modifiers', type: 'strlist', default: [] },
  ],
  hover: [{ name: 'bid', type: 'str' }],
  fill: [
    { name: 'bid', type: 'str' },
    { name: 'value', type: 'str' },
  ],
  clear: [{ name: 'bid', type: 'str' }],
  select_option: [
    { name: 'bid', type: 'str' },
    { name: 'options', type: 'str_or_list' },
  ],
  press: [
    { name: 'bid', type: 'str' },
    { name: 'key_comb', type: 'str' },
  ],
  focus: [{ name: 'bid', type: 'str' }],
  drag_and_drop: [
    { name: 'from_bid', type: 'str' },
    { name: 'to_bid', type: 'str' },
  ],
  scroll: [
    { name: 'delta_x', type: 'num' },
    { name: 'delta_y', type: 'num' },
  ],
  go_back: [],
  go_forward: [],
  noop: [{ name: 'wait_ms', type: 'num', default: 1000 }],
  send_msg_to_user: [{ name: 'text', type: 'str' }],
  report_infeasible: [{ name: 'reason', type: 'str' }],
};

export type ParseResult = { ok: true; action: Action } | { ok: false; error: string };

class ParseError extends Error {}

/** Parses one action string; never throws. */
export function parseAction(input: unknown): ParseResult {
  try {
    if (typeof input !== 'string') throw new ParseError(`action must be a string, got ${typeof input}`);
    return { ok: true, action: new Parser(input).parseCall() };
  } catch (error) {
    if (error instanceof ParseError) return { ok: false, error: error.message };
    return { ok: false, error: `could not parse action: ${String(error)}` };
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseCall(): Action {
    this.skipSpace();
    const verbName = this.identifier();
    const verb = Verb.safeParse(verbName);
    if (!verb.success) {
      throw new ParseError(`unknown verb '${verbName}'; valid verbs: ${Verb.options.join(', ')}`);
    }
    this.expect('(');
    const positional: Value[] = [];
    const named = new Map<string, Value>();
    this.skipSpace();
    if (this.peek() !== ')') {
      for (;;) {
        this.skipSpace();
        const start = this.pos;
        const maybeName = /[A-Za-z_]/.test(this.peek()) ? this.identifier() : undefined;
        this.skipSpace();
        if (maybeName !== undefined && this.peek() === '=') {
          this.pos++;
          if (named.has(maybeName)) throw new ParseError(`argument '${maybeName}' given twice`);
          named.set(maybeName, this.value());
        } else {
          if (maybeName !== undefined)
            throw new ParseError(`unexpected name '${maybeName}' at ${start}; arguments are literals`);
          if (named.size > 0) throw new ParseError('positional argument after a keyword argument');
          positional.push(this.value());
        }
        this.skipSpace();
        if (this.peek() === ',') {
          this.pos++;
          continue;
        }
        break;
      }
    }
    this.expect(')');
    this.skipSpace();
    if (this.pos < this.text.length) {
      throw new ParseError(
        `unexpected text after the call at ${this.pos}: '${this.text.slice(this.pos, this.pos + 20)}' (one action per step)`,
      );
    }
    return buildAction(verb.data, positional, named);
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private skipSpace(): void {
    while (/\s/.test(this.peek()) && this.pos < this.text.length) this.pos++;
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.peek() !== ch) {
      throw new ParseError(
        `expected '${ch}' at ${this.pos}, found ${this.peek() === '' ? 'end of input' : `'${this.peek()}'`}`,
      );
    }
    this.pos++;
  }

  private identifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!match) throw new ParseError(`expected a verb name at ${this.pos}`);
    this.pos += match[0].length;
    return match[0];
  }

  private value(): Value {
    this.skipSpace();
    const ch = this.peek();
    if (ch === '"' || ch === "'") return this.string();
    if (ch === '[') return this.list();
    if (/[-+0-9.]/.test(ch)) return this.number();
    throw new ParseError(
      `expected a string, number or list at ${this.pos}, found ${ch === '' ? 'end of input' : `'${ch}'`}`,
    );
  }

  private number(): number {
    const match = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(this.text.slice(this.pos));
    if (!match) throw new ParseError(`malformed number at ${this.pos}`);
    this.pos += match[0].length;
    const value = Number(match[0]);
    if (!Number.isFinite(value)) throw new ParseError(`number out of range: ${match[0]}`);
    return value;
  }

  private list(): string[] {
    this.expect('[');
    const items: string[] = [];
    this.skipSpace();
    if (this.peek() === ']') {
      this.pos++;
      return items;
    }
    for (;;) {
      const item = this.value();
      if (typeof item !== 'string') throw new ParseError('lists may hold only strings');
      items.push(item);
      this.skipSpace();
      if (this.peek() === ',') {
        this.pos++;
        this.skipSpace();
        if (this.peek() === ']') break;
        continue;
      }
      break;
    }
    this.expect(']');
    return items;
  }

  private string(): string {
    const quote = this.peek();
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= this.text.length) throw new ParseError('unterminated string literal');
      const ch = this.text[this.pos++]!;
      if (ch === quote) return out;
      if (ch === '\\') {
        const next = this.text[this.pos++];
        if (next === undefined) throw new ParseError('unterminated escape at end of input');
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
      } else out += ch;
    }
  }
}

function typeName(value: Value): string {
  return Array.isArray(value) ? 'list' : typeof value === 'number' ? 'number' : 'string';
}

function coerce(verb: Verb, param: Param, value: Value): Value {
  const ok =
    (param.type === 'str' && typeof value === 'string') ||
    (param.type === 'num' && typeof value === 'number') ||
    (param.type === 'strlist' && Array.isArray(value)) ||
    (param.type === 'str_or_list' && (typeof value === 'string' || Array.isArray(value)));
  if (!ok) {
    const expected = {
      str: 'a string',
      num: 'a number',
      strlist: 'a list of strings',
      str_or_list: 'a string or a list of strings',
    }[param.type];
    throw new ParseError(`${verb}: '${param.name}' must be ${expected}, got a ${typeName(value)}`);
  }
  return value;
}

function buildAction(verb: Verb, positional: Value[], named: Map<string, Value>): Action {
  const params = signatures[verb];
  const usage = `${verb}(${params.map((p) => (p.default === undefined ? p.name : `${p.name}=${JSON.stringify(p.default)}`)).join(', ')})`;
  if (positional.length > params.length) {
    throw new ParseError(
      `${verb} takes at most ${params.length} arguments, got ${positional.length}; usage: ${usage}`,
    );
  }
  const values = new Map<string, Value>();
  positional.forEach((value, i) => {
    values.set(params[i]!.name, coerce(verb, params[i]!, value));
  });
  for (const [name, value] of named) {
    const param = params.find((p) => p.name === name);
    if (!param) throw new ParseError(`${verb} has no argument '${name}'; usage: ${usage}`);
    if (values.has(name)) throw new ParseError(`${verb}: argument '${name}' given twice`);
    values.set(name, coerce(verb, param, value));
  }
  for (const param of params) {
    if (!values.has(param.name)) {
      if (param.default === undefined)
        throw new ParseError(`${verb}: missing argument '${param.name}'; usage: ${usage}`);
      values.set(param.name, param.default);
    }
  }
  const get = <T extends Value>(name: string) => values.get(name) as T;
  switch (verb) {
    case 'click':
    case 'dblclick': {
      const button = get<string>('button');
      if (button !== 'left' && button !== 'middle' && button !== 'right') {
        throw new ParseError(`${verb}: button '${button}' is not one of left, middle, right`);
      }
      return { verb, bid: get('bid'), button, modifiers: [...get<string[]>('modifiers')] };
    }
    case 'hover':
    case 'clear':
    case 'focus':
      return { verb, bid: get('bid') };
    case 'fill':
      return { verb, bid: get('bid'), value: get('value') };
    case 'select_option': {
      const options = get<string | string[]>('options');
      return { verb, bid: get('bid'), options: typeof options === 'string' ? [options] : [...options] };
    }
    case 'press':
      return { verb, bid: get('bid'), key: get('key_comb') };
    case 'drag_and_drop':
      return { verb, fromBid: get('from_bid'), toBid: get('to_bid') };
    case 'scroll':
      return { verb, dx: get('delta_x'), dy: get('delta_y') };
    case 'go_back':
    case 'go_forward':
      return { verb };
    case 'noop':
      return { verb, waitMs: get('wait_ms') };
    case 'send_msg_to_user':
      return { verb, text: get('text') };
    case 'report_infeasible':
      return { verb, text: get('reason') };
  }
}
