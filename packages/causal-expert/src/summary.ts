// The run's summary (what summary.json holds and the claims read).
import type { CalibrationReport } from './calibration.js';
import type { CellStats } from './cell-stats.js';
import type { LlmNetworkResult } from './llm-run.js';
import type { NotearsRow } from './notears-sweep.js';
import type { NaiveStats } from './oracle-sweep.js';
import type { PcGroup, PcUsability } from './pc-summary.js';
import type { FixtureRow, PcRow } from './pc-sweep.js';

export interface ReplaySummary {
  engine: string;
  cells: CellStats[];
  naive: NaiveStats;
  calibration: CalibrationReport;
}

export interface Summary {
  backend: string;
  oracle: CellStats[];
  naive: NaiveStats[];
  bayes: CellStats[];
  /** §9.2 cells re-run at referenceSeeds seeds (empty when off). */
  reference: CellStats[];
  invalidMembers: { network: string; invalid: number }[];
  temperatures: { network: string; medianTemperature: number | null }[];
  replay: ReplaySummary[];
  pc: { rows: PcRow[]; groups: PcGroup[]; fixtures: FixtureRow[]; usability: PcUsability };
  notears: NotearsRow[];
  llm: LlmNetworkResult[];
}
