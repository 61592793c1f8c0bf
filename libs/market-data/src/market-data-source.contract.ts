import { assertCandlesShape } from './candles';
import { CandleRequest, MarketDataSource } from './market-data-source';

/** What a source's spec hands the shared contract: the source and a request it has data for. */
export interface MarketDataSourceFixture {
  source: MarketDataSource;
  /** A request that yields at least two candles. */
  request: CandleRequest;
}

/** The one contract every MarketDataSource adapter passes (call it from the adapter's spec). */
export function marketDataSourceContract(name: string, setup: () => Promise<MarketDataSourceFixture>): void {
  describe(`${name}: MarketDataSource contract`, () => {
    let fixture: MarketDataSourceFixture;
    beforeAll(async () => {
      fixture = await setup();
    });

    it('has a kind', () => {
      expect(fixture.source.kind).toMatch(/^[a-z0-9-]+$/);
    });

    it('returns well-formed candles, all within [fromMs, toMs)', async () => {
      const { source, request } = fixture;
      const candles = await source.fetchCandles(request);
      assertCandlesShape(candles);
      expect(candles.length).toBeGreaterThan(1);
      for (let i = 0; i < candles.length; i++) {
        if (!(candles.timestamps[i] >= request.fromMs && candles.timestamps[i] < request.toMs)) {
          throw new Error(`row ${i} opens at ${candles.timestamps[i]}, outside [${request.fromMs}, ${request.toMs})`);
        }
      }
    });

    it('treats toMs as exclusive', async () => {
      const { source, request } = fixture;
      const all = await source.fetchCandles(request);
      const upToSecond = await source.fetchCandles({ ...request, toMs: all.timestamps[1] });
      expect(Array.from(upToSecond.timestamps)).toEqual([all.timestamps[0]]);
    });

    it('is deterministic: same request, same candles and fingerprint', async () => {
      const { source, request } = fixture;
      const [a, b] = [await source.fetchCandles(request), await source.fetchCandles(request)];
      expect(b).toEqual(a);
      const fingerprint = await source.fingerprint(request);
      expect(fingerprint.length).toBeGreaterThan(0);
      expect(await source.fingerprint(request)).toBe(fingerprint);
    });

    it('returns no candles for an empty range', async () => {
      const { source, request } = fixture;
      expect((await source.fetchCandles({ ...request, toMs: request.fromMs })).length).toBe(0);
    });

    it('rejects an unknown timeframe with an error naming it', async () => {
      const { source, request } = fixture;
      await expect(source.fetchCandles({ ...request, timeframe: '7m' })).rejects.toThrow(/"7m"/);
    });

    it('honours an aborted signal', async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(fixture.source.fetchCandles(fixture.request, controller.signal)).rejects.toThrow(/abort/i);
    });
  });
}
