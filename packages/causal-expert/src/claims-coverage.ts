// Claims on the coverage promise P(G* ∈ M') ≥ 1 − η (§9.1 C4a, C4b, C4c). The promise is about
// every cell, so the effect is the worst cell's margin above 1 − η, plus a tolerance τ: a cell
// less than τ below the promise still counts as keeping it. With δ = τ/2 the rule reads:
// reproduced when the worst cell is at most τ/2 below 1 − η and its simultaneous interval at most
// τ below; not reproduced when some cell is confidently more than τ/2 below.
import { type EffectClaim, gate } from 'lab';
import { type CoverageCell, fmt, promiseMargin } from './claim-stats.js';
import type { ClaimUnits } from './claim-units.js';
import type { Summary } from './summary.js';

/**
 * τ [ours]: at 200 seeds a cell's simultaneous interval (Bonferroni over the ~250 cells of the
 * default grid) is ±0.08 at coverage 0.9 and ±0.13 at 0.5, so with a smaller tolerance the rule
 * has too little power to say "reproduced" when the worst cell sits exactly at 1 − η (the
 * calibration test, test/claims-calibration.test.ts).
 */
export const coverageTolerance = 0.2;

interface LabelledCell extends CoverageCell {
  network: string;
  epsilon: number;
  strategy: string;
  claimed: number;
}

const label = (c: LabelledCell) => `${c.network} ε=${c.epsilon} η=${c.eta} ${c.strategy}`;

function measurePromise(cells: readonly LabelledCell[], what: string) {
  const margin = promiseMargin(cells);
  const worst = margin.worst;
  return {
    estimate: margin.estimate + coverageTolerance,
    ci: [margin.ci[0] + coverageTolerance, margin.ci[1] + coverageTolerance] as [number, number],
    n: cells.length,
    text: worst
      ? `${margin.holding}/${cells.length} ${what} cells at or above 1 − η; worst ${label(worst)}: coverage ${fmt(worst.coverage)} vs 1 − η = ${fmt(1 - worst.eta, 2)} (margin ${fmt(margin.estimate)}, simultaneous 95% interval [${fmt(margin.ci[0])}, ${fmt(margin.ci[1])}])`
      : `no ${what} cells in this run`,
  };
}

const promiseEffect = (setting: string) => ({
  quantity: `min over ${setting} cells of coverage − (1 − η), + τ = ${coverageTolerance}`,
  unit: 'cell',
  smallest: coverageTolerance / 2,
});

function epsilonCells(units: ClaimUnits, semantics: string): LabelledCell[] {
  return units.oracleCells.filter((c) => c.semantics === semantics && c.strategy === 'risk' && c.m > 0);
}

export const c4a: EffectClaim<Summary, ClaimUnits> = {
  id: 'C4a',
  statement: 'G* is kept with probability ≥ 1 − η (official-2024, S_risk)',
  paper: 'not confirmed from the paper text; expected ≈ 1.00 at η ≤ 0.3, an artefact of the truth-keyed leak',
  effect: promiseEffect('official-2024 S_risk'),
  measure(_summary, units) {
    const { text, ...effect } = measurePromise(epsilonCells(units, 'official-2024'), 'official-2024 S_risk');
    return {
      ...effect,
      measured: `${text} (truth-keyed likelihood: the posterior ignores the answers, so this is the leak)`,
    };
  },
};

export const c4b: EffectClaim<Summary, ClaimUnits> = {
  id: 'C4b',
  statement: 'Same promise with the correct likelihood and the fixed benchmark G* [ours]',
  paper: '– (expected not reproduced: hailfinder ε=0.3 η=0.1 gives 0.696 [measured])',
  effect: promiseEffect('corrected S_risk'),
  measure(_summary, units) {
    const { text, ...effect } = measurePromise(epsilonCells(units, 'corrected'), 'corrected S_risk');
    return { ...effect, measured: text };
  },
};

export const c4c: EffectClaim<Summary, ClaimUnits> = {
  id: 'C4c',
  statement: 'Same promise in its Bayesian sense (G* ~ uniform on the MEC) [ours]',
  paper: '– (expected reproduced, 48/48 cells [measured])',
  effect: promiseEffect('corrected Bayes (both strategies)'),
  measure(_summary, units) {
    const cells = units.bayesCells.filter((c) => c.semantics === 'corrected');
    const { text, ...effect } = measurePromise(cells, 'corrected Bayes');
    // The brief's second condition: the exact confidence is the posterior mass, so in the Bayesian
    // sense coverage and claimed agree within 4 SE in every cell (SE of a coverage equal to the
    // claimed value); if not, the confidence is miscomputed and the promise is not tested.
    const gapInSe = cells.map(
      (c) =>
        Math.abs(c.coverage - c.claimed) / Math.max(Math.sqrt((c.claimed * (1 - c.claimed)) / c.runs), 1e-9),
    );
    const product = units.bayesCells.filter((c) => c.semantics === 'corrected-product');
    const productGap = product.length
      ? product.reduce((s, c) => s + c.claimed - c.coverage, 0) / product.length
      : Number.NaN;
    return {
      ...effect,
      gates: [gate('claimed-matches-coverage (max |gap|/SE)', Math.max(...gapInSe), { atMost: 4 })],
      measured: `${text}; product mode mean gap claimed − coverage ${fmt(productGap)} (conservative, not tested)`,
    };
  },
};
