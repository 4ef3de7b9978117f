// The prerequisites command `pnpm repro` runs first: a missing browser is exit 3 with one
// "missing: … | fix: …" line (the format lab reads), naming where it looked; a present one is exit 0.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { hasBrowser } from './browser-helpers.js';

const cli = fileURLToPath(new URL('../src/prerequisites-cli.ts', import.meta.url));
const run = (env: NodeJS.ProcessEnv, args: string[] = []) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });

describe('prerequisites', () => {
  test('a missing browser: exit 3 and a missing/fix line naming the path it looked at', () => {
    const result = run({ WEB_AGENTS_CHROMIUM: '/no/such/chromium' });
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(
      /^missing: Chromium \(looked at '\/no\/such\/chromium'\) \| fix: .*apt-get install -y chromium/m,
    );
  }, 60_000);

  test.runIf(hasBrowser)(
    'a browser present: exit 0 naming it',
    () => {
      const result = run({});
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^web-agents: Chromium at \//);
    },
    60_000,
  );

  test.runIf(hasBrowser)(
    "'-- --install' as pnpm forwards it from `pnpm repro`: accepted, exit 0 (nothing to install)",
    () => {
      const result = run({}, ['--', '--install']);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^web-agents: Chromium at \//);
    },
    60_000,
  );

  test('an unknown flag is still an error', () => {
    const result = run({}, ['--instal']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/instal/);
  }, 60_000);
});
