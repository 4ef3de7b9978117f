// The `llm` expert of the amend command (§4, ours): an OpenAI-compatible endpoint named by
// CAUSAL_EXPERT_LLM_BASE_URL and CAUSAL_EXPERT_LLM_MODEL (key in CAUSAL_EXPERT_LLM_API_KEY, read
// by the client, never written), asked about each undirected edge with options in code-unit order
// and both orders (position bias averages out). Answers go through lab's LlmCache in `cacheDir`,
// so a rerun replays them; `replay` mode never dials out.
import { readFileSync } from 'node:fs';
import type { Rng } from 'core-tensor';
import { InputError } from 'lab';
import { z } from 'zod';
import { Codebook } from '../codebooks.js';
import { askArc, createLlmClient, LlmEnv, type LlmMode } from '../expert-llm.js';
import type { Mec } from '../mec.js';

export interface LlmExpertCliOptions {
  mode: Exclude<LlmMode, 'off'>;
  cacheDir: string;
  /** Verbs asked per edge, drawn per edge from verbRng as the official code draws them per run. */
  verbs: number;
  codebookPath: string | null;
  env: Readonly<Record<string, string | undefined>>;
}

/** A codebook from a file, or one giving each variable its name only (the names-only wording of §4.4). */
function codebookFor(names: readonly string[], path: string | null): Codebook {
  if (path === null)
    return {
      network: 'user data',
      domain: 'the subject of these variables',
      sources: ['variable names only'],
      variables: names.map((name) => ({ name, description: name })),
    };
  const parsed = Codebook.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new InputError([
      { key: '--codebook', message: `${path} is not a codebook: ${z.prettifyError(parsed.error)}` },
    ]);
  const missing = names.filter((name) => !parsed.data.variables.some((v) => v.name === name));
  if (missing.length > 0)
    throw new InputError([{ key: '--codebook', message: `${path} has no entry for ${missing.join(', ')}` }]);
  return parsed.data;
}

/** Per class edge, the model's P(reference arc). */
export async function llmProbabilities(
  mec: Mec,
  options: LlmExpertCliOptions & { verbRng: Rng },
): Promise<Float64Array> {
  const env = LlmEnv.safeParse(options.env);
  if (!env.success)
    throw new InputError([
      {
        key: '--expert llm',
        message:
          'needs CAUSAL_EXPERT_LLM_BASE_URL (an http(s) URL) and CAUSAL_EXPERT_LLM_MODEL in the environment',
      },
    ]);
  const client = createLlmClient({
    mode: options.mode,
    model: env.data.CAUSAL_EXPERT_LLM_MODEL,
    baseUrl: env.data.CAUSAL_EXPERT_LLM_BASE_URL,
    cacheDir: options.cacheDir,
  });
  const names = mec.pdag.names;
  const codebook = codebookFor(names, options.codebookPath);
  const probabilities = new Float64Array(mec.m);
  for (const [e, edge] of mec.edges.entries()) {
    const a = names[edge.from]!;
    const b = names[edge.to]!;
    const [first, second] = a < b ? [a, b] : [b, a]; // code-unit order: position carries nothing
    const asked = await askArc(
      {
        client,
        codebook,
        template: 'chat-ab',
        nVerbs: options.verbs,
        swapOrder: true,
        verbRng: options.verbRng.split(`${first}/${second}`),
      },
      first,
      second,
    );
    probabilities[e] = first === a ? asked.pForward : 1 - asked.pForward; // P(a → b), the reference arc
  }
  return probabilities;
}
