// The PC extension as pool jobs (§3, §8 default): sample a data set, run PC-stable with each test
// and α, measure the structure, make the output usable (usable-pdag.ts: a PDAG with no consistent
// extension is re-oriented with pcalg's conflict handling), enumerate its class and run the
// corrected S_risk ε-expert on it. Also the frozen peer-fixture comparison (§10 #4).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from 'core-tensor';
import { z } from 'zod';
import { TensorFisherZTest } from './batched-stats.js';
import { type CiTest, correlationMatrix, DiscreteCiTest, FisherZTest } from './ci-tests.js';
import { cpdagOf } from './cpdag.js';
import { type Dag, dagFromBayesNet, type Pdag, parsePdagLines } from './graph.js';
import { meanSe } from './metrics.js';
import { dataDir, loadNetwork } from './oracle.js';
import { pdagShd, structureMetrics } from './pc-metrics.js';
import { pcClass, runExpertOnPcClass } from './pc-pipeline.js';
import { pcStable } from './pc-stable.js';
import { extendPdagToDag } from './pdag-extension.js';
import {
  type ContinuousData,
  continuousFromCsv,
  type DiscreteData,
  discreteFromCsv,
  randomLinearGaussian,
  sampleDiscrete,
  sampleLinearGaussian,
} from './sampler.js';
import { Extensions, Orientations, type UsablePdag, usablePdag } from './usable-pdag.js';

export const PcTest = z.enum(['g2-pcalg', 'g2-bnlearn', 'x2', 'fisherz']);
export type PcTest = z.infer<typeof PcTest>;

export const PcDatasetArgs = z.object({
  network: z.string(),
  kind: z.enum(['discrete', 'gaussian']),
  n: z.number().int(),
  dataSeed: z.number().int(),
  tests: z.array(PcTest),
  alphas: z.array(z.number()),
  epsilons: z.array(z.number()),
  etas: z.array(z.number()),
  expertSeeds: z.number().int(),
  baseSeed: z.number().int(),
  mecCap: z.number().int(),
  ciBackend: z.enum(['typed', 'tensor']),
});
export type PcDatasetArgs = z.infer<typeof PcDatasetArgs>;

export const PcExpertCell = z.object({
  epsilon: z.number(),
  eta: z.number(),
  runs: z.number(),
  mecSize: z.number(),
  shd: z.number(),
  kept: z.number(),
  keptBest: z.number(),
  claimed: z.number(),
});

