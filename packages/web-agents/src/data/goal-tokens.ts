// The goal tokenizer of brief §6.1: word tokens with character offsets, so a goal span copies the
// original substring exactly, case included. Quotes and sentence punctuation are their own tokens.
export interface GoalToken {
  text: string;
  start: number;
  end: number;
}

const tokenPattern = /[A-Za-z0-9@_$#/-]+(?:[.'][A-Za-z0-9]+)*|[^\sA-Za-z0-9]/g;

export function goalTokens(goal: string): GoalToken[] {
  const out: GoalToken[] = [];
  for (const m of goal.matchAll(tokenPattern)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

/** The token span [start, end] whose substring of the goal equals `value`, if any. */
export function findGoalSpan(goal: string, tokens: readonly GoalToken[], value: string): [number, number] | undefined {
  if (value === '') return undefined;
  for (let s = 0; s < tokens.length; s++) {
    if (!value.startsWith(goal.slice(tokens[s]!.start, tokens[s]!.start + 1))) continue;
    for (let e = s; e < tokens.length; e++) {
      const text = goal.slice(tokens[s]!.start, tokens[e]!.end);
      if (text === value) return [s, e];
      if (text.length >= value.length) break;
    }
  }
  return undefined;
}
