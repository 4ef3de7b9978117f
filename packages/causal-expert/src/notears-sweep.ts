// NOTEARS baseline as pool jobs (§5, §8 default): linear-Gaussian data from a network's DAG,
// raw and standardised, scored against G*.
import { Rng } from 'core-tensor';
import { z } from 'zod';
import { dagFromArcs, dagFromBayesNet, pdagOfDag } from './graph.js';
import { notearsLinear, preprocess } from './notears.js';
import { loadNetwork } from './oracle.js';
import { pdagShd } from './pc-metrics.js';
import { randomLinearGaussian, sampleLinearGaussian } from './sampler.js';

export const NotearsArgs = z.object({
  network: z.string(),
  n: z.number().int(),
  seed: z.number().int(),
  standardise: z.boolean(),
  maxSteps: z.number().int(),
  lambda1: z.number(),
  wThreshold: z.number(),
  maxOuter: z.number().int(),
  baseSeed: z.number().int(),
});

export const NotearsRow = z.object({
  network: z.string(),
  n: z.number(),
  seed: z.number(),
  standardise: z.boolean(),
  arcs: z.number(),
  trueArcs: z.number(),
  tp: z.number(),
  reversed: z.number(),
  fp: z.number(),
  fn: z.number(),
  shd: z.number(),
  h: z.number(),
  steps: z.number(),
  outerIterations: z.number(),
  msPerStep: z.number(),
});
export type NotearsRow = z.infer<typeof NotearsRow>;

export function runNotears(rawArgs: unknown): NotearsRow {
  const args = NotearsArgs.parse(rawArgs);
  const dag = dagFromBayesNet(loadNetwork(args.network));
  const rng = new Rng(args.baseSeed).split(`${args.network}/${args.n}/${args.seed}/notears-data`);
  const data = sampleLinearGaussian(randomLinearGaussian(dag, rng.split('sem')), args.n, rng.split('rows'));
  const result = notearsLinear(preprocess(data, args.standardise), {
    maxSteps: args.maxSteps,
    lambda1: args.lambda1,
    wThreshold: args.wThreshold,
    maxOuter: args.maxOuter,
  });
  const truth = new Set(dag.parents.flatMap((ps, child) => ps.map((p) => `${p},${child}`)));
  const tp = result.arcs.filter(([a, b]) => truth.has(`${a},${b}`)).length;
  const reversed = result.arcs.filter(([a, b]) => truth.has(`${b},${a}`)).length;
  const estimated = pdagOfDag(dagFromArcs(dag.names, result.arcs));
  return {
    network: args.network,
    n: args.n,
    seed: args.seed,
    standardise: args.standardise,
    arcs: result.arcs.length,
    trueArcs: truth.size,
    tp,
    reversed,
    fp: result.arcs.length - tp - reversed,
    fn: truth.size - tp,
    shd: pdagShd(estimated, pdagOfDag(dag)),
    h: result.h,
    steps: result.steps,
    outerIterations: result.outerIterations,
    msPerStep: result.msPerStep,
  };
}
