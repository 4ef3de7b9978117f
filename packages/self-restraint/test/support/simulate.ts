// Simulated unit tables for the claims' calibration (test/claims-calibration.test.ts): held-out
// entities of every variant with a chosen abstention rate, claims per response and precision per
// tier, and search targets with a chosen mean true utility, at the `default` run's n (3 seeds × 30
// held-out and 30 ReSearch entities per tier).
import type { Rng } from 'core-tensor';
import type { ClaimInputs } from '../../src/claims.js';
import type { HeldoutUnit, StudyUnits, TargetRow } from '../../src/units.js';

export const TIERS = ['top', 'mid', 'low', 'bottom', 'unseen'];
export const RHOS = [0.5, 0.75, 0.9];
const SEEDS = [0, 1, 2];
const PER_TIER = 30;
/**
 * Bootstrap resamples per simulated run (a run uses eval.bootstrap = 1,000). Lab's bootstrap costs
 * ≈ 14 µs per resample of 450 units before any statistic, so 1,000 resamples × 5,200 simulated runs
 * would alone exceed the file's 60 s budget; see the calibration test's header.
 */
export const BOOTSTRAP_DRAWS = 200;

/** One variant on one tier: P(abstain), mean claims per responding answer, P(claim true). */
export interface Behaviour {
  abstain: number;
  claims: number;
  precision: number;
}

export type Behaviours = Record<string, (tier: string) => Behaviour>;

/** A plausible model: precision and claims fall with the tier. */
export const typical: (tier: string) => Behaviour = (tier) => {
  const i = TIERS.indexOf(tier);
  return { abstain: 0.1, claims: 4 - 0.4 * i, precision: 0.85 - 0.15 * i };
};

export const VARIANTS = [
  'base',
  ...RHOS.map((r) => `research-sft@${r}`),
  'research-test@0.5',
  'search-sft',
  'gt-sft',
  'rtuning-sft',
  'facttune-dpo',
];

function poisson(rng: Rng, mean: number): number {
  // Knuth's method: fine for the small means here
  const limit = Math.exp(-mean);
  let k = 0;
  let product = rng.next();
  while (product > limit) {
    k += 1;
    product *= rng.next();
  }
  return k;
}

function heldoutUnit(
  rng: Rng,
  seed: number,
  variant: string,
  index: number,
  tier: string,
  b: Behaviour,
  answers: number,
): HeldoutUnit {
  const unit: HeldoutUnit = {
    seed,
    variant,
    index,
    entity: index,
    tier,
    answers,
    abstained: 0,
    trueSum: 0,
    falseSum: 0,
    responding: 0,
    respondingClaims: 0,
    scored: 0,
    factSum: 0,
  };
  for (let a = 0; a < answers; a++) {
    if (rng.bernoulli(b.abstain)) {
      unit.abstained += 1;
      continue;
    }
    const claims = poisson(rng, b.claims);
    let trueClaims = 0;
    for (let c = 0; c < claims; c++) if (rng.bernoulli(b.precision)) trueClaims += 1;
    unit.responding += 1;
    unit.respondingClaims += claims;
    unit.trueSum += trueClaims;
    unit.falseSum += claims - trueClaims;
    if (claims > 0) {
      unit.scored += 1;
      unit.factSum += trueClaims / claims;
    }
  }
  return unit;
}

/** Targets whose true utility T − F has mean `utility` (T ~ Poisson, F ~ Poisson(2)). */
function targetRow(
  rng: Rng,
  seed: number,
  variant: string,
  index: number,
  tier: string,
  utility: number,
  abstain: number,
): TargetRow {
  if (rng.bernoulli(abstain))
    return {
      seed,
      variant,
      index,
      entity: index,
      tier,
      abstained: true,
      trueClaims: 0,
      falseClaims: 0,
      q: 0,
    };
  const falseClaims = poisson(rng, 2);
  return {
    seed,
    variant,
    index,
    entity: index,
    tier,
    abstained: false,
    trueClaims: poisson(rng, Math.max(0, 2 + utility)),
    falseClaims,
    q: 1,
  };
}

export interface Scenario {
  /** The held-out variants to simulate (default: all of VARIANTS); a claim reads only a few. */
  variants?: readonly string[];
  /** Simulate the searches' targets (default true). */
  targets?: boolean;
  behaviours?: Partial<Behaviours>;
  /** Mean true utility of the targets of each search (abstentions aside). */
  targetUtility?: { research: number; search: number };
  cleanLabel?: number;
}

export function simulate(rng: Rng, scenario: Scenario): { summary: ClaimInputs; units: StudyUnits } {
  const heldout: HeldoutUnit[] = [];
  const targets: TargetRow[] = [];
  for (const seed of SEEDS) {
    for (const variant of scenario.variants ?? VARIANTS) {
      const behaviour = scenario.behaviours?.[variant] ?? typical;
      const answers = variant.startsWith('research-test') ? 1 : 4;
      let index = 0;
      for (const tier of TIERS)
        for (let e = 0; e < PER_TIER; e++)
          heldout.push(heldoutUnit(rng, seed, variant, index++, tier, behaviour(tier), answers));
    }
    if (scenario.targets === false) continue;
    const utilities = scenario.targetUtility ?? { research: 0, search: 0 };
    for (const [variant, utility] of [
      ['research@0.5', utilities.research],
      ['search', utilities.search],
    ] as const) {
      let index = 0;
      for (const tier of TIERS)
        for (let e = 0; e < PER_TIER; e++)
          targets.push(targetRow(rng, seed, variant, index++, tier, utility, tier === 'bottom' ? 0.4 : 0));
    }
  }
  const summary: ClaimInputs = {
    rho: 0.5,
    rhos: RHOS,
    tiers: TIERS,
    seenTiers: TIERS.filter((t) => t !== 'unseen'),
    cleanLabel: { value: scenario.cleanLabel ?? 0.95, perSeed: [] },
    bootstrapDraws: BOOTSTRAP_DRAWS,
    minResponding: 20,
  };
  return { summary, units: { heldout, targets } };
}
