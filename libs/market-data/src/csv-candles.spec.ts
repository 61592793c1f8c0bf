import { parseCsvCandles } from './csv-candles';

describe('parseCsvCandles', () => {
  it('parses columns by header name, in any order, and keeps spelled-out non-finite values', () => {
    const c = parseCsvCandles('close,open_time,open,high,low,volume,extra\r\n2,1000,1,3,0.5,10,x\r\n\r\nNaN,2000,2,inf,1,-inf,y\n', 'x.csv');
    expect(c.length).toBe(2);
    expect(Array.from(c.timestamps)).toEqual([1000, 2000]);
    expect(Array.from(c.close)).toEqual([2, NaN]);
    expect(c.high[1]).toBe(Infinity);
    expect(c.volume[1]).toBe(-Infinity);
  });

  it('names the missing column and what the header has', () => {
    expect(() => parseCsvCandles('open_time,open,high,low,close\n1,1,1,1,1\n', 'x.csv')).toThrow(
      'x.csv: column "volume" is missing from the header (found: open_time, open, high, low, close)',
    );
  });

  it('names the file line of an unparsable value', () => {
    const text = 'open_time,open,high,low,close,volume\n1,1,1,1,1,1\n2,1,abc,1,1,1\n';
    expect(() => parseCsvCandles(text, 'x.csv')).toThrow('x.csv:3: column "high" is not a number: "abc"');
  });

  it('names the file line of a row with the wrong field count or an empty field', () => {
    expect(() => parseCsvCandles('open_time,open,high,low,close,volume\n1,1,1,1,1\n', 'x.csv')).toThrow(/x.csv:2: expected 6 fields, found 5/);
    expect(() => parseCsvCandles('open_time,open,high,low,close,volume\n1,1,1,1,,1\n', 'x.csv')).toThrow(
      /x.csv:2: column "close" is not a number: ""/,
    );
  });
});
