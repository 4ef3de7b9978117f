// A live (or replayed) LLM expert on a network's undirected CPDAG edges (§4, ours): ask each
// edge once (option order alphabetical, so position carries no truth), calibrate the answers
// against G*, and run the corrected greedy amendment on the report. Runs in the main process:
// the cache file is the checkpoint.
import type { Logger } from 'lab';
import { type CalibrationReport, calibrationReport } from './calibration.js';
import { loadCodebook, namesOnly } from './codebooks.js';
import { askArc, createLlmClient, type LlmAnswer, LlmEnv, type LlmMode } from './expert-llm.js';
import { greedyAmend } from './greedy.js';
import { memberIndex } from './mec.js';
import { keeps, unionShd } from './metrics.js';
import { oracleProblem } from './oracle.js';
import { posterior } from './posterior.js';
import type { Template } from './prompts.js';
import { type Strategy, semanticsFlags } from './semantics.js';

export interface LlmRunOptions {
  mode: LlmMode;
  model: string;
  baseUrl?: string;
  template: Template;
  nVerbs: number;
  swapOrder: boolean;
  wording: 'codebook' | 'names-only';
  networks: string[];
  etas: number[];
  cacheDir?: string;
  env?: Readonly<Record<string, string | undefined>>;
  log: Logger;
}

export interface LlmNetworkResult {
  network: string;
  model: string;
  answers: LlmAnswer[];
  naiveWrong: number;
  calibration: CalibrationReport;
  cells: { eta: number; strategy: string; mecSize: number; shd: number; kept: number; confidence: number }[];
}

export function resolveEndpoint(options: LlmRunOptions): { baseUrl: string; model: string } {
  if (options.baseUrl) return { baseUrl: options.baseUrl, model: options.model };
  const env = LlmEnv.safeParse(options.env ?? process.env);
  if (!env.success)
    throw new Error(
      `LLM mode '${options.mode}' needs CAUSAL_EXPERT_LLM_BASE_URL (an http(s) URL) and CAUSAL_EXPERT_LLM_MODEL in the environment, or llm.baseUrl in the config`,
    );
  return { baseUrl: env.data.CAUSAL_EXPERT_LLM_BASE_URL, model: env.data.CAUSAL_EXPERT_LLM_MODEL };
}

export async function runLlmExpert(options: LlmRunOptions): Promise<LlmNetworkResult[]> {
  const { baseUrl, model } = resolveEndpoint(options);
  const client = createLlmClient({
    mode: options.mode,
    model,
    baseUrl,
    log: options.log,
    ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
  });
  const results: LlmNetworkResult[] = [];
  for (const network of options.networks) {
    const { mec, dag } = oracleProblem(network);
    const codebook =
      options.wording === 'names-only' ? namesOnly(loadCodebook(network)) : loadCodebook(network);
    const reported = new Uint8Array(mec.m);
    const likelihood = new Float64Array(mec.m);
    const answers: LlmAnswer[] = [];
    const scored: { edge: string; pTrue: number }[] = [];
    for (const [e, edge] of mec.edges.entries()) {
      const a = dag.names[edge.from]!;
      const b = dag.names[edge.to]!;
      const [first, second] = a < b ? [a, b] : [b, a];
      const asked = await askArc(
        {
          client,
          codebook,
          template: options.template,
          nVerbs: options.nVerbs,
          swapOrder: options.swapOrder,
        },
        first,
        second,
      );
      answers.push(...asked.answers);
      const pTrue = first === a ? asked.pForward : 1 - asked.pForward; // P(G*'s arc)
      reported[e] = pTrue > 0.5 ? 1 : 0;
      likelihood[e] = Math.max(pTrue, 1 - pTrue);
      scored.push({ edge: `${a}→${b}`, pTrue });
    }
    const truth = new Uint8Array(mec.m).fill(1);
    const truthIndex = memberIndex(mec, truth);
    const weights = posterior(mec.members, mec.m, { reported, likelihood });
    const cells = (['risk', 'size'] as Strategy[]).flatMap((strategy) =>
      options.etas.map((eta) => {
        const result = greedyAmend(
          { members: mec.members, m: mec.m, weights, reported, eta },
          semanticsFlags('corrected', strategy),
        );
        return {
          eta,
          strategy,
          mecSize: result.kept.length,
          shd: unionShd(mec.members, mec.m, result.kept, truth),
          kept: keeps(result.kept, truthIndex) ? 1 : 0,
          confidence: result.confidence,
        };
      }),
    );
    results.push({
      network,
      model,
      answers,
      naiveWrong: reported.reduce((s, r) => s + (r === 1 ? 0 : 1), 0),
      calibration: calibrationReport(scored),
      cells,
    });
    options.log.info(
      `LLM expert on ${network}: ${mec.m} edges, ${answers.filter((a) => a.fromCache).length}/${answers.length} answers from the cache`,
    );
  }
  return results;
}
