import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { renderRunReport, REPORT_SECTIONS } from './run-report';
import { svgsOf } from './testing/svg-check';
import { syntheticRunReport } from './testing/synthetic-run-report';

const CHROMIUM = '/usr/bin/chromium';

type Box = { getBoundingClientRect(): { width: number; height: number } };

/** The little of the page's globals the check uses (the repo compiles without the DOM library). */
interface PageGlobals {
  pwned?: number;
  document: { title: string; getElementById(id: string): Box | null; querySelectorAll(selector: string): ArrayLike<Box> };
  DOMParser: new () => { parseFromString(source: string, type: string): { querySelector(selector: string): unknown } };
}

/** The report opened from disk in Debian's chromium, as a person would open the artifact. */
describe('the report in a real browser', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`);
    dir = mkdtempSync(join(tmpdir(), 'ares-report-'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens from a file with no request, no script run and no error, every section and chart laid out', async () => {
    const data = syntheticRunReport({ symbol: 'BTC/<script>window.pwned = 1</script>', objectives: ['sharpe', 'max-drawdown'] });
    const html = renderRunReport(data);
    const file = join(dir, 'report.html');
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const fetched: string[] = [];
    const errors: string[] = [];
    await page.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : (fetched.push(route.request().url()), route.abort()),
    );
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`file://${file}`);

    const laidOut = await page.evaluate(
      ({ ids, sources }) => {
        const page = globalThis as unknown as PageGlobals;
        return {
          pwned: page.pwned,
          title: page.document.title,
          sections: ids.map((id) => page.document.getElementById(id)?.getBoundingClientRect().height ?? 0),
          charts: Array.from(page.document.querySelectorAll('svg'), (svg) => svg.getBoundingClientRect().width * svg.getBoundingClientRect().height),
          // Each chart's source parsed as a standalone SVG file: the XML parser accepts only well-formed markup.
          parseErrors: sources.filter((source) => new page.DOMParser().parseFromString(source, 'image/svg+xml').querySelector('parsererror') !== null)
            .length,
        };
      },
      { ids: REPORT_SECTIONS.map(({ id }) => id), sources: svgsOf(html) },
    );
    await page.close();

    expect(fetched).toEqual([]);
    expect(errors).toEqual([]);
    expect(laidOut.pwned).toBeUndefined();
    expect(laidOut.title).toContain('<script>window.pwned = 1</script>'); // shown as text, not run
    for (const height of laidOut.sections) expect(height).toBeGreaterThan(20);
    expect(laidOut.charts).toHaveLength(8); // the seven of a one-objective run, and the Pareto front
    for (const area of laidOut.charts) expect(area).toBeGreaterThan(10_000);
    expect(laidOut.parseErrors).toBe(0);
  }, 60_000);
});
