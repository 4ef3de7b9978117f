// The OpenAI chat-completions wire format: our request (camelCase, zod-checked), the body we send
// (the API's snake_case names, typed by the openai package that sends it), and the answer as the
// endpoint returns it (zod-checked here, not trusted to openai's types) and as we hand it on.
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { z } from 'zod';
// ---------------------------------------------------------------------------------------------------
// Requests

export const ChatMessage = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** One chat request, in our camelCase names; the wire names (max_tokens, ...) are made on sending. */
export const ChatRequest = z
  .strictObject({
    messages: z.array(ChatMessage).min(1),
    temperature: z.number().min(0).max(2).optional(),
    n: z.number().int().min(1).max(128).optional(), // samples per request
    maxTokens: z.number().int().min(1).optional(),
    seed: z.number().int().optional(),
    logprobs: z.boolean().optional(),
    topLogprobs: z.number().int().min(0).max(20).optional(), // alternatives per token; needs logprobs
    stop: z.union([z.string(), z.array(z.string()).min(1).max(4)]).optional(),
  })
  .refine((request) => request.topLogprobs === undefined || request.logprobs === true, {
    path: ['topLogprobs'],
    message: 'needs logprobs: true',
  });
export type ChatRequest = z.infer<typeof ChatRequest>;

/**
 * The request body as the endpoint wants it (undefined fields are left out by JSON.stringify).
 * max_tokens, not OpenAI's newer max_completion_tokens: vLLM, llama.cpp and Ollama read max_tokens.
 */
export function wireRequest(model: string, request: ChatRequest): ChatCompletionCreateParamsNonStreaming {
  return {
    model,
    messages: request.messages,
    temperature: request.temperature,
    n: request.n,
    max_tokens: request.maxTokens,
    seed: request.seed,
    logprobs: request.logprobs,
    top_logprobs: request.topLogprobs,
    stop: request.stop,
  };
}

// ---------------------------------------------------------------------------------------------------
// Answers

const TopLogprobWire = z.object({ token: z.string(), logprob: z.number() });
const TokenLogprobWire = z.object({
  token: z.string(),
  logprob: z.number(),
  top_logprobs: z.array(TopLogprobWire).default([]), // some servers leave it out when none were asked for
});

/** An answer as it comes over the wire (and as it is cached); fields we do not read are dropped. */
export const ChatCompletionWire = z.object({
  choices: z
    .array(
      z.object({
        index: z.number().int().min(0),
        message: z.object({ content: z.string().nullable(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullable(),
        logprobs: z.object({ content: z.array(TokenLogprobWire).nullable() }).nullish(),
      }),
    )
    .min(1),
  usage: z
    .object({
      prompt_tokens: z.number().int().min(0),
      completion_tokens: z.number().int().min(0),
      total_tokens: z.number().int().min(0),
    })
    .nullish(),
});
export type ChatCompletionWire = z.infer<typeof ChatCompletionWire>;

export interface TokenLogprob {
  token: string;
  logprob: number;
  topLogprobs: { token: string; logprob: number }[];
}

export interface ChatChoice {
  index: number;
  /** null when the model refused or gave no text. */
  text: string | null;
  /** The model's refusal message, when it sent one. */
  refusal?: string;
  finishReason: string | null;
  /** One entry per generated token, when logprobs were asked for and the server sent them. */
  logprobs?: TokenLogprob[];
}

export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface ChatCompletion {
  choices: ChatChoice[];
  usage?: ChatUsage;
  /** true when the answer came from the cache and no request was made. */
  fromCache: boolean;
}

export function toCompletion(wire: ChatCompletionWire, fromCache: boolean): ChatCompletion {
  const choices = wire.choices.map((choice): ChatChoice => {
    const tokens = choice.logprobs?.content;
    return {
      index: choice.index,
      text: choice.message.content,
      ...(typeof choice.message.refusal === 'string' ? { refusal: choice.message.refusal } : {}),
      finishReason: choice.finish_reason,
      ...(tokens
        ? {
            logprobs: tokens.map((token) => ({
              token: token.token,
              logprob: token.logprob,
              topLogprobs: token.top_logprobs.map(({ token, logprob }) => ({ token, logprob })),
            })),
          }
        : {}),
    };
  });
  const usage = wire.usage
    ? {
        promptTokens: wire.usage.prompt_tokens,
        completionTokens: wire.usage.completion_tokens,
        totalTokens: wire.usage.total_tokens,
      }
    : undefined;
  return usage === undefined ? { choices, fromCache } : { choices, usage, fromCache };
}
