// Browser tests need Debian's Chromium. Without it they are skipped loudly locally and FAIL under CI
// (acceptance criterion 7).
import { chromiumPath, isChromiumAvailable } from '../src/browser/launch.js';

export const hasBrowser = isChromiumAvailable();

if (!hasBrowser) {
  const message = `Chromium not found at '${chromiumPath()}': browser tests are SKIPPED. Install it with \`apt-get install -y chromium\` or set WEB_AGENTS_CHROMIUM.`;
  if (process.env.CI) throw new Error(`${message} (CI is set, so this is a failure)`);
  console.warn(`\n*** ${message} ***\n`);
}
