// Every hyper-parameter of the study (§7), defaults = the official sweep (the `paper` preset, §8).
import { z } from 'zod';
import { networkNames } from './oracle.js';
import { ExpertKind } from './oracle-sweep.js';
import { replayEngines } from './replay-sweep.js';
import { Semantics, Strategy } from './semantics.js';

const Network = z.enum(networkNames);
const Probability = z.number().min(0).max(1);
const Epsilon = z.number().min(0).max(0.5);

/** One (ε × η) grid of the oracle sweep (§8 paper: a main and an older grid). */
export const Grid = z.object({ epsilons: z.array(Epsilon).min(1), etas: z.array(Probability).min(1) });

// Size bounds (issue 12, point 7): counts that fill arrays are refused above a bound, by name, before
// any work. Each bound is far above the `paper` and `default` presets.
/** Seeds and runs: one result per seed is kept in memory (the default preset runs 2,000). */
const Runs = (key: string, paper: string) =>
  z.number().int().max(100_000, `${key} ≤ 100000 (${paper}; one result per run is kept in memory)`);
/** Rows of sampled data: n × up to 76 variables (win95pts) as one array, 76 M values at the bound. */
const Rows = (key: string, paper: string) =>
  z
    .number()
    .int()
    .max(1_000_000, `${key} ≤ 1000000 (${paper}; the data is n × up to 76 variables in one array)`);

const etaSweep = (to: number) => Array.from({ length: Math.round(to * 10) }, (_, i) => (i + 1) / 10);

export const Config = z.object({
  networks: z.array(Network).default(['asia', 'child', 'insurance', 'alarm', 'cancer']), // §8 paper networks
  grids: z.array(Grid).default([
    { epsilons: [0.1, 0.3], etas: etaSweep(1) }, // §8 main grid: η ∈ {0.1, …, 1.0}
    { epsilons: [0.01, 0.05, 0.1], etas: [0.1, 0.25, 0.5] }, // §8 older grid
  ]),
  seeds: Runs('seeds', 'the paper uses 5').positive().default(5), // §8: the official sweep uses 5 seeds
  strategies: z.array(Strategy).min(1).default(['risk']), // §2.5 S_risk / S_size
  semantics: z.array(Semantics).min(1).default(['paper-2023', 'official-2024']), // §2.5 table
  experts: z.array(ExpertKind).min(1).default(['epsilon']), // §2.3
  accuracy: Probability.default(0.55), // §2.3 miscalibrated expert [ours]
  mecCap: z
    .number()
    .int()
    .positive()
    .max(
      1_000_000,
      'mecCap ≤ 1000000 (the paper uses 100000; every DAG of the class is held in memory, as an array per DAG)',
    )
    .default(100_000), // §2.2 cap
  referenceSeeds: Runs('referenceSeeds', 'the default preset uses 2000').min(0).default(0), // §9.2 / §10 #6: η = 0.1 cells of the brief's sweep re-run at this many seeds (0: off) [ours]
  bayes: z
    .object({
      networks: z.array(Network).default([]), // §9.1 C4c (G* ~ uniform on the MEC) [ours]
      epsilons: z.array(Epsilon).default([0.1, 0.3]),
      etas: z.array(Probability).default([0.1, 0.3, 0.5]),
      draws: Runs('bayes.draws', 'the paper uses 2000').positive().default(2000),
      semantics: z.array(Semantics).default(['corrected', 'corrected-product']),
    })
    .prefault({}),
  replay: z
    .object({
      engines: z.array(z.enum(replayEngines)).default([...replayEngines]), // §6 cached GPT-3 answers
      etas: z.array(Probability).default([0.1, 0.3, 0.5, 0.9]), // §9.4
      runs: Runs('replay.runs', 'the paper uses 200').positive().default(200), // §9.4: 200 random phrasing draws
      semantics: z.array(Semantics).default(['corrected', 'corrected-product']),
    })
    .prefault({}),
  pc: z
    .object({
      networks: z.array(Network).default([]), // §3 extension [ours], discrete data
      gaussianNetworks: z.array(Network).default([]), // linear-Gaussian data, Fisher-z
      ns: z.array(Rows('pc.ns[]', 'the paper uses 5000').min(20)).default([1000, 5000]),
      alphas: z.array(z.number().gt(0).lt(1)).default([0.01, 0.05]),
      discreteTests: z.array(z.enum(['g2-pcalg', 'g2-bnlearn', 'x2'])).default(['g2-pcalg', 'g2-bnlearn']),
      dataSeeds: Runs('pc.dataSeeds', 'the paper uses 5').positive().default(5),
      expertSeeds: Runs('pc.expertSeeds', 'the paper uses 50').positive().default(50),
      epsilons: z.array(Epsilon).default([0.1, 0.3]),
      etas: z.array(Probability).default([0.1, 0.3]),
      fixtures: z.enum(['none', 'asia', 'all']).default('all'), // the peer-fixture comparison (§3, §10 #4)
      ciBackend: z.enum(['typed', 'tensor']).default('typed'), // §5: the bench: whole Fisher-z PC ≈ 1× (0.7–1.1× across runs), so float64 typed
    })
    .prefault({}),
  notears: z
    .object({
      networks: z.array(Network).default([]), // §5 NOTEARS baseline [ours] on linear-Gaussian data
      n: Rows('notears.n', 'the paper uses 1000').min(10).default(1000),
      seeds: Runs('notears.seeds', 'the paper uses 2').positive().default(2),
      maxSteps: z.number().int().positive().default(900), // Adam steps per inner solve budget
      lambda1: z.number().min(0).default(0.1), // §5 λ1
      wThreshold: z.number().min(0).default(0.3), // §5 edge threshold
      standardise: z.array(z.boolean()).default([false, true]), // raw and standardised data
      maxOuter: z.number().int().positive().default(100),
    })
    .prefault({}),
  llm: z
    .object({
      mode: z.enum(['replay', 'record', 'off']).default('off'), // §4.2: a live endpoint only when configured
      model: z.string().default('gpt-4o-mini'), // overridden by CAUSAL_EXPERT_LLM_MODEL unless baseUrl is set here
      baseUrl: z.url({ protocol: /^https?$/ }).optional(), // else CAUSAL_EXPERT_LLM_BASE_URL
      wording: z.enum(['codebook', 'names-only']).default('codebook'), // §4.4: wording as a variable
      etas: z.array(Probability).default([0.1, 0.3]),
      template: z.enum(['long2023-structure', 'chat-ab']).default('chat-ab'),
      nVerbs: z.number().int().min(1).max(20).default(1), // §4.1: verbs per question, drawn per edge and run
      runs: Runs('llm.runs', 'the paper uses 5 seeds').positive().default(5), // §8 paper: one verb draw per edge per run
      swapOrder: z.boolean().default(false),
      networks: z.array(Network).default(['insurance']),
    })
    .prefault({}),
});
export type Config = z.infer<typeof Config>;
