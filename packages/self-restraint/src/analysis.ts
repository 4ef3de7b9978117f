// From the seeds' results to the summary: per-tier tables (with bootstrap CIs where claims need them),
// the paper's claims (brief §7) and our extension checks (brief §8) under the rule R(δ), and the
// testbed checks of the acceptance criteria (brief §14 A, B, D5). δ values are fixed by the brief.
import type { Verdict } from 'lab';
import { type CleanLabelGate, cleanLabelGateOf } from './cleanLabelGate.js';
import { type CorruptionComparison, compareCorruption } from './corruption.js';
import { type MetricName, type TierMetrics, tierTable } from './evaluate.js';
import { metricsOf, type Sample, targetUtility } from './metrics.js';
import type { SeedResult } from './seedJob.js';
import { type SelectiveRow, selectiveTable } from './selectiveAnalysis.js';
import {
  allOf,
  auroc,
  type Estimate,
  estimateOf,
  expectedCalibrationError,
  type ReliabilityBin,
  reliability,
  unitsOf,
  verdictOf,
} from './stats.js';
import { testbedChecks } from './testbedChecks.js';

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
    confidentlyWrong: CorruptionComparison;
  };
  knownness: ({ seed: number } & SeedResult['knownness'])[];
  cleanLabel: CleanLabelGate;
  /** Selective prediction per fine-tuned variant, held-out items pooled over seeds (issue 15, point 6). */
  selective: Record<string, SelectiveRow>;
  /** What the claims read besides the unit tables (src/claims.ts). */
  bootstrapDraws: number;
  minResponding: number;
  extensions: CheckResult[];
  checks: CheckResult[];
  invariants: SeedResult['invariants'][];
  samplesPerQuery: Record<string, number[]>;
  samplesPerAnswer: Record<string, number>;
  pretrain: { steps: number; loss: number }[];
  timings: Record<string, number>[];
}

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
const ci = (e: Estimate) =>
  `${f3(e.value)} [${f3(e.lo)}, ${f3(e.hi)}], per seed ${e.perSeed.map(f3).join(' / ')}`;

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
  const _bottom = tiers.includes('bottom') ? 'bottom' : tiers[tiers.length - 2]!;
  const unknown = tiers.filter((t) => t === 'bottom' || t === 'unseen');
  // the bootstrap units: held-out entities and search targets, per seed (resampled within seed × tier)
  const heldout = unitsOf(results.map((r) => r.tiersHeldout));
  const targets = unitsOf(results.map((r) => r.tiersResearch));
  const rs = `research-sft@${rho}`;
  const utilityKey: MetricName = `utility@${0.5}`;
  const metricsRhos = [...new Set([0.5, ...rhos])];

  const { metric, targetMean, reduction } = metricsOf(results, tiers, seenTiers, metricsRhos);
  const est = (stat: (s: Sample) => number, label: string, units: Sample = heldout) =>
    estimateOf(units, stat, draws, label);
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
  // confidentlyWrong: the share of false pool claims that self-evaluation rates above ρ, corrupted
  // pairs against mentioned clean pairs of the same tiers (src/corruption.ts)
  const confidentlyWrong = compareCorruption(points, rho);
  const calibration = {
    all: bins,
    clean: reliability(cleanPoints),
    corrupted: reliability(corruptedPoints),
    ece: expectedCalibrationError(bins),
    auroc: auroc(points),
    confidentlyWrong,
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
  const needed = est(reduction(rs, 'research-noabst-sft', unknown), 'abstention-needed');
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
  const probes = results.map((r) => r.knownness.probe);
  const outputs = results.map((r) => r.knownness.output.auroc);
  extensions.push({
    id: 'knownness',
    statement:
      'Does the pretrained model tell a known name from an unknown one on held-out names? (cross-validated probe and output score, AUROC ≥ 0.75 each)',
    paper: 'ours',
    measured: `${top} vs ${unknown.join(' + ')}: probe AUROC training names ${probes.map((p) => f3(p.trainAuroc)).join(' / ')}, cross-validated ${probes.map((p) => f3(p.crossValidatedAuroc)).join(' / ')}, held-out names ${probes.map((p) => f3(p.heldoutAuroc)).join(' / ')} (L2 ${probes.map((p) => p.l2).join(' / ')}); output score (max P at <bos> name) ${outputs.map(f3).join(' / ')}`,
    verdict: [...probes.map((p) => p.heldoutAuroc), ...outputs].every((a) => a >= 0.75)
      ? 'reproduced'
      : [...probes.map((p) => p.heldoutAuroc), ...outputs].some((a) => a < 0.6)
        ? 'not reproduced'
        : 'inconclusive',
  });
  extensions.push({
    id: 'corruption',
    statement:
      'Is self-evaluation wrong where the corpus is? (confidentlyWrong higher on corrupted pairs than on mentioned clean pairs of the same tiers)',
    paper: 'ours',
    measured: `share of false pool claims with p̂ > ρ: pairs with corrupted mentions ${f3(confidentlyWrong.corrupted)} (n ${confidentlyWrong.corruptedClaims} false claims), mentioned clean pairs, tier-matched ${f3(confidentlyWrong.clean)} (n ${confidentlyWrong.cleanClaims})`,
    verdict:
      confidentlyWrong.corruptedClaims < 20 || confidentlyWrong.cleanClaims < 20
        ? 'inconclusive'
        : confidentlyWrong.corrupted > confidentlyWrong.clean
          ? 'reproduced'
          : 'not reproduced',
  });

  const checks = testbedChecks({ results, tables, targetTables, tiers, top, unknown, rho, topBin, lowBin });
  const invariants = results.map((r) => r.invariants);

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
    knownness: results.map((r) => ({ seed: r.seed, ...r.knownness })),
    cleanLabel: cleanLabelGateOf(results),
    selective: selectiveTable(results),
    bootstrapDraws: draws,
    minResponding,
    extensions,
    checks,
    invariants,
    samplesPerQuery,
    samplesPerAnswer: { ...(results[0]?.samplesPerAnswer ?? {}) },
    pretrain: results.map((r) => ({ steps: r.pretrainSteps, loss: r.pretrainLoss })),
    timings: results.map((r) => r.timings),
  };
}
