import { AresMetrics, parseExposition, samplesOf } from '@ares/metrics';
import { HealthHttpServer, healthPortFrom } from './health-http-server';

describe('HealthHttpServer', () => {
  let server: HealthHttpServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start(metrics = new AresMetrics({ defaultMetrics: false })) {
    server = await HealthHttpServer.start({ port: 0, host: '127.0.0.1', metrics: () => metrics.render() });
    const get = (path: string) => fetch(`http://127.0.0.1:${server!.port}${path}`);
    return { server, get, metrics };
  }

  it('is live at once, ready only between markReady and markDraining', async () => {
    const { server, get } = await start();
    expect((await get('/healthz')).status).toBe(200);
    const starting = await get('/readyz');
    expect([starting.status, await starting.json()]).toEqual([503, { status: 'starting' }]);
    server.markReady();
    expect((await get('/readyz')).status).toBe(200);
    server.markDraining();
    server.markReady(); // a drain is final
    const draining = await get('/readyz');
    expect([draining.status, await draining.json()]).toEqual([503, { status: 'draining' }]);
    expect((await get('/healthz')).status).toBe(200);
  });

  it("serves the registry's exposition with the registry's Content-Type", async () => {
    const metrics = new AresMetrics({ defaultMetrics: false });
    metrics.hpoTrials.inc({ outcome: 'pruned' }, 3);
    const { get } = await start(metrics);
    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(metrics.registry.contentType);
    expect(samplesOf(parseExposition(await response.text()), 'ares_hpo_trials_total', { outcome: 'pruned' })[0].value).toBe(3);
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const { get, server } = await start();
    expect((await get('/nope')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});

describe('healthPortFrom', () => {
  it('reads ARES_HEALTH_PORT; unset or empty means no server; anything else is refused, naming it', () => {
    expect(healthPortFrom({ ARES_HEALTH_PORT: '9464' })).toBe(9464);
    expect(healthPortFrom({})).toBeUndefined();
    expect(healthPortFrom({ ARES_HEALTH_PORT: ' ' })).toBeUndefined();
    expect(() => healthPortFrom({ ARES_HEALTH_PORT: 'http' })).toThrow(/ARES_HEALTH_PORT.*'http'/);
    expect(() => healthPortFrom({ ARES_HEALTH_PORT: '70000' })).toThrow(/ARES_HEALTH_PORT/);
  });
});
