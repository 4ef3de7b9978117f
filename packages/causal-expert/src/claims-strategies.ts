// Claim C5 (§9.1): "S_size gives smaller classes; S_risk keeps G* more often", as two effects, each
// over the cells where the two strategies differ in that quantity (corrected-product, η = 0.1).
// A cell where both strategies make the same choices in every run says nothing about either half.
import { bootstrap, type EffectClaim, gate, meanOf } from 'lab';
import { fmt } from './claim-stats.js';
import type { ClaimUnits, OracleCellUnit } from './claim-units.js';
import type { Summary } from './summary.js';

interface StrategyPair {
  risk: OracleCellUnit;
  size: OracleCellUnit;
}

function strategyPairs(units: ClaimUnits): StrategyPair[] {
  const cells = units.oracleCells.filter(
    (c) => c.semantics === 'corrected-product' && c.eta === 0.1 && c.m > 0,
  );
  return cells
    .filter((c) => c.strategy === 'risk')
    .flatMap((risk) => {
      const size = cells.find(
        (c) => c.strategy === 'size' && c.network === risk.network && c.epsilon === risk.epsilon,
      );
      return size ? [{ risk, size }] : [];
    });
}

const label = ({ risk }: StrategyPair) => `${risk.network} ε=${risk.epsilon}`;

export const c5Size: EffectClaim<Summary, ClaimUnits> = {
  id: 'C5-size',
  statement: 'S_size gives smaller classes than S_risk',
  paper: 'not confirmed from the paper text (official README intent)',
  effect: {
    quantity:
      "(|M'|(S_risk) − |M'|(S_size)) / |MEC| per cell where the two differ, corrected-product, η = 0.1",
    unit: 'cell',
    smallest: 0.05, // [ours] 5% of the MEC
  },
  measure(_summary, units) {
    const pairs = strategyPairs(units);
    const differ = pairs.filter((p) => p.risk.mecSize !== p.size.mecSize);
    const smaller = differ.filter((p) => p.size.mecSize < p.risk.mecSize).map(label);
    const larger = differ.filter((p) => p.size.mecSize > p.risk.mecSize).map(label);
    return {
      ...bootstrap(differ, (s) => meanOf(s, (p) => (p.risk.mecSize - p.size.mecSize) / p.risk.mecFull), {
        seed: 'C5-size',
      }),
      gates: [gate('differing-cells', differ.length, { atLeast: 3 })],
      measured: `|M'| differs in ${differ.length}/${pairs.length} cells (${pairs.length - differ.length} ties left out): S_size smaller in ${smaller.length}, larger in ${larger.length}${larger.length ? ` (${larger.join(', ')})` : ''}`,
    };
  },
};

export const c5Risk: EffectClaim<Summary, ClaimUnits> = {
  id: 'C5-risk',
  statement: 'S_risk keeps G* more often than S_size',
  paper: 'not confirmed from the paper text (official README intent)',
  effect: {
    quantity: 'coverage(S_risk) − coverage(S_size) per cell where the two differ, corrected-product, η = 0.1',
    unit: 'cell',
    smallest: 0.02, // [ours] two percentage points of coverage
  },
  measure(_summary, units) {
    const pairs = strategyPairs(units);
    const differ = pairs.filter((p) => p.risk.coverage !== p.size.coverage);
    const higher = differ.filter((p) => p.risk.coverage > p.size.coverage).length;
    return {
      ...bootstrap(differ, (s) => meanOf(s, (p) => p.risk.coverage - p.size.coverage), { seed: 'C5-risk' }),
      gates: [gate('differing-cells', differ.length, { atLeast: 3 })],
      measured: `coverage differs in ${differ.length}/${pairs.length} cells (${pairs.length - differ.length} ties left out): S_risk higher in ${higher}, lower in ${differ.length - higher}; mean difference ${fmt(meanOf(differ, (p) => p.risk.coverage - p.size.coverage))}`,
    };
  },
};
