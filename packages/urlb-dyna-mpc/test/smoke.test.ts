// The smoke preset end to end (brief §8 `smoke`): every code path, into a temporary --out folder.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recheckRun, runExperimentCli } from 'lab';
import { afterAll, describe, expect, test } from 'vitest';
import { experiment, Summary } from '../src/experiment.js';

const out = mkdtempSync(join(tmpdir(), 'urlb-smoke-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('smoke preset', () => {
  test('runs PT (six methods + pixels), FT (five conditions + a snapshot), unit tables, claims and report', async () => {
    const code = await runExperimentCli(experiment, ['--preset', 'smoke', '--out', out, '--workers', '2']);
    expect(code).toBe(0);
    const presetDir = join(out, 'urlb-dyna-mpc', 'smoke');
    const runId = readdirSync(presetDir).find((name) => name !== 'latest.json')!;
    const runDir = join(presetDir, runId);
    for (const file of [
      'config.json',
      'summary.json',
      'claims.json',
      'report.md',
      'metrics.jsonl',
      'learning-curves.svg',
      'units/curves.csv',
      'units/runs.csv',
    ]) {
      expect(existsSync(join(runDir, file)), file).toBe(true);
    }
    const summary = Summary.parse(JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')));
    expect(summary.pretrain.map((r) => r.method).sort()).toEqual([
      'apt',
      'icm',
      'lbs',
      'lbs',
      'plan2explore',
      'random',
      'rnd',
    ]);
    expect(summary.pretrain.every((r) => r.updates >= 2)).toBe(true);
    expect(summary.finetune.map((r) => r.condition).sort()).toEqual([
      'no-init-actor',
      'pt-actor',
      'pt-actor@280',
      'pt-frozen',
      'pt-mpc',
      'scratch',
    ]);
    const mpc = summary.finetune.find((r) => r.condition === 'pt-mpc')!;
    expect(mpc.plannedActions).toBeGreaterThan(0);
    expect(mpc.latentStepsPerAction).toBeGreaterThan(0);
    for (const r of summary.finetune) {
      expect(r.finalScore).toBeGreaterThanOrEqual(0);
      // a learning curve: frame 0 (every condition, pt-mpc included), every 250 frames, the end
      expect(r.evaluations.map((e) => e.frame)).toEqual([0, 250, 500]);
      expect(r.openLoopError).toBeGreaterThan(0);
      expect(r.copyLastError).toBeGreaterThan(0);
    }
    expect(summary.taskChecks.map((c) => c.task)).toHaveLength(8);
    expect(summary.taskChecks.find((c) => c.task === 'quadruped_jump')!.observationSize).toBe(78);
    for (const frame of summary.frames) expect(existsSync(join(runDir, frame)), frame).toBe(true);
    const claims = JSON.parse(readFileSync(join(runDir, 'claims.json'), 'utf8'));
    const ids = (Array.isArray(claims) ? claims : claims.claims).map((c: { id: string }) => c.id);
    expect(ids).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8-critic', 'C8-actor', 'C9']);
    const report = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(report).toMatch(/Health gates/);
    expect(report).toMatch(/scratch-learns/);
    expect(report).toMatch(/C9/);
    // The claims are decided on the unit tables read back from disk: a recheck gives the same file.
    const recheck = await recheckRun(runDir, experiment);
    expect(recheck.changed).toEqual([]);
  });

  test('a rerun of the finished run folder restores every pool job instead of recomputing', async () => {
    const presetDir = join(out, 'urlb-dyna-mpc', 'smoke');
    const runId = readdirSync(presetDir).find((name) => name !== 'latest.json')!;
    const jobsDir = join(presetDir, runId, 'checkpoint', 'jobs');
    expect(readdirSync(jobsDir).length).toBeGreaterThanOrEqual(8 + 1 + 7 + 6);
  });
});
