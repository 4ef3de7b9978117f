// results/index.html (issue 19, point 4): the pure page escapes what runs wrote and links only
// relatively; the committed page matches the committed runs; and in a real Chromium, opened from
// disk, it loads with no console error, every image and local link resolves, and every claim of
// every study's latest run is on it.
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright';
import { describe, expect, test } from 'vitest';
import type { ClaimResult } from '../src/claims.js';
import { type RunEntry, renderHtmlReport, type StudyEntry } from '../src/html-report.js';
import { expectedHtmlReport } from '../src/html-report-inputs.js';
import { findWorkspaceRoot } from '../src/workspace.js';
import { chromiumPath, isExecutable } from './chromium.js';

const hostile = '<script>window.__pwned = 1</script> & "quoted" \'single\'';

function claim(id: string, overrides: Partial<ClaimResult> = {}): ClaimResult {
  return {
    id,
    statement: `statement of ${id}`,
    paper: 'Table 2: 0.81',
    measured: '0.79',
    verdict: 'reproduced',
    rule: 'lab',
    effect: { quantity: 'gap', estimate: 0.2, ci: [0.05, 0.38], unit: 'seed', n: 3, smallest: 0.1 },
    gates: [],
    decision: 'CI above 0',
    ...overrides,
  };
}

function run(preset: string, claims: ClaimResult[]): RunEntry {
  return {
    kind: 'run',
    preset,
    runId: '20260101-000000-seed0',
    runDir: `demo study/${preset}/20260101-000000-seed0`,
    paper: { title: hostile, authors: 'A. Author', venue: 'Venue 2024', url: 'https://example.org/paper' },
    minutes: 4.25,
    claims,
    links: {
      report: 'report.md',
      config: 'config.json',
      summary: 'summary.json',
      claims: 'claims.json',
      viewer: 'viewer/index.html',
      csvs: ['units/seeds.csv'],
      images: ['plots/a b.svg', 'frames/reset.png'],
    },
  };
}

const fixture: StudyEntry[] = [
  {
    study: 'demo study',
    presets: [
      {
        kind: 'notes',
        preset: 'levers',
        folder: 'demo study/levers',
        title: 'Lever trials',
        files: ['README.md'],
      },
      run('default', [
        claim('C1', { statement: hostile }),
        claim('C2', {
          verdict: 'inconclusive',
          gates: [
            { name: 'learns', passed: true, value: 0.9, threshold: '≥ 0.1' },
            { name: 'r2', passed: false, value: 0.2, threshold: '≥ 0.5' },
          ],
        }),
        claim('C3', { verdict: 'not reproduced', rule: 'study', effect: null }),
      ]),
      { kind: 'pending', preset: 'extended', runId: 'r9', status: 'failed' },
    ],
  },
];

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(fixture);

  test('escapes every text a run wrote: no element or attribute comes from the data', () => {
    expect(html).not.toContain('<script');
    expect(html).toContain(
      '&lt;script&gt;window.__pwned = 1&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39;',
    );
  });

  test('every claim id has its row, with its verdict coloured and each gate marked pass or fail', () => {
    for (const id of ['C1', 'C2', 'C3']) expect(html).toContain(`<tr data-claim="${id}">`);
    expect(html).toMatch(/<tr data-claim="C3">.*<td class="verdict v-no">not reproduced/);
    expect(html).toContain(
      '<li class="g-pass">✓ learns 0.9 (≥ 0.1)</li><li class="g-fail">✗ r2 0.2 (≥ 0.5)</li>',
    );
    expect(html).toContain('— (study&#39;s own rule)');
  });

  test('links are relative to results/, percent-encoded, and plots are <img> links to the run files', () => {
    const targets = [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((match) => match[1]!);
    const local = targets.filter((target) => !target.startsWith('#') && !target.startsWith('https://'));
    expect(local.length).toBeGreaterThan(0);
    for (const target of local) expect(target).toMatch(/^demo%20study\/(default|levers)\//);
    expect(html).toContain('<img src="demo%20study/default/20260101-000000-seed0/plots/a%20b.svg"');
    expect(html).toContain('href="demo%20study/default/20260101-000000-seed0/viewer/index.html"');
    expect(html).toContain('href="demo%20study/default/20260101-000000-seed0/units/seeds.csv"');
  });

  test('the default preset comes first, the others after it; the summary lists all three', () => {
    expect(html.indexOf('id="demo_study--default"')).toBeLessThan(html.indexOf('id="demo_study--extended"'));
    expect(html.indexOf('id="demo_study--extended"')).toBeLessThan(html.indexOf('id="demo_study--levers"'));
    const summary = html.slice(html.indexOf('<table class="summary">'), html.indexOf('</table>'));
    expect(summary.match(/<tr>/g)).toHaveLength(4); // header + 3 presets
    expect(summary).toContain('<td class="n v-ok">1</td><td class="n v-no">1</td><td class="n v-unk">1</td>');
    expect(summary).toContain('4.3 min');
  });

  test('a paper url that is not a web link stays text', () => {
    const entry = run('default', []);
    const page = renderHtmlReport([
      { study: 's', presets: [{ ...entry, paper: { ...entry.paper!, url: 'javascript:alert(1)' } }] },
    ]);
    expect(page).not.toContain('href="javascript:');
  });
});

