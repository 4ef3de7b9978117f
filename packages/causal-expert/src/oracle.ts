// The oracle starting point of the official code (§1, §2.2): CPDAG(G*) and its MEC, each
// undirected edge keyed by G*'s arc.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BayesNet, readBif } from './bif.js';
import { cpdagOf } from './cpdag.js';
import { type Dag, dagFromBayesNet, type Pdag } from './graph.js';
import { defaultMecCap, enumerateMec, type Mec } from './mec.js';

export const networkNames = [
  'asia',
  'cancer',
  'earthquake',
  'survey',
  'sachs',
  'child',
  'insurance',
  'alarm',
  'water',
  'hailfinder',
  'hepar2',
  'win95pts',
] as const;
export type NetworkName = (typeof networkNames)[number];

export const dataDir = fileURLToPath(new URL('../data/', import.meta.url));

export function loadNetwork(name: string): BayesNet {
  if (!(networkNames as readonly string[]).includes(name))
    throw new Error(`unknown network '${name}'; valid: ${networkNames.join(', ')}`);
  return readBif(join(dataDir, 'bif', `${name}.bif`));
}

export interface OracleProblem {
  network: string;
  net: BayesNet;
  dag: Dag;
  cpdag: Pdag;
  mec: Mec;
}

/** G*'s arc for the pair {a, b} (a and b must be adjacent in G*). */
export function trueArc(dag: Dag, a: number, b: number): { from: number; to: number } {
  if (dag.parents[b]!.includes(a)) return { from: a, to: b };
  if (dag.parents[a]!.includes(b)) return { from: b, to: a };
  throw new Error(`${dag.names[a]} and ${dag.names[b]} are not adjacent in G*`);
}

export function oracleProblem(network: string, cap = defaultMecCap): OracleProblem {
  const net = loadNetwork(network);
  const dag = dagFromBayesNet(net);
  const cpdag = cpdagOf(dag);
  const mec = enumerateMec(cpdag, (a, b) => trueArc(dag, a, b), { cap });
  return { network, net, dag, cpdag, mec };
}
