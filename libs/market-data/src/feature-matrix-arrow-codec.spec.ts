import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { float64Column, timestampMsColumn, uint8Column, writeArrowFile } from './arrow-writer';
import { decodeFeatureMatrix, encodeFeatureMatrix } from './feature-matrix-arrow-codec';

describe('feature-matrix Arrow codec', () => {
  const matrix = {
    timestamps: new Float64Array([0, 3_600_000, 7_200_000]),
    columns: {
      logret_1: new Float64Array([NaN, 0.01, -0.02]),
      rsi_14: new Float64Array([NaN, NaN, 55.5]),
      label: new Float64Array([1, 0, -Infinity]),
    },
  };

  it('round-trips exactly and keeps column order', () => {
    const decoded = decodeFeatureMatrix(encodeFeatureMatrix(matrix), { expectColumns: ['rsi_14', 'logret_1'] });
    expect(decoded.timestamps).toEqual(matrix.timestamps);
    expect(Object.keys(decoded.columns)).toEqual(['logret_1', 'rsi_14', 'label']);
    for (const [name, values] of Object.entries(matrix.columns)) expect(Array.from(decoded.columns[name])).toEqual(Array.from(values));
  });

  it('names expected columns that are missing', () => {
    expect(() => decodeFeatureMatrix(encodeFeatureMatrix(matrix), { expectColumns: ['logret_1', 'atr_14', 'vol_24'] })).toThrow(
      'feature-matrix artifact: missing column(s) "atr_14", "vol_24" (columns: date, logret_1, rsi_14, label)',
    );
  });

  it('names a mistyped column and a missing date column', () => {
    const table = tableFromIPC(encodeFeatureMatrix(matrix));
    const noDate = tableToIPC(table.select(['logret_1']), 'file');
    expect(() => decodeFeatureMatrix(noDate)).toThrow(/column "date" is missing/);
    const ts = new Float64Array([0, 1]);
    const mistyped = writeArrowFile([timestampMsColumn('date', ts), float64Column('a', ts), uint8Column('flag', new Uint8Array(2))], {});
    expect(() => decodeFeatureMatrix(mistyped)).toThrow('feature-matrix artifact: column "flag" has type Uint8, expected Float64');
  });

  it('refuses columns of the wrong length', () => {
    expect(() => encodeFeatureMatrix({ timestamps: new Float64Array(2), columns: { a: new Float64Array(3) } })).toThrow(
      /"a" must be a Float64Array of 2/,
    );
  });
});
