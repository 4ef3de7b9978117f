// Unit tables round-trip through CSV (gzip past 1 MB) exactly, and a finished run's claims.json is
// recomputed from its folder alone: the same file, until a unit in it changes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { z } from 'zod';
import { type RunResult, readUnitTables, recheckRun, runExperiment } from '../src/index.js';
import { writeUnitTable } from '../src/units.js';
import { type DemoSummary, demoExperiment } from './fixtures/demo-experiment.js';
import { collectLog, makeTempDir, startTsx } from './helpers.js';

const Row = z.object({ task: z.string(), seed: z.number().int(), success: z.boolean(), score: z.number() });

describe('unit tables', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir('units');
  });
  afterAll(() => temp.remove());

  test('numbers, booleans and awkward strings come back exactly', async () => {
    const rows = [
      { task: 'click, then "type"', seed: 0, success: true, score: 0.1 + 0.2 },
      { task: 'line\nbreak', seed: 1, success: false, score: -1e-300 },
    ];
    await writeUnitTable(temp.dir, 'episodes', Row, rows);
    expect(await readUnitTables(temp.dir, { episodes: Row })).toEqual({ episodes: rows });
  });

  test('a table past 1 MB is written gzip-compressed and reads back the same', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => ({
      task: `task-${i % 26}`,
      seed: i,
      success: i % 3 === 0,
      score: Math.sin(i),
    }));
    const path = await writeUnitTable(temp.dir, 'big', Row, rows);
    expect(path.endsWith('big.csv.gz')).toBe(true);
    expect((await readUnitTables(temp.dir, { big: Row })).big).toEqual(rows);
  }, 60_000); // 40,000 rows: a hang guard for a loaded 2-core CI machine

  test('a row that does not match its schema is refused on write, and on read names file and row', async () => {
    await expect(
      writeUnitTable(temp.dir, 'bad', Row, [{ task: 'a', seed: 0.5, success: true, score: 1 }]),
    ).rejects.toThrow(/unit table 'bad' does not match its schema/);
    mkdirSync(join(temp.dir, 'units'), { recursive: true });
    writeFileSync(join(temp.dir, 'units', 'broken.csv'), 'task,seed,success,score\na,zero,true,1\n');
    await expect(readUnitTables(temp.dir, { broken: Row })).rejects.toThrow(
      /units\/broken\.csv row 2 does not match its schema/,
    );
  });

  test('a declared table the run did not write reads as empty', async () => {
    expect(await readUnitTables(temp.dir, { missing: Row })).toEqual({ missing: [] });
  });
});

describe('recheck', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let result: RunResult<DemoSummary>;

  beforeAll(async () => {
    temp = await makeTempDir('recheck');
    result = await runExperiment(demoExperiment, {
      preset: 'smoke',
      backend: 'wasm',
      outRoot: join(temp.dir, 'results'),
      overrides: { poolSeeds: [] },
      logSinks: [collectLog().sink],
      interactive: false,
    });
  }, 60_000);
  afterAll(() => temp.remove());

  test('recomputing from summary.json and units/ gives the same claims.json', async () => {
    const before = readFileSync(join(result.runDir, 'claims.json'), 'utf8');
    const recheck = await recheckRun(result.runDir, demoExperiment);
    expect(recheck.changed).toEqual([]);
    expect(`${JSON.stringify(recheck.claims, null, 2)}\n`).toBe(before);
    expect(existsSync(join(result.runDir, 'invariants.json'))).toBe(true);
  });

  test('the CLI finds the study from config.json, says "identical" and exits 0; after a unit changes it rewrites the file and exits 1', async () => {
    // A throwaway workspace whose 'demo' study is the fixture, holding a copy of the run folder.
    const workspace = join(temp.dir, 'workspace');
    mkdirSync(join(workspace, 'packages', 'demo', 'src'), { recursive: true });
    writeFileSync(join(workspace, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
    writeFileSync(
      join(workspace, 'packages', 'demo', 'package.json'),
      '{ "name": "demo", "type": "module" }',
    );
    const fixture = fileURLToPath(new URL('./fixtures/demo-experiment.ts', import.meta.url));
    writeFileSync(
      join(workspace, 'packages', 'demo', 'src', 'experiment.ts'),
      `export { demoExperiment } from '${fixture}';\n`,
    );
    const runDir = join(workspace, 'results', 'demo', 'smoke', result.runId);
    mkdirSync(join(runDir, 'units'), { recursive: true });
    for (const file of ['config.json', 'summary.json', 'claims.json', 'units/points.csv'])
      writeFileSync(join(runDir, file), readFileSync(join(result.runDir, file)));
    const cli = fileURLToPath(new URL('../src/recheck-cli.ts', import.meta.url));

    const same = await startTsx(cli, [runDir], workspace).done;
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain('claims.json: identical (2 claims)');

    // Every held-out prediction replaced by the mean: the line no longer beats the mean.
    const csv = readFileSync(join(runDir, 'units', 'points.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    const flattened = [
      csv[0],
      ...csv.slice(1).map((line) => {
        const [x, y, , mean] = line.split(',');
        return [x, y, mean, mean].join(',');
      }),
    ];
    writeFileSync(join(runDir, 'units', 'points.csv'), `${flattened.join('\n')}\n`);
    const changed = await startTsx(cli, [runDir], workspace).done;
    expect(changed.code, changed.stderr).toBe(1);
    expect(changed.stdout).toContain('claims.json: differs in fits-the-data');
    const rewritten = JSON.parse(readFileSync(join(runDir, 'claims.json'), 'utf8'));
    expect(rewritten[0].verdict).toBe('not reproduced');
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine

  test('a folder without summary.json cannot be rechecked', async () => {
    await expect(recheckRun(temp.dir, demoExperiment)).rejects.toThrow(
      /holds no summary.json: only a finished run/,
    );
  });
});
