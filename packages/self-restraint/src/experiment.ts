// The study wired into lab: one pool job per seed (src/seedJob.ts), then the analysis (claims under
// R(δ), extension checks, testbed checks), tables, plots and the report.
import { join } from 'node:path';
import { defineExperiment, isMainModule, linePlot, runExperimentCli, type VegaLiteSpec } from 'lab';
import { z } from 'zod';
import { analyse, type Summary } from './analysis.js';
import { CLAIMS } from './claims.js';
import { resolvedTiers, SelfRestraintConfig, type SelfRestraintInput } from './config.js';
import {
  paretoRows,
  probeRows,
  renderChecks,
  renderCleanLabel,
  renderSelective,
  renderTierTable,
  targetSelectivityRows,
  tierRows,
} from './report.js';
import type { SeedResult } from './seedJob.js';
import { plotVariants, riskCoverageRows, selectiveVariants } from './selectiveAnalysis.js';
import { heldoutRows, targetRows as targetUnitRows, UNIT_SCHEMAS } from './units.js';

const SeedResultSchema = z.custom<SeedResult>(
  (value) => typeof value === 'object' && value !== null && 'units' in value,
  'a seed result',
);

/** The `paper` column of brief §10 for biographies. */
const PAPER_BIOS = {
  seeds: [0, 1, 2, 3, 4],
  world: { entitiesPerTier: 2000, syllables: 48 },
  model: { dModel: 256, layers: 4, heads: 8 },
  pretrain: { batchSize: 256 },
  research: { rhoSweep: [0.3, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9] },
  finetune: { epochs: 10, batchSize: 64 },
  dpo: { enabled: true },
  eval: { bootstrap: 10000 },
  variants: { extrasOnAllSeeds: true },
} satisfies SelfRestraintInput;

export const experiment = defineExperiment({
  name: 'self-restraint',
  paper: {
    title: 'LLMs can learn self-restraint through iterative self-reflection',
    authors: 'Alexandre Piché, Aristides Milios, Dzmitry Bahdanau, Chris Pal',
    venue: 'Transactions on Machine Learning Research (09/2025); arXiv 2405.13022',
    url: 'https://arxiv.org/abs/2405.13022',
  },
  source: import.meta.url,
  config: SelfRestraintConfig,
  presets: {
    smoke: {
      seeds: [0],
      world: {
        entitiesPerTier: 10,
        tiers: [
          { name: 'top', docs: 60 },
          { name: 'mid', docs: 12 },
          { name: 'low', docs: 3 },
          { name: 'bottom', docs: 1 },
          { name: 'unseen', docs: 0 },
        ],
      },
      model: { dModel: 32, layers: 1, heads: 2 },
      pretrain: { steps: 20, checkpointEvery: 10 },
      research: { rounds: 2, samplesPerRound: 4, rhoSweep: [0.5, 0.8] },
      finetune: { epochs: 2, minSteps: 0 },
      dpo: { enabled: true, epochs: 1 },
      eval: { samplesPerEntity: 2, bootstrap: 100 },
    },
    // Sized for this 2-core machine (see README): 60 entities per tier (150 fine-tuning entities,
    // the prototype's 300-entity world), one pass of the stream, the brief's three seeds, one per process.
    default: {
      seeds: [0, 1, 2],
      world: { entitiesPerTier: 60 },
    },
    paper: PAPER_BIOS,
    // The paper's second task (brief §10): historical events, a separate world and model.
    'paper-events': { ...PAPER_BIOS, world: { ...PAPER_BIOS.world, schema: 'events' } },
  },
  units: UNIT_SCHEMAS,
  claims: CLAIMS,

  async run(config, ctx) {
    const tiers = resolvedTiers(config.world).map((t) => t.name);
    ctx.log.info(
      `self-restraint: ${config.seeds.length} seed(s), tiers ${tiers.join('/')}, backend ${ctx.backend.name}`,
    );
    const results = await ctx.pool.map(
      config.seeds.map((seed, index) => ({
        module: new URL('./seedJob.ts', import.meta.url),
        fn: 'runSeed',
        args: {
          seed,
          config: JSON.parse(JSON.stringify(config)),
          workDir: join(ctx.runDir, 'checkpoint', 'work', `seed-${seed}`),
          exportDir: join(ctx.runDir, 'exports', `seed-${seed}`),
          extras: index === 0 || config.variants.extrasOnAllSeeds,
        },
      })),
      SeedResultSchema,
    );
    for (const r of results) for (const point of r.lossCurve ?? []) ctx.metric({ seed: r.seed, ...point });
    for (const r of results) {
      ctx.metric({
        seed: r.seed,
        pretrainSteps: r.pretrainSteps,
        pretrainLoss: r.pretrainLoss,
        ...Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [`seconds.${k}`, v])),
      });
    }
    const summary = analyse(
      results,
      config.research.rho,
      [...new Set([config.research.rho, ...config.research.rhoSweep])].sort((a, b) => a - b),
      tiers,
      config.eval.bootstrap,
      config.eval.minResponding,
    );
    await writeOutputs(summary, results, ctx);
    return JSON.parse(
      JSON.stringify(summary, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)),
    ) as Summary;
  },
});

