// `pnpm repro` in throwaway workspaces: with no study it says so and exits 0; an unknown name is an
// error listing the valid ones; a failing study is reported as failed (exit 1) while the others
// still run and get their claims table and a link to their run folder.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { demoCliPath, makeTempDir, startTsx, tsxLoaderUrl } from './helpers.js';

const reproCli = fileURLToPath(new URL('../src/repro-cli.ts', import.meta.url));

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir('repro');
  writeFileSync(join(temp.dir, 'package.json'), JSON.stringify({ name: 'throwaway', private: true }));
  writeFileSync(join(temp.dir, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
  addPackage('core-tensor', {});
});
afterEach(() => temp.remove());

function addPackage(name: string, scripts: Record<string, string>, repro?: object): void {
  mkdirSync(join(temp.dir, 'packages', name), { recursive: true });
  writeFileSync(
    join(temp.dir, 'packages', name, 'package.json'),
    JSON.stringify({ name, version: '1.0.0', scripts, ...(repro === undefined ? {} : { repro }) }),
  );
}

describe('pnpm repro', () => {
  test('no study package: lists the missing studies, writes a report saying so, exits 0', async () => {
    const result = await startTsx(reproCli, [], temp.dir).done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Studies present: none');
    expect(result.stdout).toContain(
      'Not present yet: causal-expert, mbo-diffusion, self-restraint, web-agents, urlb-dyna-mpc',
    );
    const report = readFileSync(join(temp.dir, 'results', 'REPORT.md'), 'utf8');
    expect(report).toContain('No study package is present yet, so nothing was run.');
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine

  test('an unknown or missing study name is an error listing the valid ones; nothing runs', async () => {
    addPackage('demo', { experiment: 'node -e "process.exit(0)"' });
    const result = await startTsx(reproCli, ['demo', 'web-agents', 'nonsense'], temp.dir).done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("'web-agents' is a known study but its package is not present yet");
    expect(result.stderr).toContain("'nonsense' is not a study");
    expect(result.stderr).toContain('Valid studies: demo');
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine

  test('a failing study is reported and makes the exit code 1; the other study still runs', async () => {
    addPackage('broken', { experiment: 'node -e "console.error(\'out of cheese\'); process.exit(3)"' });
    addPackage('demo', {
      experiment: `node --import ${tsxLoaderUrl} ${demoCliPath} --backend wasm --workers 1`,
    });
    const result = await startTsx(reproCli, [], temp.dir).done;
    expect(result.code, result.stderr).toBe(1);
    const report = readFileSync(join(temp.dir, 'results', 'REPORT.md'), 'utf8');
    expect(report).toMatch(/\| broken \| failed \|/);
    expect(report).toContain('out of cheese');
    expect(report).toMatch(/\| demo \| complete \| 1 reproduced, 1 not reproduced, 0 inconclusive \|/);
    expect(report).toMatch(/\[demo\/default\/[^\]]+\]\(demo\/default\/[^)]+\/report\.md\)/);
    expect(report).toContain(
      '| fits-the-data | The fitted line predicts held-out points better than their mean |',
    );
  }, 60_000);

  test('prerequisites are checked before any study starts: a study that lacks one is skipped with its fix, never started; the others run', async () => {
    const started = join(temp.dir, 'started.txt');
    const record = (name: string) =>
      `node -e "require('fs').appendFileSync('${started}', '${name} ' + process.argv.slice(1).join(' ') + '\\n')"`;
    addPackage('needs-browser', {
      experiment: record('needs-browser'),
      prerequisites: `node -e "console.error('missing: a browser | fix: apt-get install -y chromium'); process.exit(3)"`,
    });
    addPackage('needs-memory', { experiment: record('needs-memory') }, { memoryGiB: 1e6 });
    addPackage('ready', { experiment: record('ready'), prerequisites: 'node -e "process.exit(0)"' });
    const result = await startTsx(reproCli, ['--preset', 'smoke'], temp.dir).done;
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(
      'needs-browser: SKIPPED, missing a browser\n  fix: apt-get install -y chromium',
    );
    expect(result.stderr).toMatch(
      /needs-memory: SKIPPED, missing 1000000 GiB of memory \(this machine has [\d.]+\)/,
    );
    // Only the ready study started, with the preset given.
    expect(readFileSync(started, 'utf8').trim().split('\n')).toEqual([
      expect.stringMatching(/^ready .*--preset smoke/),
    ]);
    const report = readFileSync(join(temp.dir, 'results', 'REPORT.md'), 'utf8');
    expect(report).toMatch(/\| needs-browser \| skipped \|/);
    expect(report).toContain('- missing a browser; fix: apt-get install -y chromium');
    expect(report).not.toContain('rerun');
  }, 120_000); // spawns processes: a hang guard, generous for a loaded 2-core CI machine
});
