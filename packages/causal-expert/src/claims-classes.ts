// Claims on the amended classes (§9.1 C1, C2) and the invariants behind C1 and C3.
import { bootstrap, type EffectClaim, gate, type Invariant, meanOf } from 'lab';
import { bernoulliUnits, fmt } from './claim-stats.js';
import type { ClaimUnits, OracleCellUnit } from './claim-units.js';
import type { Summary } from './summary.js';

/** Reproduced-cell condition of the brief's C2 rule: mean |M'| < |MEC| and mean SHD < m. */
const shrinks = (mecSize: number, shd: number, c: OracleCellUnit) => mecSize < c.mecFull && shd < c.m;

const cellLabel = (c: OracleCellUnit) => `${c.network} ε=${c.epsilon}`;

export const c1: EffectClaim<Summary, ClaimUnits> = {
  id: 'C1',
  statement:
    'Following an imperfect expert blindly gives invalid graphs (the amended output never does: invariant C1-valid)',
  paper:
    'qualitative; not confirmed from the paper text (reference: insurance ε=0.1 naive 0.80 outside MEC, 0.54 cyclic [measured])',
  effect: {
    quantity: 'share of naive graphs outside the MEC, insurance ε = 0.1',
    unit: 'run',
    smallest: 0.5, // the brief's C1 rule: outside the MEC in ≥ 50% of insurance runs at ε = 0.1
  },
  measure(_summary, units) {
    const cell = units.naiveCells.find((n) => n.network === 'insurance' && n.epsilon === 0.1);
    const runs = cell ? bernoulliUnits(cell.outsideMec, cell.runs) : [];
    return {
      ...bootstrap(runs, (s) => meanOf(s, (x) => x), { seed: 'C1' }),
      gates: [gate('insurance-epsilon-0.1-runs', runs.length, { atLeast: 1 })],
      measured: cell
        ? `insurance ε=0.1 naive outside MEC ${fmt(cell.outsideMec)}, cyclic ${fmt(cell.cyclic)} (${cell.runs} runs)`
        : 'no insurance ε=0.1 naive cell in this run',
    };
  },
};

export const c1Valid: Invariant<Summary, ClaimUnits> = {
  id: 'C1-valid',
  statement:
    'Every member of every amended class is acyclic and Markov equivalent to G* (enumeration by construction)',
  testedBy: 'test/mec.test.ts',
  check: (summary) => {
    const invalid = summary.invalidMembers.reduce((s, r) => s + r.invalid, 0);
    return {
      holds: invalid === 0,
      measured: `${invalid} invalid members over ${summary.invalidMembers.length} networks`,
    };
  },
};

/** C2's cells: corrected S_risk, η = 0.1, ε ≤ 0.1, m ≥ 3 (the brief's rule). */
function c2Cells(units: ClaimUnits): OracleCellUnit[] {
  return units.oracleCells.filter(
    (c) =>
      c.semantics === 'corrected' && c.strategy === 'risk' && c.eta === 0.1 && c.epsilon <= 0.1 && c.m >= 3,
  );
}

/** How the tie cells read under δ / the official strict `>` and under the paper's `≥ 1 − η`. */
function tieText(ties: readonly OracleCellUnit[], decided: readonly OracleCellUnit[]): string {
  if (ties.length === 0) return 'no tie cells';
  const strict = ties.filter((c) => shrinks(c.mecSize, c.shd, c)).length;
  const atLeast = ties.filter((c) => shrinks(c.mecSizeAtLeast, c.shdAtLeast, c)).length;
  const decidedShrink = decided.filter((c) => shrinks(c.mecSize, c.shd, c)).length === decided.length;
  const everyCell = (n: number) => (decidedShrink && n === ties.length ? 'reproduced' : 'not reproduced');
  const list = ties.map((c) => `${cellLabel(c)} (${c.tieRuns}/${c.runs} runs)`).join(', ');
  return (
    `tie cells, where a candidate's posterior at exactly 1 − η decides a run: ${list}. ` +
    `They shrink in ${strict}/${ties.length} under δ and under the official strict > (q = 1 − η is not > 1 − η) ` +
    `and in ${atLeast}/${ties.length} under the paper's ≥ 1 − η; with them, the brief's every-cell rule reads ` +
    `${everyCell(strict)} under > and ${everyCell(atLeast)} under ≥`
  );
}

export const c2: EffectClaim<Summary, ClaimUnits> = {
  id: 'C2',
  statement: 'Expert answers shrink the class beyond the MEC',
  paper: 'not confirmed from the paper text',
  effect: {
    quantity:
      "min(1 − |M'|/|MEC|, 1 − SHD/m) per cell, corrected S_risk, η = 0.1, ε ≤ 0.1, m ≥ 3; tie cells set apart",
    unit: 'cell',
    smallest: 0.1, // [ours] a tenth of the class (and of the undecided edges) removed
  },
  measure(_summary, units) {
    const cells = c2Cells(units);
    const ties = cells.filter((c) => c.tieChecked && c.tieRuns > 0);
    const decided = cells.filter((c) => !ties.includes(c));
    const value = (c: OracleCellUnit) => Math.min(1 - c.mecSize / c.mecFull, 1 - c.shd / c.m);
    const shrinking = decided.filter((c) => shrinks(c.mecSize, c.shd, c));
    const failing = decided.filter((c) => !shrinking.includes(c)).map(cellLabel);
    const unchecked = cells.some((c) => !c.tieChecked) ? ' (ties not checked in this run)' : '';
    return {
      ...bootstrap(decided, (s) => meanOf(s, value), { seed: 'C2' }),
      gates: [gate('decided-cells', decided.length, { atLeast: 3 })],
      measured: `${shrinking.length}/${decided.length} decided cells shrink (mean |M'|/|MEC| ${fmt(meanOf(decided, (c) => c.mecSize / c.mecFull))})${failing.length ? `; not: ${failing.join(', ')}` : ''}${unchecked}; ${tieText(ties, decided)}`,
    };
  },
};

export const c3: Invariant<Summary, ClaimUnits> = {
  id: 'C3',
  statement:
    "Larger tolerance gives smaller classes and a lower chance of keeping G* (corrected S_risk: M'(η) is nested in η by construction)",
  testedBy: 'test/greedy.test.ts',
  check: (_summary, units) => {
    const curves = new Map<string, OracleCellUnit[]>();
    for (const c of units.oracleCells.filter((c) => c.semantics === 'corrected' && c.strategy === 'risk')) {
      const key = `${c.network}/${c.epsilon}`;
      curves.set(key, [...(curves.get(key) ?? []), c]);
    }
    const broken = [...curves.entries()].filter(([, curve]) => {
      const sorted = [...curve].sort((a, b) => a.eta - b.eta);
      return sorted.some(
        (c, i) =>
          i > 0 &&
          (c.mecSize > sorted[i - 1]!.mecSize + 1e-12 || c.coverage > sorted[i - 1]!.coverage + 1e-12),
      );
    });
    return {
      holds: broken.length === 0,
      measured: `${curves.size - broken.length}/${curves.size} (net, ε) curves with |M'| and coverage non-increasing in η${broken.length ? `; broken: ${broken.map(([k]) => k).join(', ')}` : ''}`,
    };
  },
};
