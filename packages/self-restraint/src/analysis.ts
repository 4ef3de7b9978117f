// From the seeds' results to the summary: per-tier tables (with bootstrap CIs where claims need them),
// the paper's claims (brief §7) and our extension checks (brief §8) under the rule R(δ), and the
// testbed checks of the acceptance criteria (brief §14 A, B, D5). δ values are fixed by the brief.
import type { Verdict } from 'lab';
import {
  aggregate,
  type MetricName,
  metricValue,
  type TierMetrics,
  tierTable,
  type UnitMetrics,
} from './evaluate.js';
import type { SeedResult, TargetUnit } from './seedJob.js';
import {
  allOf,
  auroc,
  type Estimate,
  estimateOf,
  expectedCalibrationError,
  type PairedUnit,
  type ReliabilityBin,
  reliability,
  unitsOf,
  verdictOf,
} from './stats.js';
import { lambdaOf } from './utility.js';

/** Units under a bootstrap resample (or all of them): held-out entities or search targets. */
type Sample = readonly PairedUnit[];

export interface CheckResult {
  id: string;
  statement: string;
  paper: string;
  measured: string;
  verdict: Verdict;
}

export interface Summary {
  seeds: number[];
  rho: number;
  rhos: number[];
  tiers: string[];
  seenTiers: string[];
  /** variant → tier (+ overall, all) → metrics, pooled over seeds (sampled answers). */
  tables: Record<string, Record<string, TierMetrics>>;
  /** The same from the greedy answer. */
  greedyTables: Record<string, Record<string, TierMetrics>>;
  /** seed → variant → tier → metrics. */
  perSeed: Record<string, Record<string, Record<string, TierMetrics>>>;
  targetTables: Record<
    string,
    Record<
      string,
      { abstain: number; trueClaims: number; falseClaims: number; trueUtility: number; entities: number }
    >
  >;
  probe: Record<string, Record<string, { accuracy: number; maxProb: number }>>;
  calibration: {
    all: ReliabilityBin[];
    clean: ReliabilityBin[];
    corrupted: ReliabilityBin[];
    ece: number;
    auroc: number;
    confidentlyWrong: { clean: number; corrupted: number; cleanClaims: number; corruptedClaims: number };
  };
  knownDecodableAuroc: number[];
  claims: CheckResult[];
  extensions: CheckResult[];
  checks: CheckResult[];
  invariants: SeedResult['invariants'][];
  samplesPerQuery: Record<string, number[]>;
  samplesPerAnswer: Record<string, number>;
  pretrain: { steps: number; loss: number }[];
  timings: Record<string, number>[];
}

/**
 * Testbed thresholds of brief §14 A. The brief's values are provisional (from its prototype) and are
 * calibrated once on the first complete `default` run, then frozen. Calibrated on run
 * 20261127-044559-seed0 by one rule for every bound: that run's value rounded to a multiple of 0.05 in
 * the lenient direction (a lower bound down, an upper bound up), so some bounds tightened and some
 * loosened. Counts (A1's false claims) and zero rates (A1's abstention) keep the brief's values.
 * Brief → calibrated (measured): A1 top precision .65 → .70 (.705); A2 top probe .95 → .90 (.942 on the
 * worse seed), bottom/unseen probe .30 → .25 (.206); A3 top bin .85 → .80 (.844), low bin .15 → .10 (.071).
 */
export const TESTBED_THRESHOLDS = {
  a1MaxBaseAbstain: 0.05,
  a1MinUnknownFalseClaims: 2,
  a1MinTopPrecision: 0.7,
  a2MinTopProbe: 0.9,
  a2MaxUnknownProbe: 0.25,
  a3MinTopBinAccuracy: 0.8,
  a3MaxLowBinAccuracy: 0.1,
} as const;

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const ci = (e: Estimate) =>
  `${f3(e.value)} [${f3(e.lo)}, ${f3(e.hi)}], per seed ${e.perSeed.map(f3).join(' / ')}`;

/** Held-out units of a variant under a resample (seeds without the variant contribute nothing). */
function pick(results: readonly SeedResult[], variant: string, sample: Sample): UnitMetrics[] {
  const out: UnitMetrics[] = [];
  for (const { seedIndex, index } of sample) {
    const units = results[seedIndex]!.units[variant];
    if (units) out.push(units[index]!);
  }
  return out;
}

