import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { LocalStack } from '@ares/local-stack';
import { startE2eStack } from './e2e-stack';

const ROOT = join(__dirname, '..', '..');
const SCREENSHOTS = join(ROOT, 'test-artifacts', 'dashboard');
const CHROMIUM = '/usr/bin/chromium';
/** The model name save-model gives the default run: `<exchange>-<symbol>-<timeframe>`. */
const MODEL_NAME = 'binance-BTC_USDT-1h';
/** Stage overrides typed into the form's JSON field (none: the whole default run, report included). */
const STAGE_OVERRIDES = '';

/**
 * The dashboard as a person uses it, in Debian's chromium driven by playwright-core, against the real stack
 * (nats-server and the five services from dist/): a refused RunSpec, a run started from the form and watched to
 * the end over SSE, its report, the run list and the models page. Screenshots go to test-artifacts/dashboard/.
 */
describe('the web dashboard in a real browser', () => {
  let stack: LocalStack;
  let context: BrowserContext;
  let page: Page;
  let userDataDir: string;
  let runId: string;
  const requests: { method: string; path: string }[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'web', 'index.html'))) throw new Error('the dashboard is not built (dist/web/index.html): run npm run build');
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Two validators, as the demo runs: walk-forward and the CPCV splits share the machine's two cores.
    ({ stack } = await startE2eStack({ replicas: { 'validator-service': 2 } }));
    userDataDir = mkdtempSync(join(tmpdir(), 'ares-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1440, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (request) => requests.push({ method: request.method(), path: new URL(request.url()).pathname }));
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await stack?.stop();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const count = (method: string, path: string) => requests.filter((request) => request.method === method && request.path === path).length;

  it('refuses an invalid RunSpec with the orchestrator’s messages beside their fields', async () => {
    await page.goto(`${stack.apiUrl}/`);
    await page.locator('[data-check="valid"]').waitFor(); // the defaults are a valid RunSpec
    await page.fill('#run-timeframe', '7x');
    await page.fill('#run-from', '2023-06-01');
    await page.fill('#run-to', '2023-03-01');
    const timeframeError = page.locator('[data-error-for="timeframe"]');
    await timeframeError.waitFor();
    expect(await timeframeError.textContent()).toMatch(/timeframe must be one of .*1h/);
    const toError = page.locator('[data-error-for="to"]');
    await toError.waitFor();
    expect(await toError.textContent()).toContain('`from` must be before `to`');
    expect(await page.getAttribute('#run-timeframe', 'aria-invalid')).toBe('true');
    expect(await page.locator('button[type="submit"]').isDisabled()).toBe(true);
    await page.press('#run-symbol', 'Enter'); // a submit by keyboard is refused too
    await shot('form-invalid');

    await page.fill('#run-timeframe', '1h');
    await page.fill('#run-from', '2023-01-01');
    await page.fill('#run-to', '2024-01-01');
    if (STAGE_OVERRIDES) await page.fill('#run-stages', STAGE_OVERRIDES);
    await page.locator('[data-check="valid"]').waitFor();
    expect(await page.locator('[data-error-for]').count()).toBe(0);
    expect(await page.locator('button[type="submit"]').isEnabled()).toBe(true);
    // Every check went to POST /runs/validate; nothing was started.
    expect(count('POST', '/runs/validate')).toBeGreaterThanOrEqual(2);
    expect(count('POST', '/runs')).toBe(0);
    await shot('form');
  }, 30_000);

  it('starts the run from the form and watches every stage complete on the run page, over SSE alone', async () => {
    const stages = (await (await fetch(`${stack.apiUrl}/stages`)).json()) as { name: string }[];
    await page.click('button[type="submit"]');
    await page.waitForURL(/#\/runs\/[A-Za-z0-9_-]+$/);
    runId = decodeURIComponent(new URL(page.url()).hash.slice('#/runs/'.length));
    expect(count('POST', '/runs')).toBe(1);

    // hpo is long (dozens of trials): the page shows it running, with its progress, while the run goes on.
    const hpo = page.locator('g[data-stage="hpo"][data-status="running"]');
    await hpo.waitFor({ timeout: 120_000 });
    await shot('run-in-progress');
    expect(await page.getAttribute('.run-page', 'data-run-status')).toBe('running');
    expect(await page.locator('g[data-stage="collect"]').getAttribute('data-status')).toBe('completed');

    await page.locator('.run-page:not([data-run-status="running"])').waitFor({ timeout: 140_000 });
    const status = await page.getAttribute('.run-page', 'data-run-status');
    if (status !== 'completed') throw new Error(`run ${runId} ended ${status}: ${await page.locator('.run-error').textContent()}`);
    const shown = await page
      .locator('g[data-stage]')
      .evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-stage'), node.getAttribute('data-status')]));
    expect(shown).toEqual(stages.map((stage) => [stage.name, 'completed']));

    // Live without polling: one stream, no reads of the run's detail, the catalogue once.
    const runPath = `/runs/${runId}`;
    expect(count('GET', `${runPath}/stream`)).toBe(1);
    expect(count('GET', runPath)).toBe(0);
    expect(count('GET', '/stages')).toBe(1);

    // Per-stage metrics open on request, and agree with the API.
    const detail = (await (await fetch(`${stack.apiUrl}${runPath}`)).json()) as { stages: { name: string; metrics: Record<string, number> }[] };
    const trials = detail.stages.find((stage) => stage.name === 'hpo')!.metrics.trials;
    const trialsCell = page.locator('[data-stage-row="hpo"] [data-metric="trials"] td');
    expect(await trialsCell.isVisible()).toBe(false);
    await page.click('[data-stage-row="hpo"] summary');
    expect(await trialsCell.textContent()).toBe(trials.toLocaleString('en-US'));
    await shot('run-completed');
  }, 170_000);

  it('opens the run’s report from the run page', async () => {
    // Shown with the completed run (its report stage completed), so it is there already.
    const link = page.locator('a.report-link');
    expect(await link.count()).toBe(1);
    expect(await link.textContent()).toBe('Open report');
    const [response] = await Promise.all([
      page.waitForEvent('response', (candidate) => candidate.url().endsWith(`/runs/${runId}/report`)),
      link.click(),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/html/);
    await page.waitForLoadState('load');
    expect(await page.title()).not.toBe('');
    const heading = page.locator('h1').first();
    expect(await heading.isVisible()).toBe(true);
    expect(await page.locator('body').textContent()).toContain(runId);
    await shot('report');
  }, 30_000);

  it('lists the run with its final status, live, and shows its model on the models page', async () => {
    await page.goto(`${stack.apiUrl}/#/`);
    await page.locator(`tr[data-run-id="${runId}"][data-status="completed"]`).waitFor();
    await shot('run-list');
    expect(count('GET', '/runs-stream')).toBeGreaterThanOrEqual(1);
    expect(count('GET', '/runs')).toBe(0); // the list comes from its stream alone

    await page.click('nav a[href="#/models"]');
    const model = page.locator(`tr[data-model="${MODEL_NAME}"]`);
    await model.waitFor();
    await model.locator('a').click();
    const version = page.locator('tr[data-version]').filter({ has: page.locator(`a[href="#/runs/${runId}"]`) });
    await version.waitFor();
    expect(['champion', 'challenger']).toContain(await version.getAttribute('data-model-stage'));
    expect(await version.locator('.badge').first().textContent()).toMatch(/^(champion|challenger)$/);
    await shot('models');
    expect(pageErrors).toEqual([]);
  }, 30_000);
});
