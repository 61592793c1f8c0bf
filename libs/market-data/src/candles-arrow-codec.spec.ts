import { Field, Float32, makeData, RecordBatch, Schema, Struct, Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { resolve } from 'node:path';
import { allocateCandles, Candles } from './candles';
import { decodeCandles, encodeCandles } from './candles-arrow-codec';
import { encodeFeatureMatrix } from './feature-matrix-arrow-codec';
import { FileMarketDataSource } from './file-market-data-source';
import { float64Column, writeArrowFile } from './arrow-writer';

const DATA_DIR = resolve(__dirname, '../../../data/market/binance-spot-2023');

function sample(): Candles {
  const c = allocateCandles(5);
  c.timestamps.set([1000, 2000, NaN, 4000, 3000]);
  c.open.set([1, 2, 3, 4, 5]);
  c.high.set([2, NaN, 4, Infinity, 6]);
  c.low.set([0.5, 1, -Infinity, 3, 4]);
  c.close.set([1.5, 2.5, 3.5, 0.1 + 0.2, 5.5]);
  c.volume.set([10, -1, 0, 1e-300, Number.MAX_VALUE]);
  return c;
}

function expectSameCandles(a: Candles, b: Candles): void {
  expect(b.length).toBe(a.length);
  for (const col of ['timestamps', 'open', 'high', 'low', 'close', 'volume'] as const) {
    expect(b[col]).toBeInstanceOf(Float64Array);
    expect(Array.from(b[col])).toEqual(Array.from(a[col])); // toEqual treats NaN as equal, compares ±0/±Inf exactly
  }
}

describe('candles Arrow codec', () => {
  it('round-trips candles, extra columns and mask exactly (NaN, ±Inf, unsorted rows included)', () => {
    const c = sample();
    const extra = { rsi_14: new Float64Array([NaN, 1, 2, 3, 4]), z: new Float64Array([-0, 0, 1e308, -1e-308, NaN]) };
    const mask = new Uint8Array([1, 0, 0, 1, 1]);
    const decoded = decodeCandles(encodeCandles(c, { extra, mask }));
    expectSameCandles(c, decoded.candles);
    expect(Object.keys(decoded.extra)).toEqual(['rsi_14', 'z']);
    expect(Array.from(decoded.extra.z)).toEqual(Array.from(extra.z));
    expect(Object.is(decoded.extra.z[0], -0)).toBe(true);
    expect(decoded.mask).toEqual(mask);
  });

  it('round-trips the real 1h sample and writes an uncompressed Arrow file with a real timestamp column', async () => {
    const c = await new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      fromMs: 0,
      toMs: 2e12,
    });
    const bytes = encodeCandles(c);
    expect(Buffer.from(bytes.subarray(0, 6)).toString()).toBe('ARROW1');
    const table = tableFromIPC(bytes);
    expect(String(table.schema.fields[0].type)).toBe('Timestamp<MILLISECOND, UTC>');
    const decoded = decodeCandles(bytes);
    expectSameCandles(c, decoded.candles);
    expect(decoded.mask).toBeUndefined();
    expect(decoded.extra).toEqual({});
  });

  it('round-trips empty candles', () => {
    expect(decodeCandles(encodeCandles(allocateCandles(0))).candles.length).toBe(0);
  });

  it('refuses bad inputs when encoding', () => {
    const c = sample();
    expect(() => encodeCandles(c, { extra: { close: new Float64Array(5) } })).toThrow(/"close" is reserved/);
    expect(() => encodeCandles(c, { extra: { x: new Float64Array(4) } })).toThrow(/"x" must be a Float64Array of 5 elements/);
    expect(() => encodeCandles(c, { mask: new Uint8Array(2) })).toThrow(/mask must be a Uint8Array of 5/);
    c.timestamps[0] = 1000.5;
    expect(() => encodeCandles(c)).toThrow(/row 0: timestamp 1000.5 is not a whole number/);
  });

  describe('decode validates the schema', () => {
    function withoutColumn(name: string): Uint8Array {
      const table = tableFromIPC(encodeCandles(sample()));
      return tableToIPC(table.select(table.schema.fields.map((f) => f.name).filter((n) => n !== name)), 'file');
    }

    it('names a missing column', () => {
      expect(() => decodeCandles(withoutColumn('volume'))).toThrow(
        'candles artifact: column "volume" is missing (columns: date, open, high, low, close)',
      );
      expect(() => decodeCandles(withoutColumn('date'))).toThrow(/column "date" is missing/);
    });

    it('names a mistyped column', () => {
      const type = new Float32();
      const fields = [new Field('date', type), new Field('open', type)];
      const children = fields.map(() => makeData({ type, length: 1, data: new Float32Array([1]) }));
      const batch = new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: 1, children }));
      const bytes = tableToIPC(new Table([batch]), 'file');
      expect(() => decodeCandles(bytes)).toThrow(/column "open" has type Float32, expected Float64/);
    });

    it('refuses another artifact kind by name, and non-Arrow bytes', () => {
      const matrix = encodeFeatureMatrix({ timestamps: new Float64Array([1]), columns: { a: new Float64Array([1]) } });
      expect(() => decodeCandles(matrix)).toThrow('candles artifact: buffer holds a "feature-matrix" artifact, expected "candles"');
      expect(() => decodeCandles(new Uint8Array([1, 2, 3]))).toThrow(/not a readable Arrow IPC buffer/);
    });
  });
});

describe('writeArrowFile', () => {
  it('writes a readable file when several columns hold the very same array', () => {
    const zeros = new Float64Array(300);
    const ones = new Float64Array(300).fill(1);
    const table = tableFromIPC(
      writeArrowFile([float64Column('a', ones), float64Column('b', zeros), float64Column('c', zeros), float64Column('d', ones)], {}),
    );
    expect(table.numRows).toBe(300);
    expect([table.getChild('a')!.get(299), table.getChild('c')!.get(299), table.getChild('d')!.get(0)]).toEqual([1, 0, 1]);
  });
});
