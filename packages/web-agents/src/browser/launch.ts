// Launching Chromium through Playwright (brief §3.1). The executable comes from
// WEB_AGENTS_CHROMIUM (or CHROMIUM_PATH); otherwise Debian's /usr/bin/chromium, or Playwright's own
// browser when `playwright install chromium` could download it and Debian's is absent. A missing
// one is a clear error naming the path, the variable and the fix.
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium } from 'playwright';
import { z } from 'zod';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const ChromiumEnv = z.object({
  WEB_AGENTS_CHROMIUM: z.string().min(1).optional(),
  CHROMIUM_PATH: z.string().min(1).optional(),
});

export class BrowserMissingError extends Error {
  /** lab's failure kind: a rerun cannot get past a missing browser, so lab does not advise one. */
  readonly failureKind = 'setup';

  constructor(readonly path: string) {
    super(
      `Chromium not found or not executable at '${path}'. Install Debian's browser with ` +
        '`apt-get install -y chromium`, or point WEB_AGENTS_CHROMIUM (or CHROMIUM_PATH) at a Chromium executable.',
    );
    this.name = 'BrowserMissingError';
  }
}

export const debianChromium = '/usr/bin/chromium';

/** Where Playwright keeps the Chromium that `playwright install chromium` downloads (it may not exist). */
export function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const parsed = ChromiumEnv.parse({
    WEB_AGENTS_CHROMIUM: env.WEB_AGENTS_CHROMIUM || undefined,
    CHROMIUM_PATH: env.CHROMIUM_PATH || undefined,
  });
  const chosen = parsed.WEB_AGENTS_CHROMIUM ?? parsed.CHROMIUM_PATH;
  if (chosen !== undefined) return chosen;
  const downloaded = playwrightChromium();
  return !existsSync(debianChromium) && downloaded !== undefined && existsSync(downloaded)
    ? downloaded
    : debianChromium;
}

/** Throws BrowserMissingError unless the executable exists and can be run. */
export function assertChromium(path: string): void {
  try {
    if (!existsSync(path)) throw new Error('missing');
    accessSync(path, constants.X_OK);
  } catch {
    throw new BrowserMissingError(path);
  }
}

export function isChromiumAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    assertChromium(chromiumPath(env));
    return true;
  } catch {
    return false;
  }
}

export async function launchBrowser(options: { executablePath?: string } = {}): Promise<Browser> {
  const executablePath = options.executablePath ?? chromiumPath();
  assertChromium(executablePath);
  const stderr: string[] = [];
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      args: chromiumArgs,
      logger: {
        isEnabled: () => true,
        log: (_name, _severity, message) => {
          const text = String(message);
          // The Debian launcher's harmless shared-memory check line (brief §3.1) is dropped.
          if (!/unexpected operator/.test(text)) stderr.push(text);
          if (stderr.length > 40) stderr.shift();
        },
      },
    });
  } catch (error) {
    throw new Error(
      `Chromium at '${executablePath}' failed to launch: ${String(error)}\nlast browser log lines:\n${stderr.slice(-10).join('\n')}`,
    );
  }
}

export function playwrightVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('playwright/package.json') as { version: string }).version;
}
