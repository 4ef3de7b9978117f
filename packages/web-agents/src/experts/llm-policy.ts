// The LLM as an evaluated policy (issue 17 point 7), not only an expert: each step it sends the
// BrowserGym-shaped observation (goal, axtree_txt from the configured tree, focused element, last
// action error, the action history) to an OpenAI-compatible endpoint through lab's chat client and
// cache, and parses the reply with the env's action parser. A reply with no usable action is a
// recorded invalid step (the error names what was wrong and quotes the reply), never a crash; an
// endpoint that fails after the client's retries fails the episode, which the runner records.
import { type ChatClient, createChatClient, LlmCache } from 'lab';
import { formatAction } from '../actions/format.js';
import { parseAction } from '../actions/parser.js';
import type { BrowserGymObs } from '../env/browsergym-obs.js';
import type { Policy } from './expert.js';
import { actionSpace, type LlmExpertOptions } from './llm.js';

/** The same endpoint settings as the LLM expert's. */
export type LlmPolicyOptions = LlmExpertOptions;

interface HistoryItem {
  action: string;
  error: string;
}

/** AgentLab GenericAgent's prompt, shortened. elapsed_time is left out: it would defeat the cache. */
export function browsergymPrompt(obs: BrowserGymObs, history: readonly HistoryItem[]) {
  const system = 'You are an agent completing a task in a web browser. Answer with one action per step.';
  const past =
    history.length === 0
      ? '(none)'
      : history.map((h, i) => `${i + 1}. ${h.action}${h.error ? `  -> error: ${h.error}` : ''}`).join('\n');
  const focused = obs.focused_element_bid === '' ? '(none)' : `[${obs.focused_element_bid}]`;
  const goal = obs.goal_object.map((g) => g.text).join('\n');
  const user = [
    `# Goal\n${goal}`,
    `# Current page: ${obs.url}\n## Accessibility tree ([bid] role 'name')\n${obs.axtree_txt}\n## Focused element: ${focused}`,
    `# History of past actions\n${past}`,
    ...(obs.last_action_error ? [`# Error from the last action\n${obs.last_action_error}`] : []),
    `# Action space\n${actionSpace}`,
    "# Answer format\n<think>your reasoning</think><action>one action</action>\nExample: <think>The Submit button is [5].</think><action>click('5')</action>",
  ].join('\n\n');
  return [
    { role: 'system' as const, content: system },
    { role: 'user' as const, content: user },
  ];
}

const quote = (text: string) => JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);

/** The action of a reply, or why there is none (the reason becomes the step's lastActionError). */
export function readReply(reply: string): { action: string } | { invalid: string; action: string } {
  const tagged = /<action>([\s\S]*?)<\/action>/.exec(reply);
  if (!tagged) {
    const text = reply.trim();
    return {
      invalid: `LLM reply has no <action>…</action>: ${quote(text)}`,
      action: text.length > 200 ? text.slice(0, 200) : text,
    };
  }
  const raw = tagged[1]!.trim();
  if (raw === '') return { invalid: 'LLM reply has an empty <action></action>', action: '' };
  const parsed = parseAction(raw);
  if (!parsed.ok) return { invalid: `LLM action ${quote(raw)} does not parse: ${parsed.error}`, action: raw };
  return { action: formatAction(parsed.action) };
}

/** The policy and its client (for token counts and cache hits). */
export function createLlmPolicy(options: LlmPolicyOptions): { policy: Policy; client: ChatClient } {
  const client = createChatClient({
    model: options.model,
    baseUrl: options.baseUrl,
    apiKeyEnv: options.apiKeyEnv ?? 'WEB_AGENTS_LLM_API_KEY',
    maxRetries: 2,
    cache: new LlmCache({ dir: options.cacheDir, mode: 'read-write' }),
    ...(options.env ? { env: options.env } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  const policy: Policy = {
    name: `llm-policy:${options.model}`,
    observation: 'browsergym',
    async act(_obs, ctx) {
      const bg = ctx.browsergym;
      if (!bg) throw new Error("the LLM policy needs the runner's BrowserGym observation (ctx.browsergym)");
      const history = (ctx.episode.llmHistory as HistoryItem[] | undefined) ?? [];
      if (history.length > 0) history.at(-1)!.error = bg.last_action_error;
      const completion = await client.complete({
        messages: browsergymPrompt(bg, history),
        temperature: options.temperature ?? 0,
        maxTokens: options.maxTokens ?? 256,
      });
      const reply = readReply(completion.choices[0]?.text ?? '');
      ctx.episode.llmHistory = [...history, { action: reply.action || '(no action)', error: '' }];
      return 'invalid' in reply
        ? { action: reply.action, thought: null, invalid: reply.invalid }
        : { action: reply.action, thought: null };
    },
  };
  return { policy, client };
}
