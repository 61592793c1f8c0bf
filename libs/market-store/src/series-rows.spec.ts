import { concatRows, mergeRows, selectRows, sliceRows } from './series-rows';

const chunk = (ts: number[], v: number[]) => ({ timestamps: Float64Array.from(ts), columns: { v: Float64Array.from(v) } });
const plain = (c: { timestamps: Float64Array; columns: Record<string, Float64Array> }) => ({ ts: [...c.timestamps], v: [...c.columns.v] });

describe('series rows', () => {
  it('selects rows inside ranges, sorted, last duplicate wins, non-finite times dropped', () => {
    const rows = selectRows(chunk([30, 10, 20, 10, NaN, 50], [3, 1, 2, 1.5, 9, 5]), [[0, 40]], ['v']);
    expect(plain(rows)).toEqual({ ts: [10, 20, 30], v: [1.5, 2, 3] });
    expect(plain(selectRows(chunk([1, 2, 3], [1, 2, 3]), [[2, 3]], ['v']))).toEqual({ ts: [2], v: [2] });
  });

  it('merges by timestamp with incoming rows winning', () => {
    const merged = mergeRows(chunk([1, 3, 5], [10, 30, 50]), chunk([2, 3, 6], [20, 31, 60]), ['v']);
    expect(plain(merged)).toEqual({ ts: [1, 2, 3, 5, 6], v: [10, 20, 31, 50, 60] });
  });

  it('slices [from, to) and concatenates', () => {
    const c = chunk([1, 2, 3, 4], [1, 2, 3, 4]);
    expect(plain(sliceRows(c, 2, 4))).toEqual({ ts: [2, 3], v: [2, 3] });
    expect(plain(sliceRows(c, 5, 9))).toEqual({ ts: [], v: [] });
    expect(plain(concatRows([sliceRows(c, 1, 2), sliceRows(c, 3, 5)], ['v']))).toEqual({ ts: [1, 3, 4], v: [1, 3, 4] });
  });
});
