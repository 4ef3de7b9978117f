// The column-store metrics of a resample (src/metrics.ts) against the reference: evaluate.ts's
// aggregate / tierTable on the picked units, on simulated tables and random resamples.
import { Rng } from 'core-tensor';
import { describe, expect, test } from 'vitest';
import { aggregate, type MetricName, metricValue, tierTable } from '../src/evaluate.js';
import { metricsOf, pickTargets, pickUnits, targetUtility } from '../src/metrics.js';
import { unitsOf } from '../src/stats.js';
import { seedUnitsOf } from '../src/units.js';
import { RHOS, simulate, TIERS } from './support/simulate.js';

const NAMES: MetricName[] = [
  'abstain',
  'trueClaims',
  'falseClaims',
  'claimsPerResponse',
  'factscore',
  'microPrecision',
  'answers',
  'responding',
  'utility@0.5',
  'utility@0.9',
  'utility@0.6',
];

describe('metricsOf', () => {
  test('equals aggregate / tierTable on the picked units, for every metric and tier set', () => {
    const rng = new Rng('metrics-test');
    const { units } = simulate(rng.split('tables'), {});
    const seeds = seedUnitsOf(units);
    const seen = TIERS.filter((t) => t !== 'unseen');
    const rhos = [0.5, ...RHOS.filter((r) => r !== 0.5)];
    const m = metricsOf(seeds, TIERS, seen, rhos);
    const all = unitsOf(seeds.map((s) => s.tiersHeldout));
    for (let r = 0; r < 5; r++) {
      // a resample with repeats, and one seed dropped (a variant a seed lacks contributes nothing)
      const draw = new Rng(`draw${r}`);
      const sample = all.map(() => all[draw.int(all.length)]!).filter((u) => r !== 4 || u.seedIndex !== 1);
      for (const variant of ['base', 'research-sft@0.5', 'research-test@0.5']) {
        const picked = pickUnits(seeds, variant, sample);
        const table = tierTable(picked, TIERS, seen, rhos);
        for (const name of NAMES) {
          const check = (got: number, want: number) =>
            Number.isNaN(want) ? expect(got).toBeNaN() : expect(got).toBeCloseTo(want, 10);
          check(m.metric(variant, 'overall', name)(sample), metricValue(table.overall!, name));
          check(m.metric(variant, 'bottom', name)(sample), metricValue(table.bottom!, name));
          const set = ['bottom', 'unseen'];
          const pooled = aggregate(
            picked.filter((u) => set.includes(u.tier)),
            rhos,
          );
          check(m.metric(variant, set, name)(sample), metricValue(pooled, name));
        }
      }
      const targets = pickTargets(seeds, 'search', sample);
      const mean = targets.reduce((s, t) => s + targetUtility(t), 0) / targets.length;
      expect(m.targetMean('search')(sample)).toBeCloseTo(mean, 10);
      expect(m.targetMean('missing')(sample)).toBeNaN();
    }
  });
});
