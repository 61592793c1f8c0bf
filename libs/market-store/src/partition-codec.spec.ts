import { decodePartition, encodePartition } from './partition-codec';

describe('partition codec', () => {
  it('round-trips timestamps and Float64 columns bit for bit, in column order', () => {
    const rows = {
      timestamps: Float64Array.from([1672531200000, 1672534800000]),
      columns: { close: Float64Array.from([NaN, 1.5]), open: Float64Array.from([Infinity, -0]) },
    };
    const decoded = decodePartition(encodePartition(rows, ['open', 'close'], { seriesId: 's', month: '2023-01' }), 'test');
    expect(Object.keys(decoded.columns)).toEqual(['open', 'close']);
    expect([...decoded.timestamps]).toEqual([...rows.timestamps]);
    expect(Object.is(decoded.columns.open[1], -0)).toBe(true);
    expect(decoded.columns.open[0]).toBe(Infinity);
    expect(decoded.columns.close[0]).toBeNaN();
  });

  it('encodes an empty month', () => {
    const decoded = decodePartition(
      encodePartition({ timestamps: new Float64Array(0), columns: {} }, [], { seriesId: 's', month: '2023-01' }),
      'test',
    );
    expect(decoded.timestamps.length).toBe(0);
  });
});
