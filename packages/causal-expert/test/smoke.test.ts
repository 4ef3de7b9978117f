// The experiment's smoke preset end to end into a temp folder (what CI runs).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClaimResult, InvariantResult, runExperiment } from 'lab';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { experiment } from '../src/experiment.js';

describe('causal-expert smoke preset', () => {
  const outRoot = mkdtempSync(join(tmpdir(), 'causal-expert-smoke-'));
  let runDir = '';
  beforeAll(async () => {
    const result = await runExperiment(experiment, {
      preset: 'smoke',
      seed: 0,
      backend: 'wasm',
      outRoot,
      poolSize: 1,
      logSinks: [],
      interactive: false,
    });
    expect(result.status).toBe('complete');
    runDir = result.runDir;
  }, 170_000);
  afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

  test('writes the report, summary, claims and plots', () => {
    for (const file of [
      'report.md',
      'summary.json',
      'claims.json',
      'config.json',
      'oracle-cells.csv',
      'coverage-vs-eta-eps0.1.svg',
      'reliability-gpt3.svg',
      'invariants.json',
      'units/oracleCells.csv',
      'units/bayesCells.csv',
      'units/naiveCells.csv',
      'units/replayRuns.csv',
      'units/answers.csv',
    ])
      expect(existsSync(join(runDir, file)), file).toBe(true);
    const report = readFileSync(join(runDir, 'report.md'), 'utf8');
    expect(report).toContain('Oracle sweep at η = 0.1');
    expect(report).toContain('Calibration of the cached GPT-3 answers');
    expect(report).toContain('PC-stable against the frozen peer outputs');
    expect(report).toContain('NOTEARS-linear baseline');
    expect(report).toContain('LLM expert fake-model on asia (replay');
  });

  test("every claim is decided by lab's rule, the invariants hold, the oracle cells cover all four semantics", () => {
    const claims = z.array(ClaimResult).parse(JSON.parse(readFileSync(join(runDir, 'claims.json'), 'utf8')));
    expect(claims.map((c) => c.id)).toEqual(
      expect.arrayContaining(['C1', 'C2', 'C4a', 'C4b', 'C4c', 'C5-size', 'C5-risk', 'C6-003', 'C7-003']),
    );
    expect(claims.every((c) => c.rule === 'lab')).toBe(true);
    const invariants = z
      .array(InvariantResult)
      .parse(JSON.parse(readFileSync(join(runDir, 'invariants.json'), 'utf8')));
    expect(invariants.map((i) => [i.id, i.holds])).toEqual([
      ['C1-valid', true],
      ['C3', true],
    ]);
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    const semantics = new Set(summary.oracle.map((c: { semantics: string }) => c.semantics));
    expect([...semantics].sort()).toEqual(['corrected', 'corrected-product', 'official-2024', 'paper-2023']);
    // Under the truth-keyed leak G* is kept in every asia run at η = 0.1 (§9.2: 1.000).
    const leak = summary.oracle.find(
      (c: { network: string; semantics: string; strategy: string; eta: number; expert: string }) =>
        c.network === 'asia' &&
        c.semantics === 'official-2024' &&
        c.strategy === 'risk' &&
        c.eta === 0.1 &&
        c.expert === 'epsilon',
    );
    expect(leak.coverage).toBe(1);
    expect(summary.invalidMembers.every((r: { invalid: number }) => r.invalid === 0)).toBe(true);
    // The asia fixture comparison: pcalg-mode G² reproduces pcalg's skeleton, marks and test count.
    const pcalg = summary.pc.fixtures.filter((r: { peer: string }) => r.peer === 'pcalg_pc_G2');
    expect(pcalg.map((r: { marksEqual: boolean; ourNtests: number }) => [r.marksEqual, r.ourNtests])).toEqual(
      [
        [true, 141],
        [true, 157],
      ],
    );
    // The replayed fake-server recording covers asia's 3 undirected edges, asked in both orders.
    expect(summary.llm[0].answers).toHaveLength(6);
    // Every PC output reaches the expert pipeline.
    expect(summary.pc.usability.usableAfter).toBe(summary.pc.usability.outputs);
    expect(summary.llm[0].answers.every((a: { fromCache: boolean }) => a.fromCache)).toBe(true);
  });
});
