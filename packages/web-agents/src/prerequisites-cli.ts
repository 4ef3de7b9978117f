// `pnpm --filter web-agents run prerequisites [-- --install]`: is there a Chromium to drive? With
// --install, gets one without asking: Playwright's own download first (it works where its CDN is
// reachable), Debian's `chromium` package second (as root, or through passwordless sudo). Exit 0
// when a browser is ready; exit 3 with one "missing: … | fix: …" line on stderr when not, which
// `pnpm repro` reads to skip this study with its fix instead of failing it.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chromiumPath, isChromiumAvailable } from './browser/launch.js';

const missingExitCode = 3;

/** Runs a set-up command with its output shown; true when it exited 0. */
function attempt(label: string, command: string, args: string[]): boolean {
  process.stderr.write(`web-agents set-up: ${label}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60_000 });
  return result.status === 0;
}

/** The Debian install, as root or through sudo that does not ask for a password; undefined when neither. */
function debianInstall(): string[][] | undefined {
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ['sudo', '-n'];
  if (!isRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) return undefined;
  if (spawnSync('apt-get', ['--version']).status !== 0) return undefined;
  return [
    [...sudo, 'apt-get', 'update', '-qq'],
    [...sudo, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', 'chromium'],
  ];
}

function install(): void {
  if (attempt("Playwright's Chromium", 'pnpm', ['exec', 'playwright', 'install', 'chromium'])) {
    if (isChromiumAvailable()) return;
  }
  const steps = debianInstall();
  if (steps === undefined) return;
  for (const [command, ...args] of steps) if (!attempt("Debian's chromium", command!, args)) return;
}

function main(): number {
  // pnpm 12 forwards the `--` of `run prerequisites -- --install` to the script; parseArgs would
  // read everything after it as positionals and reject `--install`.
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  const { values } = parseArgs({
    args,
    options: { install: { type: 'boolean', default: false } },
    strict: true,
  });
  if (!isChromiumAvailable() && values.install) install();
  if (isChromiumAvailable()) {
    process.stdout.write(`web-agents: Chromium at ${chromiumPath()}\n`);
    return 0;
  }
  process.stderr.write(
    `missing: Chromium (looked at '${chromiumPath()}') | fix: sudo apt-get install -y chromium ` +
      '(or `pnpm --filter web-agents exec playwright install chromium` where its download works, ' +
      'or set WEB_AGENTS_CHROMIUM to a Chromium executable)\n',
  );
  return missingExitCode;
}

process.exitCode = main();
