// The whole harness on the demo experiment's smoke preset, in process: run folder layout,
// config.json, metrics, summary, claims, report, CSV, Markdown table, plot, latest pointer.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LatestPointer, RunRecord, type RunResult, readMetrics, runExperiment } from '../src/index.js';
import { type DemoSummary, demoExperiment } from './fixtures/demo-experiment.js';
import { collectLog, makeTempDir } from './helpers.js';

describe('demo experiment, smoke preset on wasm', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let result: RunResult<DemoSummary>;
  const log = collectLog();

  beforeAll(async () => {
    temp = await makeTempDir('demo');
    result = await runExperiment(demoExperiment, {
      preset: 'smoke',
      seed: 3,
      backend: 'wasm',
      outRoot: temp.dir,
      poolSize: 2,
      logSinks: [log.sink],
      interactive: false,
    });
  }, 60_000);
  afterAll(() => temp.remove());

  test('the run folder is results/<study>/<preset>/<run-id> and holds every file', () => {
    expect(result.status).toBe('complete');
    expect(result.runDir).toBe(join(temp.dir, 'demo', 'smoke', result.runId));
    expect(result.runId).toMatch(/^\d{8}-\d{6}-seed3$/);
    for (const file of [
      'config.json',
      'metrics.jsonl',
      'summary.json',
      'claims.json',
      'report.md',
      'run.log',
      'checkpoint',
      'fits.csv',
      'fits.md',
      'loss.svg',
      'loss.vl.json',
    ]) {
      expect(existsSync(join(result.runDir, file)), file).toBe(true);
    }
    expect(existsSync(join(result.runDir, 'lock.json'))).toBe(false);
  });

  test('config.json records the resolved config, seed, backend and provenance', () => {
    const record = RunRecord.parse(JSON.parse(readFileSync(join(result.runDir, 'config.json'), 'utf8')));
    expect(record.preset).toBe('smoke');
    expect(record.seed).toBe(3);
    expect(record.config.steps).toBe(120);
    expect(record.config.batchSize).toBe(32);
    expect(record.backend.name).toBe('wasm');
    expect(record.backend.reason).not.toBe('');
    expect(Object.keys(record.versions)).toEqual(
      expect.arrayContaining(['lab', 'core-tensor', 'demo', 'tfjs']),
    );
    expect(record.git.commit).toMatch(/^([0-9a-f]{40}|unknown)$/);
    expect(record.node).toBe(process.version);
  });

  test('metrics.jsonl has one line every logEvery steps', () => {
    const metrics = readMetrics(join(result.runDir, 'metrics.jsonl'));
    expect(metrics.map((m) => m.step)).toEqual(Array.from({ length: 12 }, (_, i) => i * 10));
  });

  test('the fit recovers the slope; the pool fitted the two extra seeds', () => {
    expect(result.summary.slope).toBeCloseTo(3, 1);
    expect(result.summary.poolFits.map((fit) => fit.seed)).toEqual([101, 102]);
    const stored = JSON.parse(readFileSync(join(result.runDir, 'summary.json'), 'utf8'));
    expect(stored).toEqual(result.summary);
  });

  test("claims: every claim decided by lab's rule, one reproduced and one not, with effect and gates", () => {
    expect(result.claims.map((claim) => [claim.id, claim.verdict, claim.rule])).toEqual([
      ['fits-the-data', 'reproduced', 'lab'],
      ['loss-below-target', 'not reproduced', 'lab'],
    ]);
    const [fits, target] = result.claims;
    expect(fits!.effect).toMatchObject({ unit: 'point', n: 128, smallest: 0.5 });
    expect(fits!.effect!.ci[0]).toBeGreaterThan(0);
    expect(fits!.gates).toEqual([
      { name: 'training-converged', passed: true, value: result.summary.finalLoss, threshold: '≤ 0.05' },
    ]);
    expect(target!.effect!.ci[1]).toBeLessThan(1e-5);
    expect(target!.decision).toMatch(/^CI \[.*\] below δ 0.00001$/);
    const report = readFileSync(result.reportPath, 'utf8');
    expect(report).toContain('# demo: Least squares (a demo)');
    expect(report).toContain('| id | statement | paper | measured | effect [CI] | gates | verdict |');
    expect(report).toContain(
      '| loss-below-target | The held-out squared error is below the target | MSE below 1e-4 |',
    );
    expect(report).toContain('✓ training-converged');
    expect(report).toContain('How a verdict is decided');
    expect(report).toContain(
      '| errors-nonnegative | A squared error is never negative | test/demo-experiment.test.ts | holds: 128 points |',
    );
    expect(report).toContain('## Fits per seed');
    expect(report).toContain('| steps | 120 | 400 | preset smoke |');
  });

  test('units: the held-out points are written as CSV beside claims.json', () => {
    const lines = readFileSync(join(result.runDir, 'units', 'points.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('x,y,fitted,mean');
    expect(lines).toHaveLength(129);
  });

  test('writers: CSV with a header, an SVG rendered by vega, latest.json pointing at the run', () => {
    const csv = readFileSync(join(result.runDir, 'fits.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('seed,slope,intercept,finalLoss');
    expect(csv.filter((line) => line !== '')).toHaveLength(4);
    const svg = readFileSync(join(result.runDir, 'loss.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Training loss');
    const pointer = LatestPointer.parse(
      JSON.parse(readFileSync(join(temp.dir, 'demo', 'smoke', 'latest.json'), 'utf8')),
    );
    expect(pointer).toMatchObject({ runId: result.runId, runDir: result.runId, status: 'complete' });
  });

  test('without a terminal, progress is an occasional log line', () => {
    expect(log.text()).toContain('train: 30/120 (25%)');
    expect(log.text()).toContain('train: 120/120 (100%)');
  });

  test('running a finished run folder again runs nothing and returns its results', async () => {
    const again = await runExperiment(demoExperiment, {
      resume: result.runDir,
      backend: 'wasm',
      logSinks: [],
      interactive: false,
    });
    expect(again.status).toBe('already complete');
    expect(again.summary).toEqual(result.summary);
    expect(again.claims).toEqual(result.claims);
  });
});
