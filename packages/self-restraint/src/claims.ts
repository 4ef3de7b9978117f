// The paper's claims (brief §7) under lab's contract: each declares its effect (quantity, unit, δ)
// and measures it on the unit tables as read back from disk (src/units.ts), with lab's bootstrap
// over held-out entities (or search targets) resampled within seed × tier and paired across
// variants. Every claim about a fine-tuned model carries the `clean-label` gate (issue 15): if
// oracle-selective labels cannot be learned, a fine-tuned model's abstention cannot be read as
// learned self-restraint, so the claim is inconclusive whatever its estimate.
import { type EffectClaim, type GateResult, gate, type Measurement } from 'lab';
import { CLEAN_LABEL_MIN_AUROC, type CleanLabelGate } from './cleanLabelGate.js';
import { type Metrics, metricsOf, type Sample } from './metrics.js';
import { type Estimate, estimateOf, type PairedUnit, unitsOf } from './stats.js';
import { type SeedUnits, type StudyUnits, seedUnitsOf } from './units.js';

/** What the claims read of the summary (summary.json). */
export interface ClaimInputs {
  rho: number;
  rhos: number[];
  tiers: string[];
  seenTiers: string[];
  cleanLabel: CleanLabelGate;
  bootstrapDraws: number;
  minResponding: number;
}

/** The search gain U(research-test) − U(base) below which `amortised` has nothing to amortise. */
export const MIN_SEARCH_GAIN = 0.05;

interface Context {
  seeds: SeedUnits[];
  m: Metrics;
  heldout: PairedUnit[];
  targets: PairedUnit[];
  top: string;
  bottom: string;
  unknown: string[];
  rs: string;
  est: (stat: (s: Sample) => number, label: string, units?: PairedUnit[]) => Estimate;
}