async function writeOutputs(
  summary: Summary,
  results: readonly SeedResult[],
  ctx: Parameters<typeof experiment.run>[1],
): Promise<void> {
  const gate = summary.checks.find((c) => c.id === 'calibration-gate');
  if (gate) {
    ctx.log.warn(gate.statement);
    ctx.addReportSection('WARNING: calibration gate', `${gate.statement}. ${gate.measured}.`);
  }
  await ctx.writeUnits('heldout', heldoutRows(results));
  await ctx.writeUnits('targets', targetUnitRows(results));
  ctx.addReportSection('Clean-label gate (issue 15)', renderCleanLabel(summary));
  ctx.addReportSection('Extension checks (ours, not paper claims)', renderChecks(summary.extensions));
  ctx.addReportSection('Testbed checks (acceptance criteria A, B, D5)', renderChecks(summary.checks));
  const rs = `research-sft@${summary.rho}`;
  ctx.addReportSection(
    `Per tier, held-out entities: base vs ${rs} (4 samples at τ = 1)`,
    renderTierTable(summary, ['base', rs]),
  );
  const variants = Object.keys(summary.tables);
  ctx.addReportSection(
    'Every variant, overall (mean over seen tiers) and per tier',
    renderTierTable(summary, variants),
  );
  await ctx.writeCsv('tiers.csv', tierRows(summary));
  await ctx.writeCsv('probe.csv', probeRows(summary));
  ctx.addReportSection(
    'Knowledge probe (greedy accuracy per tier)',
    await ctx.writeMarkdownTable('probe.md', probeRows(summary)),
  );
  const targetRows = Object.entries(summary.targetTables).flatMap(([variant, byTier]) =>
    Object.entries(byTier).map(([tier, m]) => ({ variant, tier, ...m })),
  );
  ctx.addReportSection(
    "Targets' abstention by tier (ReSearch entities): the selectivity the fine-tuned model can imitate",
    await ctx.writeMarkdownTable('target-selectivity.md', targetSelectivityRows(summary)),
  );
  ctx.addReportSection(
    'Search targets (ReSearch entities; true utility at ρ = 0.5)',
    await ctx.writeMarkdownTable('targets.md', targetRows),
  );
  const calRows = (['all', 'clean', 'corrupted'] as const).flatMap((split) =>
    summary.calibration[split].map((b) => ({
      split,
      bin: `[${b.lo.toFixed(1)}, ${b.hi.toFixed(1)})`,
      count: b.count,
      accuracy: b.accuracy,
      meanConfidence: b.meanConfidence,
    })),
  );
  ctx.addReportSection(
    'Self-evaluation reliability (ReSearch pools)',
    await ctx.writeMarkdownTable('calibration.md', calRows),
  );
  await ctx.writePlot('pareto.svg', paretoSpec(paretoRows(summary)));
  const curve = results.flatMap((r) =>
    (r.lossCurve ?? []).map((p) => ({ seed: String(r.seed), step: p.step, loss: p.loss })),
  );
  if (curve.length)
    await ctx.writePlot(
      'loss.svg',
      linePlot({
        data: curve,
        x: 'step',
        y: 'loss',
        series: 'seed',
        title: 'Pretraining loss (NLL per token after the name)',
      }),
    );
  await ctx.writePlot('calibration.svg', calibrationSpec(calRows.filter((r) => r.count > 0)));
  ctx.addReportSection('Selective prediction (issue 15, point 6)', renderSelective(summary));
  const riskRows = riskCoverageRows(results, plotVariants(selectiveVariants(results), summary.rho));
  if (riskRows.length)
    await ctx.writePlot(
      'risk-coverage.svg',
      linePlot({
        data: riskRows,
        x: 'coverage',
        y: 'risk',
        series: 'variant',
        title: 'Risk vs coverage (held-out; answer the lowest P(<idk>) first)',
        xTitle: 'coverage (share answered)',
        yTitle: 'risk (mean loss of the answered)',
      }),
    );
  const examples = results.flatMap((r) => r.examples.map((e) => ({ seed: r.seed, ...e })));
  ctx.addReportSection(
    'Examples (held-out entities; ✓ true, ✗ false claim)',
    await ctx.writeMarkdownTable(
      'examples.md',
      examples.filter((e) => e.seed === results[0]?.seed),
    ),
  );
  const timingRows = results.flatMap((r) =>
    Object.entries(r.timings).map(([stage, seconds]) => ({
      seed: r.seed,
      stage,
      seconds: Math.round(seconds * 10) / 10,
    })),
  );
  await ctx.writeCsv('timings.csv', timingRows);
  ctx.addReportSection(
    'Not checked',
    "The paper's FActScore-benchmark numbers and any absolute number: no figure of the paper is confirmed from its text, and 'reproduced' means the phenomenon recurs in the synthetic world, never the number.",
  );
}

