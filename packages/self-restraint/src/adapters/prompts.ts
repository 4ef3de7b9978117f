// Prompts for a real chat model (brief §11) [O], in our own wording: the paper's prompts are not
// available. Answer (with the confident claims of earlier rounds as hints), claim splitting (two
// worked examples, one atomic fact per line starting with "- ") and pooled self-evaluation (the
// model rates a claim against M of its other samples, answering an integer 0–100).
import type { ChatMessage } from 'lab';

export const ABSTENTION_TEXT = (topic: string) => `I don't know enough about ${topic} to answer reliably.`;

/** FActScore-style abstention patterns (configurable by callers). */
export const DEFAULT_ABSTENTION_PATTERNS = [
  /i don'?t know enough/i,
  /i (?:do not|don'?t) have (?:enough )?(?:reliable )?information/i,
  /i'?m not (?:sure|aware)/i,
  /cannot (?:find|provide) (?:any )?(?:reliable )?information/i,
  /no (?:reliable )?information (?:is )?available/i,
];

export function answerMessages(topic: string, hints: readonly string[]): ChatMessage[] {
  const facts = hints.length
    ? `\nYou may rely on these facts:\n${hints.map((h) => `- ${h}`).join('\n')}\n`
    : '';
  return [{ role: 'user', content: `Write a short biography of ${topic}.${facts}` }];
}

const SPLIT_EXAMPLES = `Split the text into atomic facts, one per line, each line starting with "- ".

Text: Marie Curie was a Polish-born physicist who won two Nobel Prizes.
- Marie Curie was born in Poland.
- Marie Curie was a physicist.
- Marie Curie won two Nobel Prizes.

Text: Alan Turing, a British mathematician, worked at Bletchley Park during the war.
- Alan Turing was British.
- Alan Turing was a mathematician.
- Alan Turing worked at Bletchley Park during the war.
`;

export function splitMessages(answer: string): ChatMessage[] {
  return [{ role: 'user', content: `${SPLIT_EXAMPLES}\nText: ${answer}\n` }];
}

export function selfEvalMessages(topic: string, claim: string, sources: readonly string[]): ChatMessage[] {
  const listed = sources.map((s, i) => `Source ${i + 1}: ${s}`).join('\n');
  return [
    {
      role: 'user',
      content: `Here are several texts about ${topic}.\n${listed}\n\nHow likely is the following claim to be true, judging only by how consistently these texts support it? Claim: "${claim}"\nAnswer with a single integer from 0 (certainly false) to 100 (certainly true).`,
    },
  ];
}
