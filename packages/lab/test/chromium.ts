// Finding a Chromium for lab's browser test the way web-agents finds one (its src/browser/launch.ts;
// lab may not import a study): WEB_AGENTS_CHROMIUM or CHROMIUM_PATH, else Debian's /usr/bin/chromium,
// else the browser `playwright install chromium` downloaded. None found: the test is skipped, loudly.
import { accessSync, constants, existsSync } from 'node:fs';
import { chromium } from 'playwright';

const debianChromium = '/usr/bin/chromium';

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const chosen = env.WEB_AGENTS_CHROMIUM || env.CHROMIUM_PATH;
  if (chosen) return chosen;
  const downloaded = playwrightChromium();
  return !existsSync(debianChromium) && downloaded !== undefined && existsSync(downloaded)
    ? downloaded
    : debianChromium;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