export const PcRow = z.object({
  network: z.string(),
  kind: z.string(),
  test: z.string(),
  n: z.number(),
  alpha: z.number(),
  dataSeed: z.number(),
  ntests: z.number(),
  edges: z.number(),
  tp: z.number(),
  fp: z.number(),
  fn: z.number(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  arrowheadPrecision: z.number(),
  arrowheadRecall: z.number(),
  pdagShd: z.number(),
  /** The skeleton equals G*'s (no missing, no extra edge). */
  skeletonExact: z.boolean(),
  /** The relaxed (pcalg default) PDAG has no consistent extension (Dor–Tarsi). */
  invalidPdag: z.boolean(),
  /** The orientation kept, and how the class was formed ('relaxed' + 'consistent': PC's own output). */
  orientation: z.enum(Orientations),
  extension: z.enum(Extensions),
  classSize: z.number(),
  tooLarge: z.boolean(),
  /** The expert pipeline ran on it (a class was enumerated). */
  usable: z.boolean(),
  admitsTruth: z.boolean(),
  m: z.number(),
  noGroundTruth: z.number(),
  expert: z.array(PcExpertCell),
});
export type PcRow = z.infer<typeof PcRow>;

function makeTest(test: PcTest, data: unknown, ciBackend: 'typed' | 'tensor'): CiTest {
  if (test === 'fisherz') {
    const continuous = data as ContinuousData;
    if (ciBackend === 'tensor') return new TensorFisherZTest(continuous);
    return new FisherZTest(correlationMatrix(continuous), continuous.d, continuous.n);
  }
  return new DiscreteCiTest(data as DiscreteData, test);
}

/** Structure metrics of PC's own output; the class and the expert runs on its usable PDAG. */
function analyse(pcPdag: Pdag, repaired: UsablePdag, truth: Dag, args: PcDatasetArgs, label: string) {
  const truthCpdag = cpdagOf(truth);
  const metrics = structureMetrics(pcPdag, truth, truthCpdag);
  const cls = pcClass(repaired.pdag, truth, new Rng(args.baseSeed).split(`${label}/coin`), args.mecCap);
  const usable = cls.mec.size > 0 && !cls.mec.tooLarge;
  const expert = usable
    ? args.epsilons.flatMap((epsilon) =>
        args.etas.map((eta) => {
          const runs = Array.from({ length: args.expertSeeds }, (_, seed) =>
            runExpertOnPcClass(
              cls,
              new Rng(args.baseSeed).split(`${label}/${epsilon}/${seed}/pc-expert`),
              epsilon,
              eta,
            ),
          );
          const mean = (key: keyof (typeof runs)[number]) => meanSe(runs.map((r) => r[key])).mean;
          return {
            epsilon,
            eta,
            runs: runs.length,
            mecSize: mean('mecSize'),
            shd: mean('shd'),
            kept: mean('kept'),
            keptBest: mean('keptBest'),
            claimed: mean('confidence'),
          };
        }),
      )
    : [];
  return {
    ...metrics,
    invalidPdag: extendPdagToDag(pcPdag) === null,
    orientation: repaired.orientation,
    extension: repaired.extension,
    classSize: cls.mec.size,
    tooLarge: cls.mec.tooLarge,
    skeletonExact: metrics.fp === 0 && metrics.fn === 0,
    usable,
    admitsTruth: cls.admitsTruth,
    m: cls.mec.m,
    noGroundTruth: cls.noGroundTruth,
    expert,
  };
}

export function runPcDataset(rawArgs: unknown): PcRow[] {
  const args = PcDatasetArgs.parse(rawArgs);
  const net = loadNetwork(args.network);
  const truth = dagFromBayesNet(net);
  const rng = new Rng(args.baseSeed).split(`${args.network}/${args.kind}/${args.n}/${args.dataSeed}/data`);
  const data =
    args.kind === 'discrete'
      ? sampleDiscrete(net, args.n, rng)
      : sampleLinearGaussian(randomLinearGaussian(truth, rng.split('sem')), args.n, rng.split('rows'));
  const rows: PcRow[] = [];
  for (const test of args.tests)
    for (const alpha of args.alphas) {
      const ciTest = makeTest(test, data, args.ciBackend);
      const result = pcStable(ciTest, truth.names, alpha);
      const label = `${args.network}/${args.kind}/${args.n}/${args.dataSeed}/${test}/${alpha}`;
      rows.push({
        network: args.network,
        kind: args.kind,
        test,
        n: args.n,
        alpha,
        dataSeed: args.dataSeed,
        ntests: result.skeleton.ntests,
        ...analyse(result.pdag, usablePdag(result, truth.names, ciTest, alpha), truth, args, label),
      });
    }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Peer fixtures (§6): frozen pcalg and bnlearn outputs on n = 5000 samples.

export const FixtureRow = z.object({
  network: z.string(),
  data: z.string(),
  peer: z.string(),
  ourTest: z.string(),
  alpha: z.number(),
  peerEdges: z.number(),
  ourEdges: z.number(),
  skeletonEqual: z.boolean(),
  marksEqual: z.boolean(),
  markDifferences: z.number(),
  peerNtests: z.number(),
  ourNtests: z.number(),
  tensorAgrees: z.boolean().nullable(),
  /** pcalg rows: skeleton edges bnlearn (mi) keeps but pcalg drops, and how many of them our pcalg-mode run removed by the n < 10·df rule. */
  droppedVsBnlearn: z.number().nullable(),
  droppedByRule: z.number().nullable(),
  peerClassSize: z.number(),
  ourClassSize: z.number(),
  /** Dor–Tarsi finds a consistent extension of the peer's PDAG (bnlearn's sachs outputs have none). */
  peerHasExtension: z.boolean(),
});
export type FixtureRow = z.infer<typeof FixtureRow>;

const fixtureDir = join(dataDir, 'peer-fixtures');

function skeletonEqual(a: Pdag, b: Pdag): boolean {
  for (let i = 0; i < a.n; i++)
    for (let j = 0; j < a.n; j++) {
      const x = a.marks[i * a.n + j] === 1 || a.marks[j * a.n + i] === 1;
      const y = b.marks[i * b.n + j] === 1 || b.marks[j * b.n + i] === 1;
      if (x !== y) return false;
    }
  return true;
}

function edgeCount(p: Pdag): number {
  let count = 0;
  for (let i = 0; i < p.n; i++)
    for (let j = i + 1; j < p.n; j++) if (p.marks[i * p.n + j] || p.marks[j * p.n + i]) count++;
  return count;
}

export function fixtureNtests(header: string, source: string): number {
  const match = /ntests=(\d+)/.exec(header);
  if (!match)
    throw new Error(`${source} line 1: expected a comment with 'ntests=<count>', found '${header}'`);
  return Number(match[1]);
}

/** The class size of a PDAG, using G*'s arcs only as labels. */
function classSize(pdag: Pdag, cap: number): number {
  const mec = pcClass(pdag, { names: pdag.names, parents: pdag.names.map(() => []) }, new Rng(0), cap).mec;
  return mec.size;
}

export const FixtureArgs = z.object({ networks: z.array(z.string()), mecCap: z.number().int() });

export function runFixtureComparison(rawArgs: unknown): FixtureRow[] {
  const args = FixtureArgs.parse(rawArgs);
  const rows: FixtureRow[] = [];
  const compare = (
    network: string,
    dataLabel: string,
    peer: string,
    ourTest: PcTest,
    alpha: number,
    data: unknown,
    names: string[],
    tensor: boolean,
  ) => {
    const file = join(fixtureDir, `${network}_${dataLabel}_${peer}_a${alpha}.txt`);
    const text = readFileSync(file, 'utf8');
    const peerPdag = parsePdagLines(names, text, file);
    const ours = pcStable(makeTest(ourTest, data, 'typed'), names, alpha);
    let tensorAgrees: boolean | null = null;
    if (tensor) {
      const viaTensor = pcStable(makeTest(ourTest, data, 'tensor'), names, alpha);
      tensorAgrees =
        viaTensor.pdag.marks.every((v, i) => v === ours.pdag.marks[i]) &&
        viaTensor.skeleton.ntests === ours.skeleton.ntests;
    }
    let droppedVsBnlearn: number | null = null;
    let droppedByRule: number | null = null;
    if (ourTest === 'g2-pcalg') {
      const mi = parsePdagLines(
        names,
        readFileSync(join(fixtureDir, `${network}_${dataLabel}_bnlearn_pcstable_mi_a${alpha}.txt`), 'utf8'),
      );
      const test = makeTest('g2-pcalg', data, 'typed') as DiscreteCiTest;
      droppedVsBnlearn = 0;
      droppedByRule = 0;
      for (let i = 0; i < mi.n; i++)
        for (let j = i + 1; j < mi.n; j++) {
          const inMi = mi.marks[i * mi.n + j] === 1 || mi.marks[j * mi.n + i] === 1;
          const inOurs = ours.skeleton.adjacency[i * mi.n + j] === 1;
          if (!inMi || inOurs) continue;
          droppedVsBnlearn++;
          const sepset =
            ours.skeleton.sepsets.get(`${i},${j}`) ?? ours.skeleton.sepsets.get(`${j},${i}`) ?? [];
          if (test.n < 10 * test.degreesOfFreedom(i, j, sepset)) droppedByRule++;
        }
    }
    rows.push({
      network,
      data: dataLabel,
      droppedVsBnlearn,
      droppedByRule,
      peer,
      ourTest,
      alpha,
      peerEdges: edgeCount(peerPdag),
      ourEdges: edgeCount(ours.pdag),
      skeletonEqual: skeletonEqual(ours.pdag, peerPdag),
      marksEqual: pdagShd(ours.pdag, peerPdag) === 0,
      markDifferences: pdagShd(ours.pdag, peerPdag),
      peerNtests: fixtureNtests(text.split('\n')[0]!, file),
      ourNtests: ours.skeleton.ntests,
      tensorAgrees,
      peerClassSize: classSize(peerPdag, args.mecCap),
      peerHasExtension: extendPdagToDag(peerPdag) !== null,
      ourClassSize: classSize(ours.pdag, args.mecCap),
    });
  };
  for (const network of args.networks) {
    if (network === 'child-gauss') {
      const data = continuousFromCsv(
        readFileSync(join(fixtureDir, 'child_gauss_n5000_seed20232.csv'), 'utf8'),
      );
      for (const alpha of [0.01, 0.05]) {
        compare('child', 'gauss', 'pcalg_pc_fisherz', 'fisherz', alpha, data, data.names, true);
        compare('child', 'gauss', 'bnlearn_pcstable_zf', 'fisherz', alpha, data, data.names, false);
      }
      continue;
    }
    const file = join(fixtureDir, `${network}_discrete_n5000_seed20231.csv`);
    const data = discreteFromCsv(readFileSync(file, 'utf8'), file);
    for (const alpha of [0.01, 0.05]) {
      compare(network, 'discrete', 'pcalg_pc_G2', 'g2-pcalg', alpha, data, data.names, false);
      compare(network, 'discrete', 'bnlearn_pcstable_mi', 'g2-bnlearn', alpha, data, data.names, false);
      compare(network, 'discrete', 'bnlearn_pcstable_x2', 'x2', alpha, data, data.names, false);
    }
  }
  return rows;
}
