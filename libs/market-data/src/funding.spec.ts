import { writeArrowFile, float64Column, timestampMsColumn } from './arrow-writer';
import { fundingInterval, fundingSettlement, parseCsvFunding, parseFeatherFunding, sliceFundingByTime } from './funding';
import { FundingEvents } from './market-data-source';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2023, 0, 1);
const at = (hours: number) => T0 + hours * HOUR;
const events = (hours: number[], rates: number[] = hours.map((_, i) => (i + 1) / 1e4)): FundingEvents => ({
  timestamps: Float64Array.from(hours, at),
  rates: Float64Array.from(rates),
});
const bars = (fromHours: number, count: number, stepHours: number) => Float64Array.from({ length: count }, (_, k) => at(fromHours + k * stepHours));
/** The bars' values by open time (UTC hh:mm on day 1, or `+1 hh:mm` on day 2). */
function byOpen(barTimes: Float64Array, values: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  barTimes.forEach((t, k) => {
    const day = Math.floor((t - T0) / DAY);
    const hhmm = new Date(t).toISOString().slice(11, 16);
    out[day === 0 ? hhmm : `${day > 0 ? '+' : ''}${day} ${hhmm}`] = values[k];
  });
  return out;
}

describe('fundingSettlement', () => {
  // Every 8h from the day before to the day after: day 1 is covered throughout.
  const eightHourly = events([-16, -8, 0, 8, 16, 24, 32], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);

  it('1h bars: the events at 00:00, 08:00 and 16:00 land on the bars opening then; the others get 0', () => {
    const t = bars(0, 24, 1);
    const s = byOpen(t, fundingSettlement(eightHourly, t, HOUR));
    expect(s).toMatchObject({ '00:00': 0.3, '08:00': 0.4, '16:00': 0.5 });
    // The bar closing at 08:00 fills before the event stamped 08:00: it pays nothing.
    expect(s['07:00']).toBe(0);
    expect(Object.values(s).filter((v) => v !== 0)).toHaveLength(3);
  });

  it('4h bars: the 08:00 event lands on the bar opening at 08:00, not on the one closing at 08:00', () => {
    const t = bars(0, 6, 4);
    expect(byOpen(t, fundingSettlement(eightHourly, t, 4 * HOUR))).toEqual({
      '00:00': 0.3,
      '04:00': 0,
      '08:00': 0.4,
      '12:00': 0,
      '16:00': 0.5,
      '20:00': 0,
    });
  });

  it('an event off the hour (09:30) lands on the 1h bar that contains it (09:00)', () => {
    const t = bars(0, 24, 1);
    const s = byOpen(t, fundingSettlement(events([-8, 0, 9.5, 16, 24], [1, 2, 3, 4, 5]), t, HOUR));
    expect(s).toMatchObject({ '00:00': 2, '09:00': 3, '16:00': 4 });
    expect(s['08:00']).toBe(0);
    expect(s['10:00']).toBe(0);
  });

  it('1d bars sum every event of the day', () => {
    const t = bars(0, 1, 24);
    expect(Array.from(fundingSettlement(eightHourly, t, DAY))).toEqual([0.3 + 0.4 + 0.5]);
  });

  it('bars outside (first event − interval, last event + interval) are NaN, not 0', () => {
    // Events 08:00 and 16:00 only (interval 8h): known to be complete in (00:00, 24:00).
    const t = bars(-2, 28, 1); // 22:00 the day before … 01:00 the day after
    const s = byOpen(t, fundingSettlement(events([8, 16], [0.4, 0.5]), t, HOUR));
    expect(s['-1 22:00']).toBeNaN();
    expect(s['-1 23:00']).toBeNaN();
    // The 00:00 bar would hold the 00:00 event the series does not have.
    expect(s['00:00']).toBeNaN();
    expect(s['01:00']).toBe(0);
    expect(s['08:00']).toBe(0.4);
    expect(s['16:00']).toBe(0.5);
    expect(s['23:00']).toBe(0);
    expect(s['+1 00:00']).toBeNaN();
    expect(s['+1 01:00']).toBeNaN();
  });

  it('infers the interval from the median spacing, so a stretch of 1h funding does not shrink it', () => {
    const times = [-40, -32, -24, -16, -8, 0, 8, 16, 17, 18, 19, 20, 24, 32];
    expect(fundingInterval(Float64Array.from(times, at))).toBe(8 * HOUR);
    const t = bars(38, 4, 1); // 14:00 … 17:00 on day 2; covered until 32 + 8 = 40 h
    expect(Array.from(fundingSettlement(events(times), t, HOUR))).toEqual([0, 0, NaN, NaN]);
  });

  it('a bar after missing bars also takes the events of the hole, so a position held across it pays them', () => {
    const t = Float64Array.from([at(11), at(12), at(14), at(15)]); // the 13:00 bar is missing
    const s = fundingSettlement(events([-8, 0, 8, 13, 16, 24]), t, HOUR);
    expect(Array.from(s)).toEqual([0, 0, 4 / 1e4, 0]);
  });

  it('a held position pays exactly the events between its entry and exit closes (bars e+1..x)', () => {
    const times = [-8, 0, 3.25, 8, 12, 16, 24, 32];
    const funding = events(times);
    const barMs = HOUR;
    const t = bars(0, 24, 1);
    const s = fundingSettlement(funding, t, barMs);
    for (let e = 0; e < t.length; e++) {
      for (let x = e + 1; x < t.length; x++) {
        let paid = 0;
        for (let k = e + 1; k <= x; k++) paid += s[k];
        let expected = 0;
        funding.timestamps.forEach((ts, i) => {
          if (ts >= t[e] + barMs && ts < t[x] + barMs) expected += funding.rates[i];
        });
        expect(paid).toBeCloseTo(expected, 15);
      }
    }
  });

  it('is all NaN with fewer than two events, and NaN where a rate is NaN', () => {
    const t = bars(0, 3, 1);
    expect(Array.from(fundingSettlement(events([0]), t, HOUR))).toEqual([NaN, NaN, NaN]);
    expect(Array.from(fundingSettlement(events([]), t, HOUR))).toEqual([NaN, NaN, NaN]);
    expect(Array.from(fundingSettlement(events([-8, 1, 8], [1, NaN, 2]), t, HOUR))).toEqual([0, NaN, 0]);
  });

  it('refuses events out of time order or repeated, naming the row', () => {
    const t = bars(0, 3, 1);
    expect(() => fundingSettlement(events([0, 16, 8]), t, HOUR)).toThrow(/row 2 \(2023-01-01T08:00:00.000Z\) comes before row 1/);
    expect(() => fundingSettlement(events([0, 8, 8]), t, HOUR)).toThrow(/row 2 .* repeats row 1/);
  });
});

