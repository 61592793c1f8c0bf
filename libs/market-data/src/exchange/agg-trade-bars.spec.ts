import { AggTradeBars, barOpenTime } from './agg-trade-bars';

describe('AggTradeBars', () => {
  it('aligns bars to UTC, weeks to Monday', () => {
    const t = Date.UTC(2023, 2, 24, 13, 47, 12);
    expect(barOpenTime(t, 3_600_000)).toBe(Date.UTC(2023, 2, 24, 13));
    expect(barOpenTime(t, 300_000)).toBe(Date.UTC(2023, 2, 24, 13, 45));
    expect(barOpenTime(t, 86_400_000)).toBe(Date.UTC(2023, 2, 24));
    expect(barOpenTime(t, 604_800_000)).toBe(Date.UTC(2023, 2, 20)); // a Monday
  });

  it('folds trades into taker buy / sell volume and counts, exactly in 1e-8 units', () => {
    const bars = new AggTradeBars(3_600_000);
    const h = Date.UTC(2023, 0, 1);
    bars.add({ timestamp: h + 5, amount: 0.1, side: 'buy' });
    bars.add({ timestamp: h + 6, amount: 0.2, side: 'buy' });
    bars.add({ timestamp: h + 7, amount: 1.5, side: 'sell' });
    bars.add({ timestamp: h + 3_600_000, amount: 2, side: 'sell' });
    const chunk = bars.toChunk();
    expect(Array.from(chunk.timestamps)).toEqual([h, h + 3_600_000]);
    expect(Array.from(chunk.columns.buyVolume)).toEqual([0.3, 0]);
    expect(Array.from(chunk.columns.sellVolume)).toEqual([1.5, 2]);
    expect(Array.from(chunk.columns.trades)).toEqual([3, 1]);
  });
});
