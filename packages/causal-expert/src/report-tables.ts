// Report tables shaped like the brief's §9 tables, built from the summary's cells.
import type { TableRow } from 'lab';
import type { CalibrationReport } from './calibration.js';
import type { CellStats } from './cell-stats.js';
import type { LlmNetworkResult } from './llm-run.js';
import type { NaiveStats } from './oracle-sweep.js';
import type { ReplaySummary } from './summary.js';

const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);
const triple = (c: CellStats | undefined) =>
  c ? `${f2(c.mecSize)} / ${f2(c.shd)} / ${f3(c.coverage)}` : '–';

function find(
  cells: CellStats[],
  network: string,
  epsilon: number | null,
  eta: number,
  semantics: string,
  strategy: string,
) {
  return cells.find(
    (c) =>
      c.network === network &&
      c.epsilon === epsilon &&
      c.eta === eta &&
      c.semantics === semantics &&
      c.strategy === strategy,
  );
}

/** §9.2's main table: each cell |M'| / SHD / coverage at one η. */
export function sweepTable(cells: CellStats[], eta: number): TableRow[] {
  const epsilonCells = cells.filter((c) => c.expert === 'epsilon' && c.eta === eta);
  const keys = [...new Map(epsilonCells.map((c) => [`${c.network}/${c.epsilon}`, c])).values()];
  return keys.map((k) => ({
    'net (|MEC|, m)': `${k.network} (${k.mecFull}, ${k.m})`,
    ε: k.epsilon ?? '–',
    'S_risk official-24': triple(find(cells, k.network, k.epsilon, eta, 'official-2024', 'risk')),
    'S_risk paper-23': triple(find(cells, k.network, k.epsilon, eta, 'paper-2023', 'risk')),
    'S_risk corr-prod': triple(find(cells, k.network, k.epsilon, eta, 'corrected-product', 'risk')),
    'S_size corr-prod': triple(find(cells, k.network, k.epsilon, eta, 'corrected-product', 'size')),
    'S_risk exact': triple(find(cells, k.network, k.epsilon, eta, 'corrected', 'risk')),
    'S_size exact': triple(find(cells, k.network, k.epsilon, eta, 'corrected', 'size')),
  }));
}

export function naiveTable(naive: NaiveStats[]): TableRow[] {
  return naive.map((n) => ({
    network: n.network,
    expert: n.expert,
    ε: n.epsilon ?? '–',
    runs: n.runs,
    'SHD (wrong answers)': `${f2(n.shd)} ± ${f2(n.shdSe)}`,
    'outside MEC': f3(n.outsideMec),
    cyclic: f3(n.cyclic),
    'all right': f3(n.allRight),
  }));
}

/** Any list of cells, one row each: |M'|, SHD, coverage ± SE, claimed, gap. */
export function cellTable(cells: CellStats[]): TableRow[] {
  return cells.map((c) => ({
    network: c.network,
    expert: c.expert,
    ε: c.epsilon ?? '–',
    η: c.eta,
    strategy: c.strategy,
    semantics: c.semantics,
    runs: c.runs,
    "|M'|": `${f2(c.mecSize)} ± ${f2(c.mecSizeSe)}`,
    SHD: `${f2(c.shd)} ± ${f2(c.shdSe)}`,
    coverage: `${f3(c.coverage)} ± ${f3(c.coverageSe)}`,
    claimed: f3(c.claimed),
    gap: f3(c.gap),
  }));
}

/** §9.4's shape: per engine, naive wrong answers then |M'| / SHD / kept / claimed per (strategy, η). */
export function replayTable(replay: ReplaySummary[]): TableRow[] {
  return replay.flatMap((r) =>
    r.cells
      .filter((c) => c.semantics === 'corrected')
      .map((c) => ({
        engine: r.engine,
        'naive wrong / 18': f2(r.naive.shd),
        'naive cyclic': f3(r.naive.cyclic),
        'naive outside MEC': f3(r.naive.outsideMec),
        strategy: c.strategy,
        η: c.eta,
        "|M'| / SHD / kept / claimed": `${f2(c.mecSize)} / ${f2(c.shd)} / ${f2(c.coverage)} / ${f2(c.claimed)}`,
      })),
  );
}

export function calibrationTable(calibration: CalibrationReport): TableRow[] {
  return [
    ...calibration.reliability.map((row) => ({
      bin: row.bin,
      answers: row.answers,
      'mean confidence': row.meanConfidence === null ? '–' : f3(row.meanConfidence),
      accuracy: row.accuracy === null ? '–' : f3(row.accuracy),
    })),
    {
      bin: 'all',
      answers: calibration.answers,
      'mean confidence': `ECE ${f3(calibration.ece)}, Brier ${f3(calibration.brier)}, NLL ${f3(calibration.nll)}`,
      accuracy: f3(calibration.accuracy),
    },
  ];
}

/** The LLM expert's cells: means over its runs (one verb draw per edge per run). */
export function llmCellTable(result: LlmNetworkResult): TableRow[] {
  return result.cells.map((c) => ({
    strategy: c.strategy,
    η: c.eta,
    runs: result.runs,
    "|M'|": f2(c.mecSize),
    SHD: f2(c.shd),
    'G* kept': f2(c.kept),
    confidence: f3(c.confidence),
  }));
}

export function reliabilityTable(replay: ReplaySummary[]): TableRow[] {
  return replay.flatMap((r) => [
    ...r.calibration.reliability.map((row) => ({
      engine: r.engine,
      bin: row.bin,
      answers: row.answers,
      'mean confidence': row.meanConfidence === null ? '–' : f3(row.meanConfidence),
      accuracy: row.accuracy === null ? '–' : f3(row.accuracy),
    })),
    {
      engine: r.engine,
      bin: 'all',
      answers: r.calibration.answers,
      'mean confidence': `ECE ${f3(r.calibration.ece)}, Brier ${f3(r.calibration.brier)}, NLL ${f3(r.calibration.nll)}`,
      accuracy: f3(r.calibration.accuracy),
    },
  ]);
}