function contextOf(summary: ClaimInputs, units: StudyUnits): Context {
  const seeds = seedUnitsOf(units);
  const { tiers } = summary;
  const heldout = unitsOf(seeds.map((s) => s.tiersHeldout));
  const est = (stat: (s: Sample) => number, label: string, list: PairedUnit[] = heldout) =>
    estimateOf(list, stat, summary.bootstrapDraws, label);
  return {
    seeds,
    m: metricsOf(seeds, tiers, summary.seenTiers, [...new Set([0.5, ...summary.rhos])]),
    heldout,
    targets: unitsOf(seeds.map((s) => s.tiersResearch)),
    top: tiers[0]!,
    bottom: tiers.includes('bottom') ? 'bottom' : tiers[tiers.length - 2]!,
    unknown: tiers.filter((t) => t === 'bottom' || t === 'unseen'),
    rs: `research-sft@${summary.rho}`,
    est,
  };
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const perSeed = (e: Estimate) => `per seed ${e.perSeed.map(f3).join(' / ')}`;

function cleanLabelGate(summary: ClaimInputs): GateResult {
  // summary.json stores an unmeasured value (NaN) as null: it fails the gate either way
  return gate('clean-label', summary.cleanLabel.value ?? Number.NaN, { atLeast: CLEAN_LABEL_MIN_AUROC });
}

function measurement(e: Estimate, n: number, gates: GateResult[], measured: string): Measurement {
  return { estimate: e.value, ci: [e.lo, e.hi], n, gates, measured: `${measured}; ${perSeed(e)}` };
}

type StudyClaim = EffectClaim<ClaimInputs, StudyUnits>;

const heldoutUnit = 'held-out entity (resampled within seed × tier, paired across variants)';

export const fewerHallucinations: StudyClaim = {
  id: 'fewer-hallucinations',
  statement: 'Fine-tuning on ReSearch data reduces hallucinations overall.',
  paper: 'fewer hallucinations overall [P]',
  effect: { quantity: '1 − F(research-sft)/F(base), overall', unit: heldoutUnit, smallest: 0.2 }, // δ: brief §7
  measure(summary, units) {
    const c = contextOf(summary, units);
    const e = c.est(c.m.reduction(c.rs, 'base', 'overall'), 'fewer');
    const F = (v: string) => f3(c.m.metric(v, 'overall', 'falseClaims')(c.heldout));
    return measurement(e, c.heldout.length, [cleanLabelGate(summary)], `F ${F(c.rs)} vs base ${F('base')}`);
  },
};

export const knownAndUnknown: StudyClaim = {
  id: 'known-and-unknown',
  statement: '…for known and for unknown topics.',
  paper: 'both known and unknown topics [P]',
  effect: {
    quantity: 'min over {top, bottom} of 1 − F(research-sft)/F(base)',
    unit: heldoutUnit,
    smallest: 0.2, // δ: brief §7, for each tier
  },
  measure(summary, units) {
    const c = contextOf(summary, units);
    const onTop = c.m.reduction(c.rs, 'base', c.top);
    const onBottom = c.m.reduction(c.rs, 'base', c.bottom);
    const e = c.est((s) => Math.min(onTop(s), onBottom(s)), 'known-and-unknown');
    return measurement(
      e,
      c.heldout.length,
      [cleanLabelGate(summary)],
      `reduction ${c.top} ${f3(onTop(c.heldout))}, ${c.bottom} ${f3(onBottom(c.heldout))}`,
    );
  },
};

export const amortised: StudyClaim = {
  id: 'amortised',
  statement: "One sample of the fine-tuned model recovers most of the search's gain.",
  paper: 'amortised at no extra inference cost [P]',
  effect: {
    quantity: 'g = (U(research-sft) − U(base)) / (U(research-test) − U(base)), utility@0.5 overall',
    unit: heldoutUnit,
    smallest: 0.5, // δ: brief §7 ("most of the gain")
  },
  measure(summary, units) {
    const c = contextOf(summary, units);
    const U = (v: string) => c.m.metric(v, 'overall', 'utility@0.5');
    const test = `research-test@${summary.rho}`;
    const gain = (s: Sample) => (U(c.rs)(s) - U('base')(s)) / (U(test)(s) - U('base')(s));
    const e = c.est(gain, 'amortised');
    const searchGain = U(test)(c.heldout) - U('base')(c.heldout);
    return measurement(
      e,
      c.heldout.length,
      [cleanLabelGate(summary), gate('search-gain', searchGain, { atLeast: MIN_SEARCH_GAIN })],
      `search gain U(research-test) − U(base) = ${f3(searchGain)}`,
    );
  },
};

export const selectiveAbstention: StudyClaim = {
  id: 'selective-abstention',
  statement: 'It abstains on unknown topics, not on known ones.',
  paper: 'learns to restrain itself selectively [P]',
  effect: { quantity: 'abstain(bottom) − abstain(top) of research-sft', unit: heldoutUnit, smallest: 0.2 }, // δ: brief §7
  measure(summary, units) {
    const c = contextOf(summary, units);
    const abstain = (tier: string) => c.m.metric(c.rs, tier, 'abstain');
    const e = c.est((s) => abstain(c.bottom)(s) - abstain(c.top)(s), 'selective');
    // The targets' own gap bounds what imitation can show: report the share the model keeps.
    const targets = c.seeds.flatMap((s) => s.targets[`research@${summary.rho}`] ?? []);
    const targetAbstain = (tier: string) => {
      const list = targets.filter((t) => t.tier === tier);
      return list.length ? list.filter((t) => t.abstained).length / list.length : Number.NaN;
    };
    const targetGap = targetAbstain(c.bottom) - targetAbstain(c.top);
    const byTier = summary.tiers.map((t) => `${t} ${f3(abstain(t)(c.heldout))}`).join(', ');
    return measurement(
      e,
      c.heldout.length,
      [cleanLabelGate(summary)],
      `abstention by tier ${byTier}; targets' gap ${f3(targetGap)}, model gap ÷ target gap ${f3(e.value / targetGap)}`,
    );
  },
};

export const shorterWhenUnsure: StudyClaim = {
  id: 'shorter-when-unsure',
  statement: 'When it answers, it says less about less known topics.',
  paper: 'scores answers of different length [P]; shorter when unsure [P?]',
  effect: {
    quantity: 'claimsPerResponse(top) − claimsPerResponse(bottom) of research-sft',
    unit: heldoutUnit,
    smallest: 0.5, // δ: brief §7
  },
  measure(summary, units) {
    const c = contextOf(summary, units);
    const perResponse = (tier: string) => c.m.metric(c.rs, tier, 'claimsPerResponse');
    const e = c.est((s) => perResponse(c.top)(s) - perResponse(c.bottom)(s), 'shorter');
    const responding = c.m.metric(c.rs, c.bottom, 'responding')(c.heldout);
    return measurement(
      e,
      c.heldout.length,
      [
        cleanLabelGate(summary),
        gate('responding-bottom-answers', responding, { atLeast: summary.minResponding }),
      ],
      `${responding} responding ${c.bottom} answers`,
    );
  },
};

export const iterativeBeatsParallel: StudyClaim = {
  id: 'iterative-beats-parallel',
  statement: 'Iterative ReSearch finds better answers than Search with the same 48 samples.',
  paper: 'iterative better than non-iterative [P] (incomplete), [A]',
  effect: {
    quantity: "targets' true utility@0.5, ReSearch − Search",
    unit: 'ReSearch entity (resampled within seed × tier, paired across searches)',
    smallest: 0.1, // δ: brief §7
  },
  // About the search alone, not a fine-tuned model: no clean-label gate.
  measure(summary, units) {
    const c = contextOf(summary, units);
    const e = c.est(
      (s) => c.m.targetMean(`research@${summary.rho}`)(s) - c.m.targetMean('search')(s),
      'iterative',
      c.targets,
    );
    return measurement(e, c.targets.length, [], 'ReSearch − Search targets');
  },
};

/** U(research-sft) − U(b) at utility@0.5 for the worst of `baselines`: all must be beaten at once. */
function beatsEvery(id: string, statement: string, paper: string, baselines: readonly string[]): StudyClaim {
  return {
    id,
    statement,
    paper,
    effect: {
      quantity: `min over baselines (${baselines.join(', ')}) of U(research-sft) − U(baseline), utility@0.5`,
      unit: heldoutUnit,
      // The brief's δ was 0; lab needs δ > 0, so the utility difference iterative-beats-parallel counts.
      smallest: 0.1,
    },
    measure(summary, units) {
      const c = contextOf(summary, units);
      const present = baselines.filter((b) => c.seeds.some((s) => s.units[b]));
      const U = (v: string) => c.m.metric(v, 'overall', 'utility@0.5');
      const diff = (b: string) => (s: Sample) => U(c.rs)(s) - U(b)(s);
      const e = c.est((s) => Math.min(...present.map((b) => diff(b)(s))), id);
      return measurement(
        e,
        c.heldout.length,
        [cleanLabelGate(summary)],
        present.map((b) => `vs ${b} ${f3(diff(b)(c.heldout))}`).join(', '),
      );
    },
  };
}

export const beatsBaselines = beatsEvery(
  'beats-baselines',
  'ReSearch-trained models beat all baselines of equal inference cost.',
  'Figure 1 [P]; baselines not confirmed',
  ['base', 'search-sft', 'gt-sft'],
);

/** Issue 15, point 5: two peer methods at one sample per answer (src/baselines.ts). */
export const beatsPeerBaselines = beatsEvery(
  'beats-peer-baselines',
  'ReSearch-trained models beat R-Tuning and FactTune-style DPO at equal inference cost.',
  'Figure 1 "all baselines" [P]; that R-Tuning and FactTune are among them is not confirmed [O]',
  ['rtuning-sft', 'facttune-dpo'],
);

/** How far below ρ a factscore may sit and still meet it (the brief's tolerance). */
export const ACCURACY_TOLERANCE = 0.05;

export const targetAccuracy: StudyClaim = {
  id: 'target-accuracy',
  statement: 'Answers meet the target accuracy ρ.',
  paper: 'ρ as target accuracy [P]; precision ≥ ρ is our reading [R]',
  effect: {
    quantity: `min over ρ of factscore(research-sft@ρ) − ρ + ${ACCURACY_TOLERANCE}`,
    unit: heldoutUnit,
    smallest: ACCURACY_TOLERANCE, // estimate ≥ δ ⇔ factscore ≥ ρ at every ρ; lo > 0 ⇔ within the tolerance
  },
  measure(summary, units) {
    const c = contextOf(summary, units);
    const fact = (r: number) => c.m.metric(`research-sft@${r}`, 'overall', 'factscore');
    const slack = (s: Sample) => Math.min(...summary.rhos.map((r) => fact(r)(s) - r + ACCURACY_TOLERANCE));
    const e = c.est(slack, 'target-accuracy');
    return measurement(
      e,
      c.heldout.length,
      [cleanLabelGate(summary)],
      summary.rhos.map((r) => `ρ ${r}: factscore ${f3(fact(r)(c.heldout))}`).join(', '),
    );
  },
};

export const rhoTradeoff: StudyClaim = {
  id: 'rho-tradeoff',
  statement: 'Raising ρ trades true claims for fewer false ones.',
  paper: 'Pareto fronts [P?]',
  effect: {
    quantity: '1 − F(research-sft@ρmax)/F(research-sft@ρmin), overall',
    unit: heldoutUnit,
    smallest: 0.3, // δ: brief §7
  },
  // Decided by lab's rule alone (issue 15, point 7): no override from point estimates inside the CIs.
  measure(summary, units) {
    const c = contextOf(summary, units);
    const lo = Math.min(...summary.rhos);
    const hi = Math.max(...summary.rhos);
    const e = c.est(c.m.reduction(`research-sft@${hi}`, `research-sft@${lo}`, 'overall'), 'tradeoff');
    const T = (r: number) => f3(c.m.metric(`research-sft@${r}`, 'overall', 'trueClaims')(c.heldout));
    return measurement(
      e,
      c.heldout.length,
      [cleanLabelGate(summary)],
      `true claims ρ ${lo} ${T(lo)} → ρ ${hi} ${T(hi)}`,
    );
  },
};

export const CLAIMS: StudyClaim[] = [
  fewerHallucinations,
  knownAndUnknown,
  amortised,
  selectiveAbstention,
  shorterWhenUnsure,
  iterativeBeatsParallel,
  beatsBaselines,
  beatsPeerBaselines,
  targetAccuracy,
  rhoTradeoff,
];
