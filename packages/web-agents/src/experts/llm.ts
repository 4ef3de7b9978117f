// The optional LLM expert (brief §4.3): an OpenAI-compatible endpoint through lab's shared client
// (key read from the environment at request time, never logged or cached; zod-checked answers;
// retries on 429/5xx) with lab's on-disk LlmCache. The prompt is modelled on AgentLab's
// GenericAgent: role, goal, AXTree, action history with errors, the action space with one example
// each, and the output format <think>…</think><action>…</action>. The <action> content goes through
// the same DSL parser in the env: a malformed answer becomes lastActionError on the next observation.
import { type ChatClient, createChatClient, LlmCache } from 'lab';
import { z } from 'zod';
import { axtreeText } from '../env/axtree.js';
import type { Obs } from '../env/obs.js';
import type { Policy } from './expert.js';

export const LlmEnv = z.object({
  WEB_AGENTS_LLM_BASE_URL: z.url(),
  WEB_AGENTS_LLM_MODEL: z.string().min(1),
  WEB_AGENTS_LLM_CACHE: z.string().min(1).default('.llm-cache/web-agents'),
});

/** The LLM settings from the environment, or undefined when no endpoint is set (the expert is optional). */
export function llmSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): z.infer<typeof LlmEnv> | undefined {
  if (!env.WEB_AGENTS_LLM_BASE_URL) return undefined;
  const parsed = LlmEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `WEB_AGENTS_LLM_* settings are invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** The variables an LLM run needs (the key is read at request time and never stored). */
export const llmEnvVars = [
  'WEB_AGENTS_LLM_BASE_URL',
  'WEB_AGENTS_LLM_MODEL',
  'WEB_AGENTS_LLM_API_KEY',
] as const;

/**
 * The LLM settings for a run that cannot go without them (the `llm` preset): fails at start, naming
 * every variable that is missing or invalid, before any browser or model work.
 */
export function requireLlmSettings(env: NodeJS.ProcessEnv = process.env): z.infer<typeof LlmEnv> {
  const missing = llmEnvVars.filter((name) => !env[name]);
  if (missing.length > 0)
    throw new Error(
      `llm.evaluate (the \`llm\` preset) needs an OpenAI-compatible endpoint: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set. Set ${llmEnvVars.join(', ')} (e.g. WEB_AGENTS_LLM_BASE_URL=http://127.0.0.1:8000/v1); WEB_AGENTS_LLM_CACHE is optional (default .llm-cache/web-agents).`,
    );
  const settings = llmSettingsFromEnv(env);
  if (!settings) throw new Error('WEB_AGENTS_LLM_BASE_URL is not set');
  return settings;
}

export const actionSpace = `click(bid) e.g. click('12')
fill(bid, text) e.g. fill('7', 'hello')
select_option(bid, option) e.g. select_option('4', 'Red')
press(bid, key) e.g. press('7', 'Enter')
go_back() e.g. go_back()
scroll(dx, dy) e.g. scroll(0, 200)
noop() e.g. noop()`;

export function llmPrompt(obs: Obs, history: readonly { action: string; error: string | null }[]) {
  const system = 'You are an agent completing a task in a web browser. Answer with one action per step.';
  const past =
    history.length === 0
      ? '(none)'
      : history.map((h, i) => `${i + 1}. ${h.action}${h.error ? `  -> error: ${h.error}` : ''}`).join('\n');
  const user = `# Goal\n${obs.goal}\n\n# Current page (accessibility tree, [bid] role 'name')\n${axtreeText(obs.elements)}\n\n# History\n${past}\n\n# Action space\n${actionSpace}\n\n# Answer format\n<think>your reasoning</think><action>one action</action>\nExample: <think>The Submit button is [5].</think><action>click('5')</action>`;
  return [
    { role: 'system' as const, content: system },
    { role: 'user' as const, content: user },
  ];
}

/** The text inside <action>…</action> (the whole answer when the tags are missing: the parser then reports it). */
export function extractAction(answer: string): { action: string; thought: string | null } {
  const action = /<action>([\s\S]*?)<\/action>/.exec(answer)?.[1]?.trim();
  const thought = /<think>([\s\S]*?)<\/think>/.exec(answer)?.[1]?.trim() ?? null;
  return { action: action ?? answer.trim(), thought };
}

export interface LlmExpertOptions {
  baseUrl: string;
  model: string;
  cacheDir: string;
  apiKeyEnv?: string;
  temperature?: number;
  maxTokens?: number;
  env?: Record<string, string | undefined>;
  sleep?: (ms: number) => Promise<void>;
}

export interface LlmExpert {
  policy: Policy;
  client: ChatClient;
}

/**
 * The LLM expert as a policy. Its free-text thoughts are not structured thoughts, so its traces
 * train the action heads only (the thought is recorded as null; brief §4.3).
 */
export function createLlmExpert(options: LlmExpertOptions): LlmExpert {
  const client = createChatClient({
    model: options.model,
    baseUrl: options.baseUrl,
    apiKeyEnv: options.apiKeyEnv ?? 'WEB_AGENTS_LLM_API_KEY',
    maxRetries: 2, // 3 tries in all
    cache: new LlmCache({ dir: options.cacheDir, mode: 'read-write' }),
    ...(options.env ? { env: options.env } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const policy: Policy = {
    name: `llm:${options.model}`,
    async act(obs, ctx) {
      const history =
        (ctx.episode.llmHistory as { action: string; error: string | null }[] | undefined) ?? [];
      if (history.length > 0) history.at(-1)!.error = obs.lastActionError;
      const completion = await client.complete({
        messages: llmPrompt(obs, history),
        temperature: options.temperature ?? 0,
        maxTokens: options.maxTokens ?? 256,
      });
      const { action } = extractAction(completion.choices[0]?.text ?? '');
      ctx.episode.llmHistory = [...history, { action, error: null }];
      return { action, thought: null };
    },
  };
  return { policy, client };
}