function targetPick(results: readonly SeedResult[], variant: string, sample: Sample): TargetUnit[] {
  const out: TargetUnit[] = [];
  for (const { seedIndex, index } of sample) {
    const units = results[seedIndex]!.targets[variant];
    if (units) out.push(units[index]!);
  }
  return out;
}

export function analyse(
  results: readonly SeedResult[],
  rho: number,
  rhos: readonly number[],
  tiers: readonly string[],
  draws: number,
  minResponding: number,
): Summary {
  const seenTiers = tiers.filter((t) => t !== 'unseen');
  const top = tiers[0]!;
  const bottom = tiers.includes('bottom') ? 'bottom' : tiers[tiers.length - 2]!;
  const unknown = tiers.filter((t) => t === 'bottom' || t === 'unseen');
  // the bootstrap units: held-out entities and search targets, per seed (resampled within seed × tier)
  const heldout = unitsOf(results.map((r) => r.tiersHeldout));
  const targets = unitsOf(results.map((r) => r.tiersResearch));
  const rs = `research-sft@${rho}`;
  const utilityKey: MetricName = `utility@${0.5}`;
  const metricsRhos = [...new Set([0.5, ...rhos])];

  // metric of a variant on a set of tiers ('overall' = mean over the seen tiers)
  const metric = (variant: string, where: string | string[], name: MetricName) => (sample: Sample) => {
    const units = pick(results, variant, sample);
    if (where === 'overall')
      return metricValue(tierTable(units, tiers, seenTiers, metricsRhos).overall!, name);
    const set = Array.isArray(where) ? where : [where];
    return metricValue(
      aggregate(
        units.filter((u) => set.includes(u.tier)),
        metricsRhos,
      ),
      name,
    );
  };
  const est = (stat: (s: Sample) => number, label: string, units: Sample = heldout) =>
    estimateOf(units, stat, draws, label);
  const reduction = (a: string, b: string, where: string | string[]) => (s: Sample) =>
    1 - metric(a, where, 'falseClaims')(s) / metric(b, where, 'falseClaims')(s);
  const has = (variant: string) => results.some((r) => r.units[variant]);

  const variants = [...new Set(results.flatMap((r) => Object.keys(r.units)))];
  const tables: Summary['tables'] = {};
  const greedyTables: Summary['greedyTables'] = {};
  for (const v of variants) {
    tables[v] = tierTable(
      results.flatMap((r) => r.units[v] ?? []),
      tiers,
      seenTiers,
      metricsRhos,
    );
    const greedy = results.flatMap((r) => r.greedyUnits[v] ?? []);
    if (greedy.length) greedyTables[v] = tierTable(greedy, tiers, seenTiers, metricsRhos);
  }
  const perSeed: Summary['perSeed'] = {};
  for (const r of results) {
    perSeed[String(r.seed)] = Object.fromEntries(
      Object.entries(r.units).map(([v, u]) => [v, tierTable(u, tiers, seenTiers, metricsRhos)]),
    );
  }

  // ---- Targets of the searches (ReSearch entities) -----------------------------------------------
  const targetUtility = (t: TargetUnit) => t.trueClaims - lambdaOf(0.5) * t.falseClaims;
  const targetTables: Summary['targetTables'] = {};
  for (const v of [...new Set(results.flatMap((r) => Object.keys(r.targets)))]) {
    const all = results.flatMap((r) => r.targets[v] ?? []);
    targetTables[v] = {};
    for (const tier of [...tiers, 'all']) {
      const list = tier === 'all' ? all : all.filter((t) => t.tier === tier);
      const n = Math.max(1, list.length);
      targetTables[v][tier] = {
        abstain: list.filter((t) => t.abstained).length / n,
        trueClaims: list.reduce((s, t) => s + t.trueClaims, 0) / n,
        falseClaims: list.reduce((s, t) => s + t.falseClaims, 0) / n,
        trueUtility: list.reduce((s, t) => s + targetUtility(t), 0) / n,
        entities: list.length,
      };
    }
  }
  const targetMean = (v: string) => (s: Sample) => {
    const list = targetPick(results, v, s);
    return list.length ? list.reduce((sum, t) => sum + targetUtility(t), 0) / list.length : Number.NaN;
  };

  // ---- The paper's claims (brief §7) --------------------------------------------------------------
  const claims: CheckResult[] = [];
  const fewer = est(reduction(rs, 'base', 'overall'), 'fewer');
  claims.push({
    id: 'fewer-hallucinations',
    statement: 'Fine-tuning on ReSearch data reduces hallucinations overall.',
    paper: 'fewer hallucinations overall [P]',
    measured: `1 − F(research-sft)/F(base) = ${ci(fewer)}; F ${f2(tables[rs]?.overall?.falseClaims ?? Number.NaN)} vs ${f2(tables.base?.overall?.falseClaims ?? Number.NaN)}; δ = 0.2`,
    verdict: verdictOf(fewer, 0.2),
  });
  const knownTop = est(reduction(rs, 'base', top), 'known-top');
  const knownBottom = est(reduction(rs, 'base', bottom), 'known-bottom');
  claims.push({
    id: 'known-and-unknown',
    statement: '…for known and for unknown topics.',
    paper: 'both known and unknown topics [P]',
    measured: `F reduction ${top} ${ci(knownTop)}; ${bottom} ${ci(knownBottom)}; δ = 0.2 each`,
    verdict: allOf([verdictOf(knownTop, 0.2), verdictOf(knownBottom, 0.2)]),
  });
  const testName = `research-test@${rho}`;
  const gain = (s: Sample) =>
    (metric(rs, 'overall', utilityKey)(s) - metric('base', 'overall', utilityKey)(s)) /
    (metric(testName, 'overall', utilityKey)(s) - metric('base', 'overall', utilityKey)(s));
  const amortised = est(gain, 'amortised');
  const searchGain =
    metric(testName, 'overall', utilityKey)(heldout) - metric('base', 'overall', utilityKey)(heldout);
  claims.push({
    id: 'amortised',
    statement: "One sample of the fine-tuned model recovers most of the search's gain.",
    paper: 'amortised at no extra inference cost [P]',
    measured: `g = ${ci(amortised)}; search gain U(research-test) − U(base) = ${f3(searchGain)}; δ = 0.5`,
    verdict: searchGain < 0.05 ? 'inconclusive' : verdictOf(amortised, 0.5),
  });
  const selective = est((s) => metric(rs, bottom, 'abstain')(s) - metric(rs, top, 'abstain')(s), 'selective');
  claims.push({
    id: 'selective-abstention',
    statement: 'It abstains on unknown topics, not on known ones.',
    paper: 'learns to restrain itself selectively [P]',
    measured: `abstain(${bottom}) − abstain(${top}) = ${ci(selective)}; by tier ${tiers.map((t) => `${t} ${f2(tables[rs]?.[t]?.abstain ?? Number.NaN)}`).join(', ')}; δ = 0.2`,
    verdict: verdictOf(selective, 0.2),
  });
  const shorter = est(
    (s) => metric(rs, top, 'claimsPerResponse')(s) - metric(rs, bottom, 'claimsPerResponse')(s),
    'shorter',
  );
  const respondingBottom = tables[rs]?.[bottom]?.responding ?? 0;
  claims.push({
    id: 'shorter-when-unsure',
    statement: 'When it answers, it says less about less known topics.',
    paper: 'scores answers of different length [P]; shorter when unsure [P?]',
    measured: `claimsPerResponse(${top}) − claimsPerResponse(${bottom}) = ${ci(shorter)}; ${respondingBottom} responding ${bottom} answers; δ = 0.5`,
    verdict: respondingBottom < minResponding ? 'inconclusive' : verdictOf(shorter, 0.5),
  });
  const iterative = est(
    (s) => targetMean(`research@${rho}`)(s) - targetMean('search')(s),
    'iterative',
    targets,
  );
  const heldoutGap =
    (tables[rs]?.overall?.utility['0.5'] ?? Number.NaN) -
    (tables['search-sft']?.overall?.utility['0.5'] ?? Number.NaN);
  claims.push({
    id: 'iterative-beats-parallel',
    statement: 'Iterative ReSearch finds better answers than Search with the same 48 samples.',
    paper: 'iterative better than non-iterative [P] (incomplete), [A]',
    measured: `targets' true utility@0.5, ReSearch − Search = ${ci(iterative)}; held-out research-sft − search-sft = ${f3(heldoutGap)}; δ = 0.1`,
    verdict: verdictOf(iterative, 0.1),
  });
  const baselineEstimates = ['base', 'search-sft', 'gt-sft']
    .filter(has)
    .map(
      (b) =>
        [
          b,
          est(
            (s) => metric(rs, 'overall', utilityKey)(s) - metric(b, 'overall', utilityKey)(s),
            `beats-${b}`,
          ),
        ] as const,
    );
  claims.push({
    id: 'beats-baselines',
    statement: 'ReSearch-trained models beat all baselines of equal inference cost.',
    paper: 'Figure 1 [P]; baselines not confirmed',
    measured: baselineEstimates.map(([b, e]) => `vs ${b}: ${ci(e)}`).join('; ') + '; δ = 0',
    verdict: allOf(baselineEstimates.map(([, e]) => verdictOf(e, 0))),
  });
  const accuracy = rhos.map(
    (r) => [r, est(metric(`research-sft@${r}`, 'overall', 'factscore'), `target-${r}`)] as const,
  );
  const accuracyVerdict: Verdict = accuracy.every(([r, e]) => e.value >= r - 0.05)
    ? 'reproduced'
    : accuracy.some(([r, e]) => e.hi < r - 0.05)
      ? 'not reproduced'
      : 'inconclusive';
  claims.push({
    id: 'target-accuracy',
    statement: 'Answers meet the target accuracy ρ.',
    paper: 'ρ as target accuracy [P]; precision ≥ ρ is our reading [R]',
    measured: accuracy.map(([r, e]) => `ρ ${r}: factscore ${ci(e)}`).join('; '),
    verdict: accuracyVerdict,
  });
  const rhoMin = Math.min(...rhos);
  const rhoMax = Math.max(...rhos);
  const tradeoff = est(reduction(`research-sft@${rhoMax}`, `research-sft@${rhoMin}`, 'overall'), 'tradeoff');
  const precisionDrop =
    (tables[`research-sft@${rhoMax}`]?.overall?.factscore ?? 0) <
    (tables[`research-sft@${rhoMin}`]?.overall?.factscore ?? 0);
  claims.push({
    id: 'rho-tradeoff',
    statement: 'Raising ρ trades true claims for fewer false ones.',
    paper: 'Pareto fronts [P?]',
    measured: `1 − F(ρ ${rhoMax})/F(ρ ${rhoMin}) = ${ci(tradeoff)}; factscore ${f3(tables[`research-sft@${rhoMin}`]?.overall?.factscore ?? Number.NaN)} → ${f3(tables[`research-sft@${rhoMax}`]?.overall?.factscore ?? Number.NaN)}; δ = 0.3`,
    verdict: precisionDrop ? 'not reproduced' : verdictOf(tradeoff, 0.3),
  });

  // ---- Extension checks (brief §8) ---------------------------------------------------------------
  const extensions: CheckResult[] = [];
  const points = results.flatMap((r) => r.calibration);
  const bins = reliability(points);
  const cleanPoints = points.filter((p) => !p.corruptedPair);
  const corruptedPoints = points.filter((p) => p.corruptedPair);
  const topBin = bins[bins.length - 1]!;
  const lowBin = bins[0]!;
  const increasing = bins
    .filter((b) => b.count > 0)
    .every((b, i, list) => i === 0 || b.accuracy >= list[i - 1]!.accuracy);
  const calibrationVerdict: Verdict =
    topBin.count === 0 || lowBin.count === 0
      ? 'inconclusive'
      : topBin.accuracy >= 0.85 && lowBin.accuracy <= 0.15 && increasing
        ? 'reproduced'
        : 'not reproduced';
  // confidentlyWrong: the share of false claims in the pools that self-evaluation rates above ρ
  const confidentlyWrong = (list: typeof points) => {
    const wrong = list.filter((p) => !p.truth);
    return {
      rate: wrong.length ? wrong.filter((p) => p.p > rho).length / wrong.length : Number.NaN,
      n: wrong.length,
    };
  };
  const cwClean = confidentlyWrong(cleanPoints);
  const cwCorrupted = confidentlyWrong(corruptedPoints);
  const calibration = {
    all: bins,
    clean: reliability(cleanPoints),
    corrupted: reliability(corruptedPoints),
    ece: expectedCalibrationError(bins),
    auroc: auroc(points),
    confidentlyWrong: {
      clean: cwClean.rate,
      corrupted: cwCorrupted.rate,
      cleanClaims: cwClean.n,
      corruptedClaims: cwCorrupted.n,
    },
  };
  extensions.push({
    id: 'selfeval-calibration',
    statement: 'Is p̂ a usable truth estimate?',
    paper: 'ours (the paper self-evaluates by prompting)',
    measured: `p̂ bins ${bins.map((b) => `[${f2(b.lo)},${f2(b.hi)}) ${f2(b.accuracy)} (n ${b.count})`).join(', ')}; ECE ${f3(calibration.ece)}, AUROC ${f3(calibration.auroc)}; need top ≥ .85, bottom ≤ .15, increasing`,
    verdict: calibrationVerdict,
  });
  if (has('oracle-research-sft')) {
    const onlyOracle = heldout.filter((u) => results[u.seedIndex]!.units['oracle-research-sft']);
    const gap = est(
      (s) => metric('oracle-research-sft', 'overall', utilityKey)(s) - metric(rs, 'overall', utilityKey)(s),
      'oracle-gap',
      onlyOracle,
    );
    const targetGap =
      (targetTables['oracle-research']?.all?.trueUtility ?? Number.NaN) -
      (targetTables[`research@${rho}`]?.all?.trueUtility ?? Number.NaN);
    extensions.push({
      id: 'oracle-gap',
      statement: 'What does imperfect self-evaluation cost? (C5: oracle bounds ReSearch from above)',
      paper: 'ours',
      measured: `utility@0.5 oracle-research-sft − research-sft = ${ci(gap)}; targets' gap ${f3(targetGap)}`,
      verdict: verdictOf(gap, 0),
    });
  }
  const needed = est(
    (s) =>
      1 - metric(rs, unknown, 'falseClaims')(s) / metric('research-noabst-sft', unknown, 'falseClaims')(s),
    'abstention-needed',
  );
  extensions.push({
    id: 'abstention-needed',
    statement: 'Does the abstention candidate matter?',
    paper: 'ours',
    measured: `1 − F(research)/F(noabst) on ${unknown.join(' + ')} = ${ci(needed)}; δ = 0.25`,
    verdict: verdictOf(needed, 0.25),
  });
  const gold = est(
    (s) => metric('gt-sft', unknown, 'falseClaims')(s) - metric(rs, unknown, 'falseClaims')(s),
    'gold',
  );
  extensions.push({
    id: 'gold-data-trap',
    statement: 'Does SFT on true bios raise hallucination on unfamiliar entities?',
    paper: 'ours',
    measured: `F(gt-sft) − F(research-sft) on ${unknown.join(' + ')} = ${ci(gold)}; δ = 0`,
    verdict: verdictOf(gold, 0),
  });
  const filterRows = rhos.map((r) => {
    const e = est(
      (s) =>
        metric(`research-sft@${r}`, 'overall', `utility@${r}`)(s) -
        metric(`filter16@${r}`, 'overall', `utility@${r}`)(s),
      `filter-${r}`,
    );
    return [r, e] as const;
  });
  extensions.push({
    id: 'amortised-vs-filter',
    statement: 'One amortised sample vs 16-sample filtering (utility@ρ, research-sft − filter16)',
    paper: 'ours',
    measured: `${filterRows.map(([r, e]) => `ρ ${r}: ${ci(e)}`).join('; ')}; samples per answer 1 vs ${results[0]?.samplesPerAnswer[`filter16@${rho}`] ?? 16}`,
    verdict: allOf(filterRows.map(([, e]) => verdictOf(e, 0))),
  });
  if (results.some((r) => r.targets['research-keep0.5'])) {
    const keepSeeds = targets.filter((u) => results[u.seedIndex]!.targets['research-keep0.5']);
    const vsKeep1 = est(
      (s) => targetMean('research-keep0.5')(s) - targetMean(`research@${rho}`)(s),
      'keep-1',
      keepSeeds,
    );
    const vsSearch = est(
      (s) => targetMean('research-keep0.5')(s) - targetMean('search')(s),
      'keep-search',
      keepSeeds,
    );
    extensions.push({
      id: 'hint-requestioning',
      statement: "Is hint lock-in (winner's curse) why iteration loses here?",
      paper: 'ours',
      measured: `targets' true utility@0.5: keep0.5 − keep1 = ${ci(vsKeep1)}; keep0.5 − Search = ${ci(vsSearch)}; δ = 0.1`,
      verdict: verdictOf(vsKeep1, 0.1),
    });
  }
  const probeTop = (variant: string) =>
    results.map((r) => r.probe[variant]?.find((p) => p.tier === top)?.accuracy ?? Number.NaN);
  const retention = probeTop(rs).map((after, s) => after - probeTop('base')[s]!);
  extensions.push({
    id: 'knowledge-retention',
    statement: 'Does fine-tuning erase knowledge? (probe on top-tier entities within 0.03 of base)',
    paper: 'ours',
    measured: `probe accuracy ${top}: base ${probeTop('base').map(f3).join(' / ')} → research-sft ${probeTop(rs).map(f3).join(' / ')} (Δ ${retention.map(f3).join(' / ')})`,
    verdict: retention.every((d) => d >= -0.03) ? 'reproduced' : 'not reproduced',
  });
  const decodable = results.map((r) => r.knownDecodableAuroc);
  extensions.push({
    id: 'known-decodable',
    statement: 'Can the pretrained model tell a known name from an unknown one? (AUROC ≥ 0.75)',
    paper: 'ours',
    measured: `logistic probe AUROC ${top} vs ${unknown.join(' + ')}: ${decodable.map(f3).join(' / ')}`,
    verdict: decodable.every((a) => a >= 0.75)
      ? 'reproduced'
      : decodable.some((a) => a < 0.6)
        ? 'not reproduced'
        : 'inconclusive',
  });
  extensions.push({
    id: 'corruption',
    statement: 'Is self-evaluation wrong where the corpus is? (confidentlyWrong higher on corrupted pairs)',
    paper: 'ours',
    measured: `share of false pool claims with p̂ > ρ: pairs with corrupted mentions ${f3(cwCorrupted.rate)} (n ${cwCorrupted.n} false claims), clean pairs ${f3(cwClean.rate)} (n ${cwClean.n})`,
    verdict:
      cwCorrupted.n < 20 ? 'inconclusive' : cwCorrupted.rate > cwClean.rate ? 'reproduced' : 'not reproduced',
  });

  // ---- Testbed checks (brief §14 A, B, D5) ---------------------------------------------------------
  const checks: CheckResult[] = [];
  const T = TESTBED_THRESHOLDS;
  const pct = (x: number) => `${Math.round(100 * x)}%`;
  const baseT = tables.base!;
  const A1 =
    tiers.every((t) => (baseT[t]?.abstain ?? 1) < T.a1MaxBaseAbstain) &&
    unknown.every((t) => (baseT[t]?.falseClaims ?? 0) >= T.a1MinUnknownFalseClaims) &&
    (baseT[top]?.microPrecision ?? 0) >= T.a1MinTopPrecision;
  checks.push({
    id: 'A1-base-hallucinates',
    statement: `base: abstain < ${pct(T.a1MaxBaseAbstain)} everywhere; ≥ ${T.a1MinUnknownFalseClaims} false claims on bottom/unseen; top precision ≥ ${T.a1MinTopPrecision}`,
    paper: 'testbed',
    measured: tiers
      .map(
        (t) =>
          `${t}: abst ${f2(baseT[t]?.abstain ?? Number.NaN)} F ${f2(baseT[t]?.falseClaims ?? Number.NaN)} prec ${f2(baseT[t]?.microPrecision ?? Number.NaN)}`,
      )
      .join('; '),
    verdict: A1 ? 'reproduced' : 'not reproduced',
  });
  const probeBase = (tier: string) =>
    results.map((r) => r.probe.base?.find((p) => p.tier === tier)?.accuracy ?? Number.NaN);
  const A2 =
    probeBase(top).every((a) => a >= T.a2MinTopProbe) &&
    unknown.every((t) => probeBase(t).every((a) => a <= T.a2MaxUnknownProbe));
  checks.push({
    id: 'A2-graded-knowledge',
    statement: `probe ≥ ${T.a2MinTopProbe} on top, ≤ ${T.a2MaxUnknownProbe} on bottom and unseen`,
    paper: 'testbed',
    measured: tiers.map((t) => `${t} ${probeBase(t).map(f3).join('/')}`).join(', '),
    verdict: A2 ? 'reproduced' : 'not reproduced',
  });
  checks.push({
    id: 'A3-calibrated',
    statement: `p̂ ≥ 0.8 → ≥ ${pct(T.a3MinTopBinAccuracy)} true; p̂ < 0.2 → ≤ ${pct(T.a3MaxLowBinAccuracy)} true`,
    paper: 'testbed',
    measured: `top bin ${f3(topBin.accuracy)} (n ${topBin.count}), bottom bin ${f3(lowBin.accuracy)} (n ${lowBin.count})`,
    verdict:
      topBin.accuracy >= T.a3MinTopBinAccuracy && lowBin.accuracy <= T.a3MaxLowBinAccuracy
        ? 'reproduced'
        : 'not reproduced',
  });
  const tt = targetTables[`research@${rho}`]!;
  const unknownAbstain =
    unknown.reduce((s, t) => s + (tt[t]?.abstain ?? 0) * (tt[t]?.entities ?? 0), 0) /
    Math.max(
      1,
      unknown.reduce((s, t) => s + (tt[t]?.entities ?? 0), 0),
    );
  const baseTopTrue = baseT[top]?.trueClaims ?? Number.NaN;
  const B1 =
    (tt[top]?.abstain ?? 1) === 0 && unknownAbstain >= 0.2 && (tt[top]?.trueClaims ?? 0) >= baseTopTrue + 1;
  checks.push({
    id: 'B1-targets-selective',
    statement:
      'targets abstain 0% on top, ≥ 20% on bottom + unseen, ≥ 1 more true claim than a base sample on top',
    paper: 'testbed',
    measured: `abstain top ${f2(tt[top]?.abstain ?? Number.NaN)}, bottom+unseen ${f2(unknownAbstain)}; top true ${f2(tt[top]?.trueClaims ?? Number.NaN)} vs base ${f2(baseTopTrue)}`,
    verdict: B1 ? 'reproduced' : 'not reproduced',
  });
  const baseSampleUtility = baseT.all?.utility['0.5'] ?? Number.NaN;
  const B2 = (tt.all?.trueUtility ?? Number.NaN) - baseSampleUtility >= 1.5;
  checks.push({
    id: 'B2-targets-better',
    statement: "targets' true utility@0.5 exceeds base samples' by ≥ 1.5",
    paper: 'testbed',
    measured: `targets ${f3(tt.all?.trueUtility ?? Number.NaN)} vs base samples (held-out, all tiers) ${f3(baseSampleUtility)}`,
    verdict: B2 ? 'reproduced' : 'not reproduced',
  });
  const invariants = results.map((r) => r.invariants);
  const D5 = invariants.every(
    (i) => i.targetsPositiveOrAbstain && i.budgetExact && i.oraclePrecisionAboveRho !== false,
  );
  checks.push({
    id: 'D5-invariants',
    statement:
      'every target has Q > 0 or abstains; every search used exactly R × K samples; oracle targets have precision > ρ',
    paper: 'testbed',
    measured: JSON.stringify(invariants),
    verdict: D5 ? 'reproduced' : 'not reproduced',
  });
  if (topBin.accuracy < 0.8) {
    checks.unshift({
      id: 'calibration-gate',
      statement:
        'WARNING: the top p̂ bin is < 0.8 true: the testbed is in a trap and the claims are not interpretable (brief §13.5)',
      paper: 'testbed',
      measured: `top bin ${f3(topBin.accuracy)}`,
      verdict: 'not reproduced',
    });
  }

  const probe: Summary['probe'] = {};
  for (const v of Object.keys(results[0]?.probe ?? {})) {
    probe[v] = {};
    for (const t of tiers) {
      const rows = results.map((r) => r.probe[v]?.find((p) => p.tier === t)).filter((x) => x !== undefined);
      if (rows.length)
        probe[v][t] = {
          accuracy: rows.reduce((s, p) => s + p.accuracy, 0) / rows.length,
          maxProb: rows.reduce((s, p) => s + p.maxProb, 0) / rows.length,
        };
    }
  }
  const samplesPerQuery: Record<string, number[]> = {};
  for (const r of results)
    for (const [k, v] of Object.entries(r.samplesPerQuery))
      samplesPerQuery[k] = [...new Set([...(samplesPerQuery[k] ?? []), ...v])];
  return {
    seeds: results.map((r) => r.seed),
    rho,
    rhos: [...rhos],
    tiers: [...tiers],
    seenTiers,
    tables,
    greedyTables,
    perSeed,
    targetTables,
    probe,
    calibration,
    knownDecodableAuroc: decodable,
    claims,
    extensions,
    checks,
    invariants,
    samplesPerQuery,
    samplesPerAnswer: { ...(results[0]?.samplesPerAnswer ?? {}) },
    pretrain: results.map((r) => ({ steps: r.pretrainSteps, loss: r.pretrainLoss })),
    timings: results.map((r) => r.timings),
  };
}
