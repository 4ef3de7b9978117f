// Prompts (§4.1, our wording): the four-line structure of the official prompt (a question, option
// (A) "<desc_i> <verb> <desc_j>", option (B) the reverse, an answer cue), as `long2023-structure`,
// and `chat-ab`, which adds "answer with one letter". 20 causal verbs (the official list has a
// stray leading space on "triggers"; ours does not); as in the official code, the verb of a
// question is drawn at random per edge and per run.
import type { Rng } from 'core-tensor';
import type { ChatMessage } from 'lab';
import { type Codebook, describe } from './codebooks.js';

export const causalVerbs = [
  'provokes',
  'triggers',
  'causes',
  'leads to',
  'induces',
  'results in',
  'brings about',
  'yields',
  'generates',
  'initiates',
  'produces',
  'stimulates',
  'instigates',
  'fosters',
  'engenders',
  'promotes',
  'catalyzes',
  'gives rise to',
  'spurs',
  'sparks',
] as const;

export type Template = 'long2023-structure' | 'chat-ab';

/** k distinct verbs drawn uniformly from the 20 (a partial Fisher–Yates shuffle). */
export function drawVerbs(rng: Rng, k: number): string[] {
  if (!(Number.isInteger(k) && k >= 1 && k <= causalVerbs.length))
    throw new Error(`verb count ${k} is invalid; valid: an integer in [1, ${causalVerbs.length}]`);
  const pool: string[] = [...causalVerbs];
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, k);
}

export interface PromptSpec {
  codebook: Codebook;
  /** Option (A) states `first <verb> second`, option (B) the reverse. */
  first: string;
  second: string;
  verb: string;
  template: Template;
}

export function buildMessages(spec: PromptSpec): ChatMessage[] {
  const a = describe(spec.codebook, spec.first);
  const b = describe(spec.codebook, spec.second);
  const lines = [
    'Which of the following two options is more likely to be true?',
    `(A) ${a} ${spec.verb} ${b}`,
    `(B) ${b} ${spec.verb} ${a}`,
    spec.template === 'chat-ab' ? 'Answer with one letter, A or B.' : 'The answer is: (',
  ];
  return [
    { role: 'system', content: `You are an expert in ${spec.codebook.domain}.` },
    { role: 'user', content: lines.join('\n') },
  ];
}
