// The causal-expert study wired into lab (§7, §8): the oracle sweep with every semantics, the
// miscalibrated expert (± temperature scaling), the Bayesian coverage check, the replayed GPT-3
// answers with their calibration, PC-stable on sampled data, NOTEARS, and the claims of §9.1.
import { defineExperiment, isMainModule, type RunContext, runExperimentCli } from 'lab';
import { z } from 'zod';
import { CellStats } from './cell-stats.js';
import {
  bayesCellUnits,
  naiveCellUnits,
  oracleCellUnits,
  replayRunUnits,
  unitSchemas,
} from './claim-units.js';
import { claims, invariants } from './claims.js';
import { Config } from './config.js';
import { runLlmExpert } from './llm-run.js';
import { NotearsRow } from './notears-sweep.js';
import { type OracleCellArgs, OracleCellResult } from './oracle-sweep.js';
import { groupPcRows, pcUsability } from './pc-summary.js';
import { FixtureRow, PcRow } from './pc-sweep.js';
import { referenceSweep } from './reference-sweep.js';
import { ReplayCellResult } from './replay-sweep.js';
import { addReport, writePlots } from './report-sections.js';
import type { Summary } from './summary.js';

const oracleJobs = new URL('./oracle-sweep.ts', import.meta.url);
const replayJobs = new URL('./replay-sweep.ts', import.meta.url);
const pcJobs = new URL('./pc-sweep.ts', import.meta.url);
const notearsJobs = new URL('./notears-sweep.ts', import.meta.url);

async function runNotearsPart(config: Config, ctx: RunContext): Promise<NotearsRow[]> {
  const nt = config.notears;
  const jobs = nt.networks.flatMap((network) =>
    Array.from({ length: nt.seeds }, (_, seed) =>
      nt.standardise.map((standardise) => ({
        module: notearsJobs,
        fn: 'runNotears',
        args: {
          network,
          n: nt.n,
          seed,
          standardise,
          maxSteps: nt.maxSteps,
          lambda1: nt.lambda1,
          wThreshold: nt.wThreshold,
          maxOuter: nt.maxOuter,
          baseSeed: ctx.seed,
        },
      })),
    ).flat(),
  );
  return ctx.pool.map(jobs, NotearsRow);
}

async function runPc(config: Config, ctx: RunContext) {
  const pc = config.pc;
  const base = {
    alphas: pc.alphas,
    epsilons: pc.epsilons,
    etas: pc.etas,
    expertSeeds: pc.expertSeeds,
    baseSeed: ctx.seed,
    mecCap: config.mecCap,
    ciBackend: pc.ciBackend,
  };
  const jobs = [
    ...pc.networks.map((network) => ({ network, kind: 'discrete' as const, tests: pc.discreteTests })),
    ...pc.gaussianNetworks.map((network) => ({
      network,
      kind: 'gaussian' as const,
      tests: ['fisherz' as const],
    })),
  ].flatMap((part) =>
    pc.ns.flatMap((n) =>
      Array.from({ length: pc.dataSeeds }, (_, dataSeed) => ({
        module: pcJobs,
        fn: 'runPcDataset',
        args: { ...base, ...part, n, dataSeed },
      })),
    ),
  );
  ctx.log.info(`PC: ${jobs.length} data sets`);
  const rows = (await ctx.pool.map(jobs, z.array(PcRow))).flat();
  const fixtureNetworks =
    pc.fixtures === 'none'
      ? []
      : pc.fixtures === 'asia'
        ? ['asia']
        : ['asia', 'sachs', 'child', 'child-gauss'];
  const fixtures =
    fixtureNetworks.length === 0
      ? []
      : (
          await ctx.pool.map(
            [
              {
                module: pcJobs,
                fn: 'runFixtureComparison',
                args: { networks: fixtureNetworks, mecCap: config.mecCap },
              },
            ],
            z.array(FixtureRow),
          )
        ).flat();
  return { rows, groups: groupPcRows(rows), fixtures, usability: pcUsability(rows) };
}

/** ε → the union of the η values of every grid that lists it. */
function etasByEpsilon(config: Config): Map<number, number[]> {
  const map = new Map<number, Set<number>>();
  for (const grid of config.grids)
    for (const epsilon of grid.epsilons) {
      const set = map.get(epsilon) ?? new Set<number>();
      for (const eta of grid.etas) set.add(eta);
      map.set(epsilon, set);
    }
  return new Map([...map].map(([eps, set]) => [eps, [...set].sort((a, b) => a - b)]));
}

