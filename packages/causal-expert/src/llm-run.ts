// A live (or replayed) LLM expert on a network's undirected CPDAG edges (§4, ours): in each run,
// ask each edge once with verbs drawn for that edge and run, as the official code does (option
// order alphabetical, so position carries no truth), calibrate the answers against G*, and run the
// corrected greedy amendment on the run's report; cells are means over runs. The verb streams are
// keyed by (network, run, edge) only, so a recorded cache replays under any experiment seed. Runs
// in the main process: the cache file is the checkpoint.
import { Rng } from 'core-tensor';
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
  /** Runs per network, each with its own verb draws (default 1). */
  runs?: number;
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
  runs: number;
  /** Means over runs: |M'|, SHD, share of runs keeping G*, confidence. */
  cells: { eta: number; strategy: string; mecSize: number; shd: number; kept: number; confidence: number }[];
}

interface RunCell {
  eta: number;
  strategy: Strategy;
  mecSize: number;
  shd: number;
  kept: number;
  confidence: number;
}

/** Per (strategy, η), the mean of each metric over the runs. */
function meanCells(perRun: readonly RunCell[][]): LlmNetworkResult['cells'] {
  return perRun[0]!.map((first, i) => {
    const mean = (key: 'mecSize' | 'shd' | 'kept' | 'confidence') =>
      perRun.reduce((s, cells) => s + cells[i]![key], 0) / perRun.length;
    return {
      eta: first.eta,
      strategy: first.strategy,
      mecSize: mean('mecSize'),
      shd: mean('shd'),
      kept: mean('kept'),
      confidence: mean('confidence'),
    };
  });
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
  const runs = options.runs ?? 1;
  if (!(Number.isInteger(runs) && runs >= 1))
    throw new Error(`runs ${runs} is invalid; valid: an integer ≥ 1`);
  for (const network of options.networks) {
    const { mec, dag } = oracleProblem(network);
    const codebook =
      options.wording === 'names-only' ? namesOnly(loadCodebook(network)) : loadCodebook(network);
    const truth = new Uint8Array(mec.m).fill(1);
    const truthIndex = memberIndex(mec, truth);
    const answers: LlmAnswer[] = [];
    const scored: { edge: string; pTrue: number }[] = [];
    const perRun: RunCell[][] = [];
    let naiveWrong = 0;
    for (let run = 0; run < runs; run++) {
      const verbStream = new Rng(`llm-verbs/${network}/${run}`);
      const reported = new Uint8Array(mec.m);
      const likelihood = new Float64Array(mec.m);
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
            verbRng: verbStream.split(`${first}/${second}`),
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
      naiveWrong += reported.reduce((s, r) => s + (r === 1 ? 0 : 1), 0) / runs;
      const weights = posterior(mec.members, mec.m, { reported, likelihood });
      perRun.push(
        (['risk', 'size'] as Strategy[]).flatMap((strategy) =>
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
        ),
      );
    }
    results.push({
      network,
      model,
      answers,
      naiveWrong,
      calibration: calibrationReport(scored),
      runs,
      cells: meanCells(perRun),
    });
    options.log.info(
      `LLM expert on ${network}: ${mec.m} edges × ${runs} runs, ${answers.filter((a) => a.fromCache).length}/${answers.length} answers from the cache`,
    );
  }
  return results;
}
