// A scripted OpenAI-compatible endpoint on loopback (node:http, 127.0.0.1, a free port), for tests of
// code that calls an LLM: each POST to /v1/chat/completions is answered by `script(body, callIndex)`
// (a completion, an HTTP error, a malformed body, a slow answer). It only listens; it never dials out.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * A scripted answer: `json` is sent as JSON, else `body` as is; `delayMs` waits before answering;
 * `stallBodyMs` sends the headers and half the body at once, the rest that much later.
 */
export interface FakeReply {
  status?: number;
  json?: unknown;
  body?: string;
  delayMs?: number;
  stallBodyMs?: number;
  headers?: Record<string, string>;
}

export type FakeScript = (body: unknown, callIndex: number) => FakeReply | Promise<FakeReply>;

/** A request the server received; `body` is the parsed JSON (or the raw text when it is not JSON). */
export interface FakeRequest {
  method: string;
  path: string;
  body: unknown;
  hasAuthorization: boolean;
  /** The header as sent, so a test can check `Bearer <fake key>`; use fake keys only. */
  authorization: string | undefined;
  /** Every header as sent (names in lower case). */
  headers: IncomingHttpHeaders;
}

export interface FakeLlmServer {
  /** `http://127.0.0.1:<port>/v1`, to pass as a client's baseUrl. */
  baseUrl: string;
  /** Every request, in arrival order (chat requests and any other path). */
  requests: FakeRequest[];
  /** Stops listening and drops open connections; a second call does nothing. */
  close(): Promise<void>;
}

export interface FakeTokenLogprob {
  token: string;
  logprob: number;
  topLogprobs?: { token: string; logprob: number }[];
}

export interface CompletionReplyOptions {
  /** Per choice (same order as `texts`), the tokens with their logprobs. */
  logprobs?: FakeTokenLogprob[][];
  finishReason?: string;
  /** Token counts; default 10 prompt tokens and one completion token per word. */
  usage?: { promptTokens: number; completionTokens: number };
}

/** A normal answer with one choice per text. */
export function completionReply(texts: readonly string[], options: CompletionReplyOptions = {}): FakeReply {
  const promptTokens = options.usage?.promptTokens ?? 10;
  const completionTokens =
    options.usage?.completionTokens ??
    texts.reduce((sum, text) => sum + text.split(/\s+/).filter((word) => word !== '').length, 0);
  return {
    json: {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      model: 'fake-model',
      choices: texts.map((text, index) => {
        const tokens = options.logprobs?.[index];
        return {
          index,
          message: { role: 'assistant', content: text, refusal: null },
          finish_reason: options.finishReason ?? 'stop',
          logprobs:
            tokens === undefined
              ? null
              : {
                  content: tokens.map((token) => ({
                    token: token.token,
                    logprob: token.logprob,
                    top_logprobs: token.topLogprobs ?? [],
                  })),
                },
        };
      }),
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    },
  };
}

/** An answer in which the model refuses: content null and a refusal message. */
export function refusalReply(refusal: string): FakeReply {
  return {
    json: {
      choices: [{ index: 0, message: { role: 'assistant', content: null, refusal }, finish_reason: 'stop' }],
    },
  };
}

/** An error answer in OpenAI's shape, e.g. errorReply(429, 'slow down', { 'retry-after': '2' }). */
export function errorReply(status: number, message: string, headers?: Record<string, string>): FakeReply {
  const error = { message, type: status === 429 ? 'rate_limit_exceeded' : 'server_error' };
  return headers === undefined ? { status, json: { error } } : { status, json: { error }, headers };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function parsedBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Starts the server; `await server.close()` when done. */
export async function startFakeLlmServer(script: FakeScript): Promise<FakeLlmServer> {
  const requests: FakeRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let chatCalls = 0;

  const send = (response: ServerResponse, reply: FakeReply) => {
    if (response.destroyed) return; // the client gave up (a timeout test)
    const isJson = reply.json !== undefined;
    const text = isJson ? JSON.stringify(reply.json) : (reply.body ?? '');
    response.writeHead(reply.status ?? 200, {
      'content-type': isJson ? 'application/json' : 'text/plain',
      ...reply.headers,
    });
    if (reply.stallBodyMs === undefined || reply.stallBodyMs <= 0) {
      response.end(text);
      return;
    }
    const half = Math.floor(text.length / 2);
    response.write(text.slice(0, half));
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!response.destroyed) response.end(text.slice(half));
    }, reply.stallBodyMs);
    timers.add(timer);
  };

  const server = createServer((request, response) => {
    void (async () => {
      const text = await readBody(request);
      const path = request.url ?? '/';
      const authorization = request.headers.authorization;
      const body = parsedBody(text);
      requests.push({
        method: request.method ?? '',
        path,
        body,
        hasAuthorization: authorization !== undefined,
        authorization,
        headers: request.headers,
      });
      if (request.method !== 'POST' || path !== '/v1/chat/completions') {
        send(response, errorReply(404, `fake LLM server: no route ${request.method} ${path}`));
        return;
      }
      let reply: FakeReply;
      try {
        reply = await script(body, chatCalls++);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        reply = errorReply(500, `fake LLM server: the script threw: ${message}`);
      }
      if (reply.delayMs === undefined || reply.delayMs <= 0) {
        send(response, reply);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        send(response, reply);
      }, reply.delayMs);
      timers.add(timer);
    })().catch(() => response.destroy()); // the client went away while sending
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake LLM server: no TCP address');
  const port = address.port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      if (!server.listening) return; // closed already
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
