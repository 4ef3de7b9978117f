// Aggregates PC rows over data seeds and builds the PC report tables, with the oracle-start
// numbers next to the PC-start ones (§3.5).
import type { TableRow } from 'lab';
import type { CellStats } from './cell-stats.js';
import type { FixtureRow, PcRow } from './pc-sweep.js';

export interface PcGroup {
  network: string;
  kind: string;
  test: string;
  n: number;
  alpha: number;
  datasets: number;
  ntests: number;
  edges: number;
  tp: number;
  fp: number;
  fn: number;
  f1: number;
  arrowheadPrecision: number;
  arrowheadRecall: number;
  pdagShd: number;
  classSize: number;
  /** Outputs whose relaxed PDAG has no consistent extension, and those the expert pipeline ran on. */
  invalidPdag: number;
  usable: number;
  /** How the invalid ones were made usable: 'orientation/extension' → count. */
  repairs: Record<string, number>;
  tooLarge: number;
  skeletonExact: number;
  admitsTruth: number;
  noGroundTruth: number;
  expert: {
    epsilon: number;
    eta: number;
    datasets: number;
    mecSize: number;
    shd: number;
    kept: number;
    keptBest: number;
    claimed: number;
  }[];
}

const mean = (values: number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;

/** 'orientation/extension' → count, over the outputs that needed a repair. */
function repairCounts(rows: readonly PcRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows.filter((r) => r.invalidPdag)) {
    const key = `${row.orientation}/${row.extension}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Before vs after the repair (issue 18 point 5): how many PC outputs the expert pipeline can use. */
export interface PcUsability {
  outputs: number;
  /** Usable as PC returned them (relaxed PDAG with a consistent extension, class not too large). */
  usableBefore: number;
  usableAfter: number;
  repairs: Record<string, number>;
  skeletonExact: number;
  admitsTruth: number;
}

export function pcUsability(rows: readonly PcRow[]): PcUsability {
  return {
    outputs: rows.length,
    usableBefore: rows.filter((r) => !r.invalidPdag && r.usable).length,
    usableAfter: rows.filter((r) => r.usable).length,
    repairs: repairCounts(rows),
    skeletonExact: rows.filter((r) => r.skeletonExact).length,
    admitsTruth: rows.filter((r) => r.admitsTruth).length,
  };
}

/** One line for the report and the README. */
export function usabilityText(u: PcUsability): string {
  const repairs = Object.entries(u.repairs)
    .map(([how, count]) => `${how} ${count}`)
    .join(', ');
  return `${u.usableBefore} of ${u.outputs} PC outputs are usable as returned (relaxed PDAG with a consistent extension), ${u.usableAfter} after the repair${repairs ? ` (${repairs})` : ''}; with G*'s exact skeleton: ${u.skeletonExact}; admitting G*: ${u.admitsTruth}`;
}

export function groupPcRows(rows: PcRow[]): PcGroup[] {
  const groups = new Map<string, PcRow[]>();
  for (const row of rows) {
    const key = `${row.network}/${row.kind}/${row.test}/${row.n}/${row.alpha}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const avg = (key: keyof PcRow) => mean(group.map((r) => Number(r[key])));
    const cells = new Map<string, PcRow['expert']>();
    for (const row of group)
      for (const cell of row.expert)
        cells.set(`${cell.epsilon}/${cell.eta}`, [...(cells.get(`${cell.epsilon}/${cell.eta}`) ?? []), cell]);
    return {
      network: first.network,
      kind: first.kind,
      test: first.test,
      n: first.n,
      alpha: first.alpha,
      datasets: group.length,
      ntests: avg('ntests'),
      edges: avg('edges'),
      tp: avg('tp'),
      fp: avg('fp'),
      fn: avg('fn'),
      f1: avg('f1'),
      arrowheadPrecision: avg('arrowheadPrecision'),
      arrowheadRecall: avg('arrowheadRecall'),
      pdagShd: avg('pdagShd'),
      classSize: avg('classSize'),
      invalidPdag: group.filter((r) => r.invalidPdag).length,
      usable: group.filter((r) => r.usable).length,
      repairs: repairCounts(group),
      tooLarge: group.filter((r) => r.tooLarge).length,
      skeletonExact: group.filter((r) => r.skeletonExact).length,
      admitsTruth: group.filter((r) => r.admitsTruth).length,
      noGroundTruth: avg('noGroundTruth'),
      expert: [...cells.values()].map((list) => ({
        epsilon: list[0]!.epsilon,
        eta: list[0]!.eta,
        datasets: list.length,
        mecSize: mean(list.map((c) => c.mecSize)),
        shd: mean(list.map((c) => c.shd)),
        kept: mean(list.map((c) => c.kept)),
        keptBest: mean(list.map((c) => c.keptBest)),
        claimed: mean(list.map((c) => c.claimed)),
      })),
    };
  });
}

const f = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '–');

export function pcStructureTable(groups: PcGroup[]): TableRow[] {
  return groups.map((g) => ({
    network: g.network,
    data: g.kind,
    test: g.test,
    n: g.n,
    α: g.alpha,
    datasets: g.datasets,
    ntests: f(g.ntests, 0),
    'edges (TP/FP/FN)': `${f(g.edges, 1)} (${f(g.tp, 1)}/${f(g.fp, 1)}/${f(g.fn, 1)})`,
    F1: f(g.f1, 3),
    'arrowhead P/R': `${f(g.arrowheadPrecision)}/${f(g.arrowheadRecall)}`,
    'PDAG SHD': f(g.pdagShd, 1),
    'mean |class|': f(g.classSize, 1),
    'no extension (relaxed)': g.invalidPdag,
    'repaired by': Object.entries(g.repairs)
      .map(([how, count]) => `${how} ${count}`)
      .join(', '),
    usable: `${g.usable}/${g.datasets}`,
    'too large': g.tooLarge,
    'exact skeleton': g.skeletonExact,
    'admits G*': g.admitsTruth,
  }));
}

export function pcExpertTable(groups: PcGroup[], oracle: CellStats[]): TableRow[] {
  return groups.flatMap((g) =>
    g.expert.map((cell) => {
      const fromOracle = oracle.find(
        (c) =>
          c.network === g.network &&
          c.expert === 'epsilon' &&
          c.epsilon === cell.epsilon &&
          c.eta === cell.eta &&
          c.semantics === 'corrected' &&
          c.strategy === 'risk',
      );
      return {
        network: g.network,
        data: g.kind,
        test: g.test,
        n: g.n,
        α: g.alpha,
        ε: cell.epsilon,
        η: cell.eta,
        'usable datasets': `${cell.datasets}/${g.datasets}`,
        "PC start |M'| / SHD / kept / keptBest / claimed": `${f(cell.mecSize)} / ${f(cell.shd)} / ${f(cell.kept)} / ${f(cell.keptBest)} / ${f(cell.claimed)}`,
        "oracle start |M'| / SHD / kept / claimed": fromOracle
          ? `${f(fromOracle.mecSize)} / ${f(fromOracle.shd)} / ${f(fromOracle.coverage)} / ${f(fromOracle.claimed)}`
          : '–',
      };
    }),
  );
}

export function fixtureTable(rows: FixtureRow[]): TableRow[] {
  return rows.map((r) => ({
    network: r.network,
    data: r.data,
    peer: r.peer,
    'our test': r.ourTest,
    α: r.alpha,
    'edges peer/ours': `${r.peerEdges}/${r.ourEdges}`,
    'skeleton equal': r.skeletonEqual ? 'yes' : 'no',
    'marks equal': r.marksEqual ? 'yes' : `no (${r.markDifferences} pairs differ)`,
    'ntests peer/ours': `${r.peerNtests}/${r.ourNtests}`,
    'tensor = typed': r.tensorAgrees === null ? '–' : r.tensorAgrees ? 'yes' : 'no',
    'extensions peer/ours': `${r.peerClassSize}/${r.ourClassSize}`,
    'dropped vs bnlearn mi (by n<10·df)':
      r.droppedVsBnlearn === null ? '–' : `${r.droppedVsBnlearn} (${r.droppedByRule})`,
  }));
}
