// A complete Summary for claim tests: the claims read only `design`, `remedies.daggerVsBcBudget`
// and `agreement.rho` (the secondary own-expert ρ they print); everything else is filler.
import type { Summary } from '../src/summary.js';

export function summaryFixture(
  overrides: { budgetSteps?: number; bcSteps?: number; points?: number } = {},
): Summary {
  const configs = ['oracle', 'style-mix', 'noisy'];
  const ckpts = ['0.5', '1', '2', '4', 'final'];
  return {
    points: [],
    agreement: {
      nPoints: 15,
      minEpisodesPerPoint: 600,
      rho: 0.3,
      rhoCi: [0, 0.6],
      tau: 0.2,
      skippedResamples: 0,
      resamples: 1000,
      srRange: 0.3,
      accRange: 0.2,
      pairsTested: 40,
      inversions: [],
      withinConfigRho: {},
    },
    offPolicy: { tasks: [], aExp: 0, aStu: 0, delta: 0, ci: [null, null], perTask: [] },
    reasoning: { thoughtAcc: {}, drop0: 0, drop05: 0, ci0: [null, null], ci05: [null, null], srThinkAct: {} },
    remedies: {
      sr: {},
      offlineAcc: {},
      daggerVsBcBudget: {
        delta: null,
        b: 0,
        c: 0,
        pValue: 1,
        budgetSteps: overrides.budgetSteps ?? 1000,
        bcSteps: overrides.bcSteps ?? 1000,
      },
    },
    c1: { srBase: null, srOracle: null, delta: null, b: 0, c: 0, pValue: 1 },
    heldOut: {},
    design: {
      evalMode: 'think',
      correlationPoints: configs
        .flatMap((config) => ckpts.map((ckpt) => ({ config, ckpt, evalMode: 'think' })))
        .slice(0, overrides.points ?? 15),
      expertPrivileged: ['click-tab-2', 'click-collapsible-2', 'navigate-tree'],
      heldOutTasks: ['click-link'],
    },
    dataset: {
      perExpert: {},
      tasksWithNoData: {},
      prunedTargetShare: 0,
      instanceLeakage: 0,
      randomPolicySr: {},
    },
    meta: {
      chromium: 'x',
      playwright: 'y',
      backend: 'wasm',
      envStepsPerSec: 10,
      wallTimeS: 1,
      failedEpisodes: 0,
      totalEpisodes: 1,
    },
  };
}
