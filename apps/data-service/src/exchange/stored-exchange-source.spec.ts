import { CandleRequest, SeriesFetcher } from '@ares/market-data';
import { MarketDataStore } from '@ares/market-store';
import { StoredExchangeSource } from './stored-exchange-source';

const HOUR = 3_600_000;
const request = (fromIso: string, toIso: string): CandleRequest => ({
  exchange: 'binance',
  symbol: 'BTC/USDT',
  timeframe: '1h',
  fromMs: Date.parse(fromIso),
  toMs: Date.parse(toIso),
});

/** fingerprint never touches the store or the exchange. */
const sourceAt = (clock: { now: number }) =>
  new StoredExchangeSource(
    {} as MarketDataStore,
    () => ({}) as SeriesFetcher,
    () => clock.now,
  );

describe('StoredExchangeSource.fingerprint', () => {
  it('changes for a range reaching past the last closed bar once another bar has closed (a truncated answer is not reused)', async () => {
    const clock = { now: Date.parse('2024-05-10T12:30:00Z') };
    const source = sourceAt(clock);
    const open = request('2024-05-01', '2024-06-01');
    const before = await source.fingerprint(open);
    clock.now += 10 * 60_000; // same bar still open: the same data would answer
    expect(await source.fingerprint(open)).toBe(before);
    clock.now += HOUR; // 13:00 has closed: the answer now has one bar more
    const after = await source.fingerprint(open);
    expect(after).not.toBe(before);
    expect(before).toContain(`covered-until:${Date.parse('2024-05-10T12:00:00Z')}`);
    expect(after).toContain(`covered-until:${Date.parse('2024-05-10T13:00:00Z')}`);
  });

  it('is stable for a range that ended by the last closed bar', async () => {
    const clock = { now: Date.parse('2024-05-10T12:30:00Z') };
    const source = sourceAt(clock);
    const past = request('2023-01-01', '2024-05-10T12:00:00Z');
    const first = await source.fingerprint(past);
    clock.now += 1_000 * HOUR;
    expect(await source.fingerprint(past)).toBe(first);
    expect(first).toBe(`exchange|binance|BTC/USDT|1h|${past.fromMs}|${past.toMs}`);
  });

  it("tells a perpetual request (the perpetual's candles and funding) from the spot pair's", async () => {
    const source = sourceAt({ now: Date.parse('2024-05-10T12:30:00Z') });
    const past = request('2023-01-01', '2024-01-01');
    expect(await source.fingerprint({ ...past, market: 'perpetual' })).toBe(`exchange|binance|BTC/USDT|1h|${past.fromMs}|${past.toMs}|perpetual`);
    expect(await source.fingerprint({ ...past, market: 'spot' })).toBe(await source.fingerprint(past));
  });
});
