import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import { chiSquareUpper } from '../src/chi-square.js';
import { dagFromBayesNet } from '../src/graph.js';
import { dataDir, loadNetwork } from '../src/oracle.js';
import {
  discreteFromCsv,
  randomLinearGaussian,
  sampleDiscrete,
  sampleLinearGaussian,
} from '../src/sampler.js';

describe('forward sampling', () => {
  test('asia, n = 1e5: every conditional frequency is within 4 SE of its CPT entry', () => {
    const net = loadNetwork('asia');
    const data = sampleDiscrete(net, 100_000, new Rng('asia-sampler'));
    const asiaYes = Array.from({ length: data.n }, (_, r) => data.values[r * data.d]).filter(
      (v) => v === 0,
    ).length;
    expect(Math.abs(asiaYes - 1000)).toBeLessThan(126); // 1000 ± 126 (§10 #3)
    for (const [j, node] of net.nodes.entries()) {
      const k = node.states.length;
      const rows = node.cpt.length / k;
      for (let row = 0; row < rows; row++) {
        const matches: number[] = [];
        for (let r = 0; r < data.n; r++) {
          let index = 0;
          for (const p of node.parents)
            index = index * net.nodes[p]!.states.length + data.values[r * data.d + p]!;
          if (index === row) matches.push(data.values[r * data.d + j]!);
        }
        if (matches.length < 30) continue;
        for (let s = 0; s < k; s++) {
          const p = node.cpt[row * k + s]!;
          const observed = matches.filter((v) => v === s).length / matches.length;
          const se = Math.sqrt((p * (1 - p)) / matches.length);
          expect(Math.abs(observed - p)).toBeLessThanOrEqual(4 * se + 1e-12);
        }
      }
    }
  });

  test.each(['asia', 'sachs', 'child'])(
    '%s, n = 5000: marginals pass a chi-square homogeneity test against the fixture CSV',
    (name) => {
      const net = loadNetwork(name);
      const ours = sampleDiscrete(net, 5000, new Rng(`homogeneity/${name}`));
      const theirs = discreteFromCsv(
        readFileSync(join(dataDir, 'peer-fixtures', `${name}_discrete_n5000_seed20231.csv`), 'utf8'),
      );
      expect(theirs.names).toEqual(ours.names);
      for (let j = 0; j < ours.d; j++) {
        const k = net.nodes[j]!.states.length;
        const a = new Array<number>(k).fill(0);
        const b = new Array<number>(k).fill(0);
        for (let r = 0; r < 5000; r++) {
          a[ours.values[r * ours.d + j]!]!++;
          b[theirs.values[r * theirs.d + j]!]!++;
        }
        let x2 = 0;
        let df = -1;
        for (let s = 0; s < k; s++) {
          const total = a[s]! + b[s]!;
          if (total === 0) continue;
          df++;
          for (const count of [a[s]!, b[s]!]) x2 += (count - total / 2) ** 2 / (total / 2);
        }
        if (df > 0) expect(chiSquareUpper(x2, df), `${name}.${net.nodes[j]!.name}`).toBeGreaterThan(0.001);
      }
    },
  );

  test('linear-Gaussian: |w| in [0.5, 1] and the sample variance of a root is ≈ 1', () => {
    const dag = dagFromBayesNet(loadNetwork('child'));
    const rng = new Rng('sem');
    const sem = randomLinearGaussian(dag, rng.split('w'));
    for (const w of sem.weights) if (w !== 0) expect(Math.abs(w)).toBeGreaterThanOrEqual(0.5);
    const data = sampleLinearGaussian(sem, 20_000, rng.split('rows'));
    const root = dag.parents.findIndex((ps) => ps.length === 0);
    let sum = 0;
    let sq = 0;
    for (let r = 0; r < data.n; r++) {
      const v = data.values[r * data.d + root]!;
      sum += v;
      sq += v * v;
    }
    expect(sq / data.n - (sum / data.n) ** 2).toBeCloseTo(1, 1);
  });

  test('bad sample size is rejected', () => {
    expect(() => sampleDiscrete(loadNetwork('asia'), 0, new Rng(1))).toThrow(/sample size 0 is invalid/);
  });
});
