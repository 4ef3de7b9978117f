// ReSearch against a real model behind an OpenAI-compatible endpoint (brief §11) [O]. The transport
// (fetch, retries on 429/5xx, timeouts, the key read from the environment at request time and never
// logged or cached, the on-disk replay cache) is lab's createChatClient + LlmCache; here are the
// study's pieces: n samples per prompt with top-up when a server returns fewer choices, claim
// splitting and pooled self-evaluation by prompting, answers checked with zod, and the same
// selection rule as the world (Q with ρ, the abstention candidate with Q = 0).
import type { ChatClient, ChatRequest } from 'lab';
import { z } from 'zod';
import { selectTarget } from '../select.js';
import { qValue } from '../utility.js';
import {
  ABSTENTION_TEXT,
  answerMessages,
  DEFAULT_ABSTENTION_PATTERNS,
  selfEvalMessages,
  splitMessages,
} from './prompts.js';

/** Runs at most `limit` tasks at once. */
export function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`concurrency must be a positive integer, got ${limit}`);
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

const AnswerText = z
  .string({ error: 'choice.message.content must be a string (got null: a refusal or an empty answer)' })
  .min(1, 'choice.message.content is empty');

export interface PolicyOptions {
  temperature: number;
  maxTokens: number;
  concurrency?: number;
}

/** The policy π_θ: n sampled answers per query, hints written into the prompt. */
export class OpenAICompatiblePolicy {
  private readonly run: <T>(task: () => Promise<T>) => Promise<T>;
  constructor(
    readonly client: ChatClient,
    readonly options: PolicyOptions,
  ) {
    this.run = limiter(options.concurrency ?? 4);
  }

  /** n answers; when the server returns fewer choices than asked, asks again for the rest. */
  async sample(topic: string, hints: readonly string[], n: number, round = 1): Promise<string[]> {
    const texts: string[] = [];
    for (let call = 0; texts.length < n; call++) {
      if (call >= n)
        throw new Error(`the endpoint returned no choices after ${call} requests for '${topic}'`);
      const request: ChatRequest = {
        messages: answerMessages(topic, hints),
        temperature: this.options.temperature,
        n: n - texts.length,
        maxTokens: this.options.maxTokens,
        seed: round * 1000 + call,
      };
      const completion = await this.run(() => this.client.complete(request));
      for (const choice of completion.choices) {
        const parsed = AnswerText.safeParse(choice.text);
        if (!parsed.success)
          throw new Error(
            `malformed answer for '${topic}' (choice ${choice.index}): ${parsed.error.issues[0]?.message}`,
          );
        texts.push(parsed.data);
      }
    }
    return texts.slice(0, n);
  }
}

/** CS(y) by prompting: one atomic fact per line starting with "- ". */
export class LlmClaimSplitter {
  constructor(readonly client: ChatClient) {}

  async split(answer: string): Promise<string[]> {
    const completion = await this.client.complete({
      messages: splitMessages(answer),
      temperature: 0,
      maxTokens: 512,
    });
    const text = AnswerText.safeParse(completion.choices[0]?.text);
    if (!text.success) throw new Error(`malformed claim-split answer: ${text.error.issues[0]?.message}`);
    const claims = text.data
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('- '))
      .map((line) => line.slice(2).trim())
      .filter((line) => line !== '');
    const parsed = z
      .array(z.string())
      .min(1, 'the claim-split answer has no line starting with "- "')
      .safeParse(claims);
    if (!parsed.success)
      throw new Error(
        `malformed claim-split answer: ${parsed.error.issues[0]?.message}; got '${text.data.slice(0, 120)}'`,
      );
    return parsed.data;
  }
}

const Percent = z.coerce.number().int().min(0).max(100);

/** p̂ = (an integer 0–100)/100 from a pooled self-evaluation prompt; retried once, then unscored (p̂ = 0). */
export class LlmSelfEvaluator {
  unscored = 0;
  constructor(
    readonly client: ChatClient,
    readonly sourcesPerClaim = 8,
  ) {}