async function runOracle(config: Config, ctx: RunContext) {
  const base = {
    strategies: config.strategies,
    semantics: config.semantics,
    seeds: config.seeds,
    baseSeed: ctx.seed,
    accuracy: config.accuracy,
    mecCap: config.mecCap,
  };
  const allEtas = [...new Set(config.grids.flatMap((g) => g.etas))].sort((a, b) => a - b);
  const jobs: OracleCellArgs[] = [];
  for (const network of config.networks) {
    for (const [epsilon, etas] of etasByEpsilon(config))
      if (config.experts.includes('epsilon'))
        jobs.push({ ...base, network, expert: 'epsilon', epsilon, etas });
    for (const expert of config.experts.filter((e) => e !== 'epsilon'))
      jobs.push({ ...base, network, expert, epsilon: null, etas: allEtas });
  }
  ctx.log.info(`oracle sweep: ${jobs.length} (network, expert, ε) jobs × ${config.seeds} seeds`);
  return ctx.pool.map(
    jobs.map((args) => ({ module: oracleJobs, fn: 'runOracleCell', args })),
    OracleCellResult,
  );
}

/** The §9.2 cells at η = 0.1 with referenceSeeds seeds (acceptance #6). */
async function runReference(config: Config, ctx: RunContext): Promise<CellStats[]> {
  if (config.referenceSeeds === 0) return [];
  const jobs = referenceSweep.map(([network, epsilon]) => ({
    module: oracleJobs,
    fn: 'runOracleCell',
    args: {
      network,
      expert: 'epsilon',
      epsilon,
      etas: [0.1],
      strategies: ['risk', 'size'],
      semantics: ['paper-2023', 'official-2024', 'corrected', 'corrected-product'],
      seeds: config.referenceSeeds,
      baseSeed: ctx.seed,
      accuracy: config.accuracy,
      mecCap: config.mecCap,
    } satisfies OracleCellArgs,
  }));
  return (await ctx.pool.map(jobs, OracleCellResult)).flatMap((r) => r.cells);
}

async function runBayes(config: Config, ctx: RunContext): Promise<CellStats[]> {
  const jobs = config.bayes.networks.flatMap((network) =>
    config.bayes.epsilons.map((epsilon) => ({
      module: oracleJobs,
      fn: 'runBayesCell',
      args: {
        network,
        epsilon,
        etas: config.bayes.etas,
        strategies: ['risk', 'size'],
        semantics: config.bayes.semantics,
        draws: config.bayes.draws,
        baseSeed: ctx.seed,
        mecCap: config.mecCap,
      },
    })),
  );
  return (await ctx.pool.map(jobs, z.array(CellStats))).flat();
}

/** The unit tables the claims are decided on (claim-units.ts), read back from disk by lab. */
async function writeClaimUnits(
  summary: Summary,
  replay: readonly ReplayCellResult[],
  config: Config,
  ctx: RunContext,
): Promise<void> {
  await ctx.writeUnits('oracleCells', oracleCellUnits(summary.oracle));
  await ctx.writeUnits('bayesCells', bayesCellUnits(summary.bayes));
  await ctx.writeUnits('naiveCells', naiveCellUnits(summary.naive));
  await ctx.writeUnits(
    'replayRuns',
    replay.flatMap((r, i) => replayRunUnits(config.replay.engines[i]!, r.runs)),
  );
  await ctx.writeUnits(
    'answers',
    replay.flatMap((r, i) => r.answers.map((a) => ({ engine: config.replay.engines[i]!, ...a }))),
  );
}

