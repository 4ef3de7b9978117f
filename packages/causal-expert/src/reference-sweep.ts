// The brief's §9.2 reference sweep [measured by an independent re-implementation, 2000 seeds],
// compared with this run's cells: a cell agrees when |ours − reference| ≤ 3·√(SE_ours² + SE_ref²),
// SE_ref = SE_ours·√(seeds/2000) (the brief's acceptance rule #6, at our seed count).
import type { TableRow } from 'lab';
import type { CellStats } from './cell-stats.js';

type Triple = [number, number, number]; // |M'|, SHD, coverage
const columns = [
  ['official-2024', 'risk'],
  ['paper-2023', 'risk'],
  ['corrected-product', 'risk'],
  ['corrected-product', 'size'],
  ['corrected', 'risk'],
  ['corrected', 'size'],
] as const;

/** §9.2 at η = 0.1: [network, ε, six columns]. */
export const referenceSweep: [string, number, Triple, Triple, Triple, Triple, Triple, Triple][] = [
  [
    'asia',
    0.05,
    [4.0, 2.0, 1.0],
    [3.06, 2.0, 1.0],
    [3.78, 1.9, 0.996],
    [2.89, 2.05, 0.841],
    [1.9, 1.06, 0.841],
    [1.9, 1.06, 0.841],
  ],
  [
    'asia',
    0.1,
    [4.01, 2.01, 1.0],
    [4.01, 2.01, 1.0],
    [4.01, 2.01, 1.0],
    [4.01, 2.01, 1.0],
    [4.01, 2.01, 1.0],
    [4.01, 2.01, 1.0],
  ],
  [
    'sachs',
    0.05,
    [31.26, 7.29, 1.0],
    [96.58, 11.01, 1.0],
    [34.18, 6.97, 0.969],
    [88.48, 10.82, 0.882],
    [26.04, 5.92, 0.932],
    [32.28, 8.61, 0.839],
  ],
  [
    'sachs',
    0.1,
    [120.21, 10.03, 1.0],
    [267.89, 16.0, 1.0],
    [101.06, 9.42, 0.96],
    [82.58, 10.74, 0.928],
    [42.91, 7.33, 0.923],
    [45.99, 7.76, 0.913],
  ],
  [
    'child',
    0.05,
    [4.48, 2.32, 1.0],
    [2.39, 1.39, 1.0],
    [4.81, 2.56, 0.972],
    [4.95, 3.99, 0.962],
    [3.0, 1.76, 0.927],
    [2.92, 1.97, 0.958],
  ],
  [
    'child',
    0.1,
    [10.52, 5.31, 1.0],
    [10.52, 5.37, 1.0],
    [10.19, 5.18, 0.941],
    [10.7, 6.17, 0.951],
    [6.5, 3.38, 0.93],
    [6.31, 3.42, 0.919],
  ],
  [
    'child',
    0.3,
    [19.81, 9.94, 1.0],
    [20.36, 10.28, 1.0],
    [19.23, 9.85, 0.877],
    [19.07, 9.66, 0.961],
    [17.36, 8.92, 0.818],
    [17.56, 9.0, 0.903],
  ],
  [
    'insurance',
    0.05,
    [3.46, 2.24, 1.0],
    [13.12, 8.21, 1.0],
    [5.63, 3.41, 0.976],
    [11.97, 7.57, 0.94],
    [4.59, 2.87, 0.936],
    [4.27, 3.03, 0.923],
  ],
  [
    'insurance',
    0.1,
    [10.53, 5.83, 1.0],
    [23.48, 13.34, 1.0],
    [12.69, 6.66, 0.961],
    [15.24, 8.84, 0.929],
    [7.9, 4.83, 0.92],
    [9.13, 5.74, 0.891],
  ],
  [
    'insurance',
    0.3,
    [33.39, 15.13, 1.0],
    [34.1, 16.54, 1.0],
    [31.84, 14.45, 0.996],
    [32.07, 15.45, 0.924],
    [26.47, 12.35, 0.972],
    [27.52, 13.61, 0.921],
  ],
  [
    'alarm',
    0.05,
    [8.0, 3.0, 1.0],
    [8.0, 3.0, 1.0],
    [8.0, 3.06, 0.943],
    [8.0, 3.06, 0.943],
    [4.0, 2.12, 0.887],
    [4.0, 2.12, 0.887],
  ],
  [
    'hailfinder',
    0.05,
    [10.0, 9.0, 1.0],
    [1.51, 0.51, 1.0],
    [7.62, 6.68, 0.943],
    [3.81, 2.89, 0.943],
    [2.71, 1.79, 0.943],
    [2.71, 1.79, 0.943],
  ],
  [
    'hailfinder',
    0.3,
    [17.0, 16.0, 1.0],
    [17.0, 16.0, 1.0],
    [15.98, 15.29, 0.696],
    [15.98, 15.29, 0.696],
    [14.06, 13.37, 0.696],
    [14.06, 13.37, 0.696],
  ],
];

export interface ReferenceComparison {
  compared: number;
  agree: number;
  rows: TableRow[];
}

export function compareWithReference(cells: CellStats[], referenceSeeds = 2000): ReferenceComparison {
  const rows: TableRow[] = [];
  let compared = 0;
  let agree = 0;
  for (const [network, epsilon, ...triples] of referenceSweep) {
    columns.forEach(([semantics, strategy], i) => {
      const cell = cells.find(
        (c) =>
          c.expert === 'epsilon' &&
          c.truth === 'fixed' &&
          c.network === network &&
          c.epsilon === epsilon &&
          c.eta === 0.1 &&
          c.semantics === semantics &&
          c.strategy === strategy,
      );
      if (!cell) return;
      const [size, shd, coverage] = triples[i]!;
      const inflate = Math.sqrt(1 + cell.runs / referenceSeeds);
      const coverageSe = Math.max(cell.coverageSe, Math.sqrt((coverage * (1 - coverage)) / cell.runs));
      const checks = [
        Math.abs(cell.mecSize - size) <= 3 * inflate * cell.mecSizeSe + 1e-9,
        Math.abs(cell.shd - shd) <= 3 * inflate * cell.shdSe + 1e-9,
        Math.abs(cell.coverage - coverage) <= 3 * inflate * coverageSe + 1e-9,
      ];
      const ok = checks.every(Boolean);
      compared++;
      if (ok) agree++;
      rows.push({
        network,
        ε: epsilon,
        column: `${strategy === 'risk' ? 'S_risk' : 'S_size'} ${semantics}`,
        "ours |M'| / SHD / coverage": `${cell.mecSize.toFixed(2)} / ${cell.shd.toFixed(2)} / ${cell.coverage.toFixed(3)}`,
        'brief [measured]': `${size} / ${shd} / ${coverage}`,
        'within 3·SE': ok
          ? 'yes'
          : `no (${["|M'|", 'SHD', 'coverage'].filter((_, k) => !checks[k]).join(', ')})`,
      });
    });
  }
  return { compared, agree, rows };
}
