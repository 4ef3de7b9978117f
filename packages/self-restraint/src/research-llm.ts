// `pnpm --filter self-restraint research-llm --base-url URL --model NAME --topics topics.txt --rho 0.5
//  [--rounds 3] [--samples 16] [--out DIR] [--cache DIR] [--cache-mode read-write|read-only|off]
//  [--api-key-env OPENAI_API_KEY]`: ReSearch against an OpenAI-compatible endpoint; writes
// research-sft.jsonl, research-dpo.jsonl and research-records.jsonl for fine-tuning elsewhere
// (brief §11). The key is read from the named environment variable and never written anywhere.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createChatClient, isMainModule, LlmCache, LlmCacheMode } from 'lab';
import { z } from 'zod';
import {
  LlmClaimSplitter,
  LlmSelfEvaluator,
  OpenAICompatiblePolicy,
  researchTopic,
} from './adapters/openai.js';
import { DpoLine, exportJsonl, RecordLine, SftLine } from './export.js';
import { lambdaOf } from './utility.js';

const Args = z.object({
  'base-url': z.url({ error: 'must be an http(s) URL such as http://127.0.0.1:8000/v1' }),
  model: z.string().min(1, 'the model name is required'),
  topics: z.string().min(1, 'a file with one topic per line is required'),
  rho: z.coerce.number().gt(0, 'ρ must lie in (0, 1)').lt(1, 'ρ must lie in (0, 1)').default(0.5),
  rounds: z.coerce.number().int().min(1).default(3),
  samples: z.coerce.number().int().min(1).default(16),
  out: z.string().default('research-llm-out'),
  cache: z.string().default('.llm-cache'),
  'cache-mode': LlmCacheMode.default('read-write'),
  'api-key-env': z.string().default('OPENAI_API_KEY'),
});

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: Object.fromEntries(Object.keys(Args.shape).map((k) => [k, { type: 'string' as const }])),
  });
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(
      `error: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}\n`,
    );
    return 2;
  }
  const args = parsed.data;
  const topics = (await readFile(args.topics, 'utf8'))
    .split('\n')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  const client = createChatClient({
    model: args.model,
    baseUrl: args['base-url'],
    apiKeyEnv: args['api-key-env'],
    cache: new LlmCache({ dir: args.cache, mode: args['cache-mode'] }),
  });
  const parts = {
    policy: new OpenAICompatiblePolicy(client, { temperature: 1, maxTokens: 256 }),
    splitter: new LlmClaimSplitter(client),
    evaluator: new LlmSelfEvaluator(client),
  };
  const records = [];
  for (const topic of topics)
    records.push(
      await researchTopic(topic, parts, {
        rounds: args.rounds,
        samplesPerRound: args.samples,
        rho: args.rho,
      }),
    );
  const query = (topic: string) => `Write a short biography of ${topic}.`;
  await exportJsonl(
    join(args.out, 'research-sft.jsonl'),
    SftLine,
    records.map((r) => ({
      messages: [
        { role: 'user' as const, content: query(r.topic) },
        { role: 'assistant' as const, content: r.target },
      ],
    })),
  );
  await exportJsonl(
    join(args.out, 'research-dpo.jsonl'),
    DpoLine,
    records
      .filter((r) => r.candidates.length)
      .map((r) => ({
        prompt: query(r.topic),
        chosen: r.target,
        rejected: r.candidates.reduce((w, c) => (c.q < w.q ? c : w)).answer,
      })),
  );
  await exportJsonl(
    join(args.out, 'research-records.jsonl'),
    RecordLine,
    records.map((r) => ({
      query: query(r.topic),
      target: r.target,
      abstained: r.abstained,
      q: r.q,
      rho: args.rho,
      lambda: lambdaOf(args.rho),
      candidates: r.candidates.map((c) => ({ answer: c.answer, q: c.q, round: c.round })),
      claims: r.candidates.find((c) => c.answer === r.target)?.claims ?? [],
    })),
  );
  const stats = client.stats();
  process.stdout.write(
    `${records.length} topics, ${records.filter((r) => r.abstained).length} abstained; ${stats.requests} requests (${stats.cacheHits} from cache); unscored claims ${parts.evaluator.unscored}; wrote ${args.out}\n`,
  );
  return 0;
}

if (isMainModule(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
