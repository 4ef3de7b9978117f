// Tables and plot rows for the report: per-tier metrics by variant, probe, Pareto points, checks.
import { toMarkdownTable } from 'lab';
import type { CheckResult, Summary } from './analysis.js';
import { CLEAN_LABEL_MIN_AUROC } from './cleanLabelGate.js';

const r3 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : 'n/a');

/** One row per (variant, tier): the per-tier metrics of brief §6.1. */
export function tierRows(summary: Summary, variants: readonly string[] = Object.keys(summary.tables)) {
  const columns = [...summary.tiers, 'overall', 'all'];
  return variants.flatMap((variant) =>
    columns
      .filter((tier) => summary.tables[variant]?.[tier])
      .map((tier) => {
        const m = summary.tables[variant]![tier]!;
        return {
          variant,
          tier,
          abstain: r3(m.abstain),
          claims: r3(m.claimsPerResponse),
          true: r3(m.trueClaims),
          false: r3(m.falseClaims),
          factscore: r3(m.factscore),
          microPrecision: r3(m.microPrecision),
          'utility@0.5': r3(m.utility['0.5'] ?? Number.NaN),
          answers: m.answers,
        };
      }),
  );
}

export function renderTierTable(summary: Summary, variants: readonly string[]): string {
  return toMarkdownTable(tierRows(summary, variants));
}

export function probeRows(summary: Summary) {
  return Object.entries(summary.probe).map(([variant, byTier]) => ({
    variant,
    ...Object.fromEntries(Object.entries(byTier).map(([tier, p]) => [tier, r3(p.accuracy)])),
  }));
}

export function renderChecks(checks: readonly CheckResult[]): string {
  return toMarkdownTable(
    checks.map((c) => ({ ...c })),
    ['id', 'statement', 'paper', 'measured', 'verdict'],
  );
}

/** Points of the Pareto plot: research-sft and filter16 over ρ as curves, other variants as points. */
export function paretoRows(summary: Summary) {
  const rows: {
    panel: string;
    variant: string;
    curve: string | null;
    rho: number | null;
    trueClaims: number;
    falseClaims: number;
  }[] = [];
  for (const [variant, byTier] of Object.entries(summary.tables)) {
    const match = /^(research-sft|filter16)@(.+)$/.exec(variant);
    for (const panel of [...summary.tiers, 'overall']) {
      const m = byTier[panel];
      if (!m || !Number.isFinite(m.trueClaims) || !Number.isFinite(m.falseClaims)) continue;
      rows.push({
        panel,
        variant,
        curve: match ? match[1]! : null,
        rho: match ? Number(match[2]) : null,
        trueClaims: m.trueClaims,
        falseClaims: m.falseClaims,
      });
    }
  }
  return rows;
}

/** The clean-label gate: its value, the rule, and P(<idk>) per tier of each seed's oracle-SFT model. */
export function renderCleanLabel(summary: Summary): string {
  const { value, perSeed } = summary.cleanLabel;
  const rows = perSeed.map((s) => ({
    seed: s.seed,
    auroc: r3(s.auroc),
    ...Object.fromEntries(Object.entries(s.idkByTier).map(([tier, p]) => [`P(idk) ${tier}`, r3(p)])),
  }));
  const verdict =
    value >= CLEAN_LABEL_MIN_AUROC ? 'passes' : 'FAILS: every claim about a fine-tuned model is inconclusive';
  return `Gate value (min over seeds of the AUROC of P(<idk>), unknown vs top held-out entities, after SFT on oracle-selective targets): **${r3(value)}** (need ≥ ${CLEAN_LABEL_MIN_AUROC}; ${verdict}).\n\n${toMarkdownTable(rows)}`;
}

/** Targets' abstention by tier for each search (ReSearch entities): how selective the labels are. */
export function targetSelectivityRows(summary: Summary) {
  return Object.entries(summary.targetTables).map(([variant, byTier]) => ({
    variant,
    ...Object.fromEntries(summary.tiers.map((tier) => [tier, r3(byTier[tier]?.abstain ?? Number.NaN)])),
  }));
}

/** Selective prediction per variant (src/selectiveAnalysis.ts): the report's table. */
export function selectiveRows(summary: Summary) {
  return Object.entries(summary.selective).map(([variant, s]) => ({
    variant,
    items: s.items,
    wrong: s.wrong,
    'risk (all answered)': r3(s.risk),
    AURC: r3(s.aurc),
    'optimal AURC': r3(s.optimalAurc),
    'AUROC P(idk) vs wrong': r3(s.auroc),
    'coverage (own)': r3(s.ownCoverage),
    'risk (own)': r3(s.ownRisk),
  }));
}

export function renderSelective(summary: Summary): string {
  const rows = selectiveRows(summary);
  if (rows.length === 0)
    return 'No variant has selective-prediction items (evaluations cached before they existed).';
  return (
    'Held-out entities pooled over seeds. Abstention score P(`<idk>`) at the first answer token; loss = share of ' +
    'false claims in the greedy answer decoded with `<idk>` and `<eos>` banned first (no claims: 1); wrong = loss ≥ 0.5. AURC = ' +
    'mean risk over coverage when the lowest P(`<idk>`) are answered first (lower is better; the optimal AURC ' +
    "ranks by the loss itself). Own: where the variant's greedy answer does not abstain (`risk-coverage.svg`).\n\n" +
    toMarkdownTable(rows)
  );
}
