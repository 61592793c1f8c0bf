import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ApiError, AresApiClient } from '../../cli/api-client';
import { LocalStack, tempLogDir } from '@ares/local-stack';
import { startE2eStack } from '../e2e/e2e-stack';
import { dataRunSpec, onlyStages } from '../e2e/run-specs';

const CHROMIUM = '/usr/bin/chromium';

const TOKEN = 'tok-e2e-0123456789abcdef';

/** A real orchestrator (the whole stack) started with ARES_API_TOKEN. */
describe('the HTTP API with ARES_API_TOKEN set', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    ({ stack } = await startE2eStack({ logDir: tempLogDir('ares-auth-api-'), env: { ARES_API_TOKEN: TOKEN } }));
  }, 60_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.apiUrl}${path}`, { headers, redirect: 'manual' });

  it.each(['/runs', '/stages', '/models', '/runs/x/events', '/', '/docs', '/runs-stream'])(
    'refuses GET %s without a token: 401 with a JSON body',
    async (path) => {
      const response = await get(path);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    },
  );

  it('refuses a wrong token, one of another length, and another scheme', async () => {
    for (const authorization of [`Bearer ${TOKEN.slice(0, -1)}x`, `Bearer ${TOKEN}x`, 'Bearer x', `Basic ${TOKEN}`])
      expect((await get('/runs', { authorization })).status).toBe(401);
    const post = await fetch(`${stack.apiUrl}/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(401);
  });

  it('answers with the token', async () => {
    const response = await get('/stages', { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(Array.isArray(await response.json())).toBe(true);
  });

  it('leaves /health and /metrics open for probes and scrapers', async () => {
    expect((await get('/health')).status).toBe(200);
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/process_cpu_seconds_total/);
  });

  it('lets the dashboard in from /?token=: an HttpOnly cookie, the address without the token', async () => {
    expect((await get('/?token=wrong-token-0123456789')).status).toBe(401);
    const entry = await get('/?token=' + TOKEN);
    expect(entry.status).toBe(303);
    expect(entry.headers.get('location')).toBe('/');
    const cookie = entry.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const sent = cookie.split(';')[0];
    const page = await get('/', { cookie: sent });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    expect((await get('/runs', { cookie: sent })).status).toBe(200);
  });

  it('serves a working dashboard in a real browser once opened with ?token=: its SSE list and its POSTs', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
    const { runId } = await new AresApiClient(stack.apiUrl, TOKEN).startRun(dataRunSpec({ stages: onlyStages(['collect']) }));
    const userDataDir = mkdtempSync(join(tmpdir(), 'ares-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const refused: string[] = [];
      page.on('response', (response) => {
        if (response.status() === 401) refused.push(response.url());
      });
      await page.goto(`${stack.apiUrl}/?token=${TOKEN}`);
      expect(new URL(page.url()).search).toBe(''); // the token left the address bar
      await page.locator('[data-check="valid"]').waitFor(); // POST /runs/validate answered
      await page.locator(`tr[data-run-id="${runId}"]`).waitFor(); // GET /runs-stream (EventSource) answered
      expect(refused).toEqual([]);
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it("the CLI's client sends ARES_API_TOKEN", async () => {
    await expect(new AresApiClient(stack.apiUrl, undefined).listRuns()).rejects.toBeInstanceOf(ApiError);
    await expect(new AresApiClient(stack.apiUrl, TOKEN).listRuns()).resolves.toEqual(expect.any(Array));
  });
});