export const experiment = defineExperiment({
  name: 'causal-expert',
  paper: {
    title: 'Causal Discovery with Language Models as Imperfect Experts',
    authors: 'Stephanie Long, Alexandre Piché, Valentina Zantedeschi, Tibor Schuster, Alexandre Drouin',
    venue: 'ICML 2023 workshop on Structured Probabilistic Inference & Generative Modeling (SPIGM)',
    url: 'https://arxiv.org/abs/2307.02390',
  },
  source: import.meta.url,
  config: Config,
  presets: {
    smoke: {
      networks: ['asia', 'child'],
      grids: [{ epsilons: [0.1], etas: [0.1, 0.5] }],
      seeds: 10,
      strategies: ['risk', 'size'],
      semantics: ['paper-2023', 'official-2024', 'corrected', 'corrected-product'],
      experts: ['epsilon', 'miscalibrated', 'miscalibrated-ts'],
      bayes: { networks: ['asia'], epsilons: [0.1], etas: [0.1, 0.5], draws: 200 },
      replay: { engines: ['text-davinci-003'], etas: [0.1], runs: 20 },
      notears: { networks: ['asia'], n: 300, seeds: 1, maxSteps: 100, standardise: [false] },
      llm: {
        mode: 'replay', // the fake-server recording in data/llm-cache/fake-model (test/fixtures/record-fake-llm.ts)
        model: 'fake-model',
        baseUrl: 'http://127.0.0.1:18555/v1',
        networks: ['asia'],
        swapOrder: true,
        etas: [0.1],
        runs: 1,
      },
      pc: {
        networks: ['asia'],
        ns: [500],
        alphas: [0.01],
        discreteTests: ['g2-pcalg'],
        dataSeeds: 1,
        expertSeeds: 5,
        epsilons: [0.1],
        etas: [0.1],
        fixtures: 'asia',
      },
    },
    default: {
      networks: ['asia', 'sachs', 'child', 'insurance', 'alarm', 'water', 'hailfinder', 'hepar2', 'win95pts'],
      grids: [{ epsilons: [0.05, 0.1, 0.3], etas: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] }],
      seeds: 200,
      strategies: ['risk', 'size'],
      semantics: ['paper-2023', 'official-2024', 'corrected', 'corrected-product'],
      experts: ['epsilon', 'miscalibrated', 'miscalibrated-ts'],
      bayes: { networks: ['sachs', 'child', 'insurance', 'hailfinder'] },
      referenceSeeds: 2000,
      pc: {
        networks: ['asia', 'sachs', 'child', 'insurance', 'alarm'],
        gaussianNetworks: ['child', 'insurance', 'alarm'],
      },
      notears: { networks: ['child', 'alarm'] },
    },
    paper: {},
  },
  units: unitSchemas,
  claims,
  invariants,

  async run(config, ctx) {
    const oracle = await runOracle(config, ctx);
    const bayes = await runBayes(config, ctx);
    const reference = await runReference(config, ctx);
    const replay = await ctx.pool.map(
      config.replay.engines.map((engine) => ({
        module: replayJobs,
        fn: 'runReplayCell',
        args: {
          engine,
          etas: config.replay.etas,
          strategies: ['risk', 'size'],
          semantics: config.replay.semantics,
          runs: config.replay.runs,
          baseSeed: ctx.seed,
        },
      })),
      ReplayCellResult,
    );
    const networksDone = [...new Set(oracle.map((r) => r.naive.network))];
    const summary: Summary = {
      backend: ctx.backend.name,
      oracle: oracle.flatMap((r) => r.cells),
      naive: [...oracle.map((r) => r.naive), ...replay.map((r) => r.naive)],
      bayes,
      reference,
      invalidMembers: networksDone.map((network) => ({
        network,
        invalid: oracle.find((r) => r.naive.network === network)!.invalidMembers,
      })),
      temperatures: oracle
        .filter((r) => r.naive.expert === 'miscalibrated-ts')
        .map((r) => ({ network: r.naive.network, medianTemperature: r.medianTemperature })),
      replay: replay.map(({ cells, naive, calibration }, i) => ({
        engine: config.replay.engines[i]!,
        cells,
        naive,
        calibration,
      })),
      pc: await runPc(config, ctx),
      notears: await runNotearsPart(config, ctx),
      llm:
        config.llm.mode === 'off'
          ? []
          : await runLlmExpert({
              ...config.llm,
              ...(config.llm.baseUrl ? { baseUrl: config.llm.baseUrl } : {}),
              log: ctx.log,
            }),
    };
    for (const cell of summary.oracle) ctx.metric({ part: 'oracle', ...cell });
    for (const cell of summary.bayes) ctx.metric({ part: 'bayes', ...cell });
    await ctx.writeCsv('oracle-cells.csv', summary.oracle);
    await writeClaimUnits(summary, replay, config, ctx);
    addReport(summary, config, ctx);
    await writePlots(summary, ctx);
    return summary;
  },
});

if (isMainModule(import.meta.url))
  process.exitCode = await runExperimentCli(experiment, process.argv.slice(2));