describe('funding files', () => {
  it('reads the rate from the open column of the Feather and CSV frames, other columns ignored', () => {
    const times = Float64Array.from([at(0), at(8)]);
    const rates = Float64Array.from([0.0001, -0.00025]);
    const feather = writeArrowFile(
      [
        timestampMsColumn('date', times),
        float64Column('open', rates),
        ...['high', 'low', 'close', 'volume'].map((c) => float64Column(c, new Float64Array(2))),
      ],
      {},
    );
    expect(parseFeatherFunding(feather, 'f.feather')).toEqual({ timestamps: times, rates });
    const csv = `open_time,open,high,low,close,volume\n${at(0)},0.0001,0,0,0,0\n${at(8)},-0.00025,0,0,0,0\n`;
    expect(parseCsvFunding(csv, 'f.csv')).toEqual({ timestamps: times, rates });
    expect(() => parseCsvFunding('open_time,close\n1,2\n', 'f.csv')).toThrow(
      'f.csv: column "open" is missing from the header (found: open_time, close)',
    );
  });

  it('slices by time, keeping the order', () => {
    const sliced = sliceFundingByTime(events([16, 0, 8, 24]), at(0), at(24));
    expect(Array.from(sliced.timestamps)).toEqual([at(16), at(0), at(8)]);
    expect(Array.from(sliced.rates)).toEqual([1e-4, 2e-4, 3e-4]);
  });
});
