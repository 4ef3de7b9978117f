// Exports for fine-tuning elsewhere and for FActScore-style tooling (brief §11) [O]. Every line is
// zod-checked on write and on read:
//   research-sft.jsonl      chat format: user query, assistant y*
//   research-dpo.jsonl      { prompt, chosen, rejected }
//   research-records.jsonl  query, tier, target, abstained, Q, ρ, λ, candidates, claims with p̂ and truth
//   generations.jsonl       FActScore-compatible: { topic, output, claims: [{ text, supported, pSelf }], abstained }
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from 'lab';
import { z } from 'zod';

export const SftLine = z.object({
  messages: z.tuple([
    z.object({ role: z.literal('user'), content: z.string().min(1) }),
    z.object({ role: z.literal('assistant'), content: z.string() }),
  ]),
});
export const DpoLine = z.object({ prompt: z.string().min(1), chosen: z.string(), rejected: z.string() });
export const RecordLine = z.object({
  query: z.string().min(1),
  tier: z.string().optional(),
  target: z.string(),
  abstained: z.boolean(),
  q: z.number(),
  rho: z.number(),
  lambda: z.number(),
  candidates: z.array(z.object({ answer: z.string(), q: z.number(), round: z.number().int() })),
  claims: z.array(z.object({ text: z.string(), pSelf: z.number(), truth: z.boolean().optional() })),
});
export const FactScoreLine = z.object({
  topic: z.string().min(1),
  output: z.string(),
  claims: z.array(z.object({ text: z.string(), supported: z.boolean(), pSelf: z.number().optional() })),
  abstained: z.boolean(),
  model: z.string().optional(),
  tier: z.string().optional(),
});
export type SftLine = z.infer<typeof SftLine>;
export type DpoLine = z.infer<typeof DpoLine>;
export type RecordLine = z.infer<typeof RecordLine>;
export type FactScoreLine = z.infer<typeof FactScoreLine>;

/** Writes validated lines atomically; a bad line is an error naming its index and field. */
export async function exportJsonl<T>(path: string, schema: z.ZodType<T>, lines: readonly T[]): Promise<void> {
  const text = lines
    .map((line, i) => {
      const parsed = schema.safeParse(line);
      if (!parsed.success)
        throw new Error(`${path}: line ${i + 1} is invalid: ${z.prettifyError(parsed.error)}`);
      return JSON.stringify(parsed.data);
    })
    .join('\n');
  await writeFileAtomic(path, lines.length ? `${text}\n` : '');
}

/** Reads and validates a JSONL file; a bad line is an error naming the file, line and field. */
export async function readJsonl<T>(path: string, schema: z.ZodType<T>): Promise<T[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch (error) {
        throw new Error(`${path}: line ${i + 1} is not JSON (${(error as Error).message})`);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success)
        throw new Error(`${path}: line ${i + 1} is invalid: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
}

/** FActScore's aggregates: score (mean precision of responding answers), respond_ratio, num_facts_per_response. */
export function factScoreAggregate(lines: readonly FactScoreLine[]): {
  score: number;
  respond_ratio: number;
  num_facts_per_response: number;
} {
  const responding = lines.filter((l) => !l.abstained);
  const withClaims = responding.filter((l) => l.claims.length > 0);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((s, v) => s + v, 0) / xs.length : Number.NaN);
  return {
    score: mean(withClaims.map((l) => l.claims.filter((c) => c.supported).length / l.claims.length)),
    respond_ratio: lines.length ? responding.length / lines.length : Number.NaN,
    num_facts_per_response: mean(responding.map((l) => l.claims.length)),
  };
}