function paretoSpec(rows: ReturnType<typeof paretoRows>): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'False vs true claims per answer (held-out; lines: research-sft and filter16 over ρ)',
    data: { values: rows.map((r) => ({ ...r })) },
    facet: { field: 'panel', type: 'nominal', title: null },
    columns: 3,
    spec: {
      width: 220,
      height: 180,
      layer: [
        {
          transform: [{ filter: 'datum.curve != null' }],
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'trueClaims', type: 'quantitative', title: 'true claims / answer' },
            y: { field: 'falseClaims', type: 'quantitative', title: 'false claims / answer' },
            color: { field: 'curve', type: 'nominal', title: 'front' },
            order: { field: 'rho', type: 'quantitative' },
          },
        },
        {
          transform: [{ filter: 'datum.curve == null' }],
          mark: { type: 'point', filled: true, size: 60 },
          encoding: {
            x: { field: 'trueClaims', type: 'quantitative' },
            y: { field: 'falseClaims', type: 'quantitative' },
            shape: { field: 'variant', type: 'nominal', title: 'variant' },
          },
        },
      ],
    },
  } as VegaLiteSpec;
}

function calibrationSpec(rows: { split: string; meanConfidence: number; accuracy: number }[]): VegaLiteSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Reliability of p̂ (ReSearch pools): clean vs corrupted pairs',
    width: 360,
    height: 280,
    data: { values: rows.map((r) => ({ ...r })) },
    layer: [
      {
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'meanConfidence', type: 'quantitative', title: 'mean p̂', scale: { domain: [0, 1] } },
          y: { field: 'accuracy', type: 'quantitative', title: 'share true', scale: { domain: [0, 1] } },
          color: { field: 'split', type: 'nominal' },
        },
      },
      {
        data: {
          values: [
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ],
        },
        mark: { type: 'line', strokeDash: [4, 4], color: 'gray' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
    ],
  } as VegaLiteSpec;
}

if (isMainModule(import.meta.url))
  process.exitCode = await runExperimentCli(experiment, process.argv.slice(2));
