// Forward sampling (§3.1). Discrete: in topological order, inverse CDF on the CPT row selected by
// the parents' states, with a seeded Rng. Linear-Gaussian: X_j = Σ_i w_ij X_i + N(0, 1) with
// |w| ~ U[0.5, 1] and a random sign (the recipe of the shared child fixture).
import type { Rng } from 'core-tensor';
import type { BayesNet } from './bif.js';
import { type Dag, dagFromBayesNet, topologicalOrder } from './graph.js';

/** A data set: n rows × d columns, row-major; columns in the network's node order. */
export interface DiscreteData {
  names: string[];
  n: number;
  d: number;
  /** State codes (0-based). */
  values: Uint8Array;
  /** Number of states per column: declared (the network's, a levels file's), else max observed code + 1. */
  levels: number[];
}

export interface ContinuousData {
  names: string[];
  n: number;
  d: number;
  values: Float64Array;
}

export function sampleDiscrete(net: BayesNet, n: number, rng: Rng): DiscreteData {
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`sample size ${n} is invalid; valid: a positive integer`);
  const d = net.nodes.length;
  const order = topologicalOrder(dagFromBayesNet(net));
  const values = new Uint8Array(n * d);
  for (let row = 0; row < n; row++) {
    const offset = row * d;
    for (const j of order) {
      const node = net.nodes[j]!;
      let rowIndex = 0;
      for (const parent of node.parents)
        rowIndex = rowIndex * net.nodes[parent]!.states.length + values[offset + parent]!;
      const k = node.states.length;
      let u = rng.next();
      let state = k - 1;
      for (let s = 0; s < k; s++) {
        u -= node.cpt[rowIndex * k + s]!; // inverse CDF on the CPT row
        if (u < 0) {
          state = s;
          break;
        }
      }
      values[offset + j] = state;
    }
  }
  return { names: net.nodes.map((x) => x.name), n, d, values, levels: net.nodes.map((x) => x.states.length) };
}

export interface LinearGaussianSem {
  dag: Dag;
  /** weights[i * d + j] = w_ij for the arc i→j, else 0. */
  weights: Float64Array;
}

export function randomLinearGaussian(dag: Dag, rng: Rng): LinearGaussianSem {
  const d = dag.names.length;
  const weights = new Float64Array(d * d);
  dag.parents.forEach((ps, child) => {
    for (const parent of ps) weights[parent * d + child] = rng.uniform(0.5, 1) * (rng.next() < 0.5 ? -1 : 1);
  });
  return { dag, weights };
}

export function sampleLinearGaussian(sem: LinearGaussianSem, n: number, rng: Rng): ContinuousData {
  const d = sem.dag.names.length;
  const order = topologicalOrder(sem.dag);
  const values = new Float64Array(n * d);
  for (let row = 0; row < n; row++) {
    const offset = row * d;
    for (const j of order) {
      let x = rng.normal();
      for (const parent of sem.dag.parents[j]!) x += sem.weights[parent * d + j]! * values[offset + parent]!;
      values[offset + j] = x; // X_j = Σ_i w_ij X_i + N(0, 1)
    }
  }
  return { names: [...sem.dag.names], n, d, values };
}

// Reading data from CSV lives in data-csv.ts; re-exported for the callers that import it from here.
export { continuousFromCsv, discreteFromCsv, parseCsvMatrix } from './data-csv.js';
