// U18: the smoke preset end to end into a temp folder: every output of brief §12, every claim and
// check with a verdict, the exports readable and valid, the invariants of D5 hold.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperimentCli } from 'lab';
import { describe, expect, it } from 'vitest';
import { experiment } from '../src/experiment.js';
import { FactScoreLine, RecordLine, readJsonl, SftLine } from '../src/export.js';

describe('smoke preset', () => {
  it('runs every variant end to end and writes every output with a verdict per claim', async () => {
    const out = mkdtempSync(join(tmpdir(), 'self-restraint-smoke-'));
    const code = await runExperimentCli(experiment, ['--preset', 'smoke', '--out', out, '--workers', '1']);
    expect(code).toBe(0);
    const presetDir = join(out, 'self-restraint', 'smoke');
    const runId = readdirSync(presetDir).find((name) => name !== 'latest.json')!;
    const runDir = join(presetDir, runId);
    for (const file of [
      'config.json',
      'metrics.jsonl',
      'summary.json',
      'claims.json',
      'report.md',
      'tiers.csv',
      'probe.csv',
      'pareto.svg',
      'calibration.svg',
      'risk-coverage.svg',
      'examples.md',
    ])
      expect(existsSync(join(runDir, file)), file).toBe(true);

    const claims = JSON.parse(readFileSync(join(runDir, 'claims.json'), 'utf8')) as {
      id: string;
      verdict: string;
    }[];
    expect(claims.map((c) => c.id).sort()).toEqual(experiment.claims.map((c) => c.id).sort());
    for (const claim of claims)
      expect(['reproduced', 'not reproduced', 'inconclusive']).toContain(claim.verdict);

    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    const variants = Object.keys(summary.tables);
    for (const v of [
      'base',
      'research-sft@0.5',
      'research-sft@0.8',
      'search-sft',
      'oracle-research-sft',
      'research-noabst-sft',
      'gt-sft',
      'filter16@0.5',
      'research-test@0.5',
      'research-keep0.5-sft',
      'research-dpo@0.5',
    ])
      expect(variants, v).toContain(v);
    expect(summary.tables.base.top.answers).toBe(5 * 2); // 5 held-out top entities × 2 samples
    expect(summary.invariants[0].targetsPositiveOrAbstain).toBe(true);
    expect(summary.invariants[0].budgetExact).toBe(true);
    expect(summary.invariants[0].oraclePrecisionAboveRho).toBe(true);
    for (const check of [...summary.extensions, ...summary.checks])
      expect(['reproduced', 'not reproduced', 'inconclusive']).toContain(check.verdict);

    const report = readFileSync(join(runDir, 'report.md'), 'utf8');
    for (const claim of experiment.claims) expect(report).toContain(claim.id);
    expect(report).toContain('selfeval-calibration');
    expect(report).toContain('## Selective prediction');
    expect(report).toContain('AUROC P(idk) vs wrong');
    expect(summary.selective['research-sft@0.5'].items).toBe(25); // 25 held-out entities, one seed

    const exportDir = join(runDir, 'exports', 'seed-0');
    const sftLines = await readJsonl(join(exportDir, 'research-sft.jsonl'), SftLine);
    expect(sftLines.length).toBe(25); // ReSearch entities: 5 tiers × 5
    const records = await readJsonl(join(exportDir, 'research-records.jsonl'), RecordLine);
    expect(records.every((r) => r.candidates.length === 2 * 4)).toBe(true); // R × K in smoke
    const generations = await readJsonl(join(exportDir, 'generations.jsonl'), FactScoreLine);
    expect(generations.length).toBe(2 * 25 * 2); // two models × 25 held-out × 2 samples
  });
});