  /** Parses a self-evaluation reply; an error names what was expected. */
  static parse(reply: string | null): number {
    const match = /-?\d+(\.\d+)?/.exec(reply ?? '');
    const parsed = Percent.safeParse(match?.[0]);
    if (!parsed.success)
      throw new Error(
        `self-evaluation answer '${(reply ?? 'null').slice(0, 80)}' is not an integer from 0 to 100`,
      );
    return parsed.data / 100;
  }

  async estimate(topic: string, claim: string, sources: readonly string[]): Promise<number> {
    const messages = selfEvalMessages(topic, claim, sources.slice(0, this.sourcesPerClaim));
    for (let attempt = 0; attempt < 2; attempt++) {
      const completion = await this.client.complete({
        messages,
        temperature: 0,
        maxTokens: 8,
        seed: attempt,
      });
      try {
        return LlmSelfEvaluator.parse(completion.choices[0]?.text ?? null);
      } catch {
        // retried once with another seed (a cache key of its own), then the claim is unscored
      }
    }
    this.unscored += 1;
    return 0;
  }
}

export interface LlmResearchOptions {
  rounds: number;
  samplesPerRound: number;
  rho: number;
  abstentionPatterns?: readonly RegExp[];
}

export interface LlmCandidate {
  answer: string;
  round: number;
  claims: { text: string; pSelf: number }[];
  q: number;
}

export interface LlmResearchRecord {
  topic: string;
  target: string;
  abstained: boolean;
  q: number;
  candidates: LlmCandidate[];
  samplesUsed: number;
}

/**
 * ReSearch for one topic (brief §2.4, reconstructed (not confirmed from the paper text)): R rounds of
 * K samples; after each round every claim is rated against other samples, and the claims with
 * p̂ > ρ become the next round's hints; y* = argmax Q over the candidates and the abstention answer.
 */
export async function researchTopic(
  topic: string,
  parts: { policy: OpenAICompatiblePolicy; splitter: LlmClaimSplitter; evaluator: LlmSelfEvaluator },
  options: LlmResearchOptions,
): Promise<LlmResearchRecord> {
  const patterns = options.abstentionPatterns ?? DEFAULT_ABSTENTION_PATTERNS;
  const pool: { answer: string; round: number; claims: string[] }[] = [];
  let hints: string[] = [];
  const scored = new Map<string, number>();
  const score = async () => {
    for (const [i, sample] of pool.entries()) {
      const sources = pool.filter((_, j) => j !== i).map((s) => s.answer);
      for (const claim of sample.claims)
        if (!scored.has(claim)) scored.set(claim, await parts.evaluator.estimate(topic, claim, sources));
    }
  };
  for (let round = 1; round <= options.rounds; round++) {
    const answers = await parts.policy.sample(topic, hints, options.samplesPerRound, round);
    for (const answer of answers) {
      const abstains = patterns.some((p) => p.test(answer));
      pool.push({ answer, round, claims: abstains ? [] : await parts.splitter.split(answer) });
    }
    await score();
    hints = [...scored.entries()].filter(([, p]) => p > options.rho).map(([claim]) => claim);
  }
  const candidates = pool.map((s) => {
    const claims = s.claims.map((text) => ({ text, pSelf: scored.get(text) ?? 0 }));
    return {
      answer: s.answer,
      round: s.round,
      claims,
      q: qValue(
        claims.map((c) => c.pSelf),
        options.rho,
      ),
    };
  });
  const selection = selectTarget(
    candidates.map((c) => c.q),
    true,
  );
  const chosen = selection.chosen < 0 ? undefined : candidates[selection.chosen];
  return {
    topic,
    target: chosen?.answer ?? ABSTENTION_TEXT(topic),
    abstained: chosen === undefined,
    q: selection.chosenQ,
    candidates,
    samplesUsed: pool.length,
  };
}