const root = findWorkspaceRoot();
if (root === undefined) throw new Error('no workspace root above the lab package');
const resultsRoot = join(root, 'results');

test('the committed results/index.html matches the committed runs', async () => {
  const committed = readFileSync(join(resultsRoot, 'index.html'), 'utf8');
  expect(await expectedHtmlReport(resultsRoot), 'run `pnpm report:html` to regenerate it').toBe(committed);
}, 60_000);

/** Every claim id of each study/preset's latest complete run, read straight from the run folders. */
function latestClaimIds(): Map<string, string[]> {
  const ids = new Map<string, string[]>();
  for (const study of readdirSync(resultsRoot, { withFileTypes: true })) {
    if (!study.isDirectory()) continue;
    for (const preset of readdirSync(join(resultsRoot, study.name))) {
      const pointerPath = join(resultsRoot, study.name, preset, 'latest.json');
      if (!existsSync(pointerPath)) continue;
      const pointer = JSON.parse(readFileSync(pointerPath, 'utf8')) as { runDir: string; status: string };
      if (pointer.status !== 'complete') continue;
      const claimsPath = join(resultsRoot, study.name, preset, pointer.runDir, 'claims.json');
      const claims = JSON.parse(readFileSync(claimsPath, 'utf8')) as { id: string }[];
      ids.set(
        `${study.name}/${preset}`,
        claims.map((c) => c.id),
      );
    }
  }
  return ids;
}

const browserPath = chromiumPath();
const hasBrowser = isExecutable(browserPath);
if (!hasBrowser) {
  console.warn(
    `\n*** Chromium not found at '${browserPath}': the results/index.html browser test is SKIPPED. ` +
      'Install it with `apt-get install -y chromium` or set WEB_AGENTS_CHROMIUM. ***\n',
  );
}

test.skipIf(!hasBrowser)(
  'in Chromium from disk: no console error, every image and local link resolves, every claim is shown',
  async () => {
    // The page is generated afresh into a temp folder whose entries link to results/'s own: the
    // committed results stay untouched and the page's relative links resolve as they would there.
    const dir = mkdtempSync(join(tmpdir(), 'lab-html-report-'));
    const browser = await chromium.launch({
      executablePath: browserPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    try {
      for (const entry of readdirSync(resultsRoot)) {
        if (entry !== 'index.html') symlinkSync(join(resultsRoot, entry), join(dir, entry));
      }
      writeFileSync(join(dir, 'index.html'), await expectedHtmlReport(resultsRoot));
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(String(error)));
      page.on('requestfailed', (request) => errors.push(`failed: ${request.url()}`));
      await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });

      const images = await page.$$eval('img', (all) =>
        all.map((img) => ({ src: img.src, ok: img.complete && img.naturalWidth > 0 })),
      );
      expect(images.length).toBeGreaterThan(10);
      expect(images.filter((img) => !img.ok).map((img) => img.src)).toEqual([]);

      const pageUrl = page.url();
      const hrefs = (await page.$$eval('a[href]', (all) => all.map((a) => a.getAttribute('href') ?? ''))).map(
        (href) => new URL(href, pageUrl).href,
      );
      const local = hrefs.filter((href) => href.startsWith('file:'));
      expect(local.some((href) => href.endsWith('/viewer/index.html'))).toBe(true);
      expect(local.some((href) => href.endsWith('.csv'))).toBe(true);
      const missing = local
        .map((href) => fileURLToPath(href.split('#')[0]!))
        .filter((path) => !existsSync(path));
      expect(missing).toEqual([]);
      const anchors = hrefs.filter((href) => href.includes('#')).map((href) => href.split('#')[1]!);
      for (const anchor of anchors) expect(await page.locator(`[id="${anchor}"]`).count()).toBe(1);

      const expected = latestClaimIds();
      expect(expected.size).toBeGreaterThan(0);
      for (const [run, ids] of expected) {
        const shown = await page.$$eval(`section[data-run="${run}"] tr[data-claim]`, (rows) =>
          rows.map((row) => row.getAttribute('data-claim')),
        );
        expect(shown, run).toEqual(ids);
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
  120_000,
);
