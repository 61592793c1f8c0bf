import {
  BufferType,
  Data,
  Field,
  Float64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  TimestampMillisecond,
  Uint8,
} from 'apache-arrow';

/** One column to write: its field and its data. */
export interface ArrowColumn {
  field: Field;
  data: Data;
}

/** Float64 column; NaN and ±Inf are stored as values (not nulls), so they round-trip bit for bit. */
export function float64Column(name: string, values: Float64Array): ArrowColumn {
  const type = new Float64();
  return { field: new Field(name, type, false), data: makeData({ type, length: values.length, data: values }) };
}

export function uint8Column(name: string, values: Uint8Array): ArrowColumn {
  const type = new Uint8();
  return { field: new Field(name, type, false), data: makeData({ type, length: values.length, data: values }) };
}

/**
 * Timestamp(ms, UTC) column from ms numbers: readers (pandas, pyarrow, Arrow JS) see real datetimes.
 * Non-finite values become nulls (decoded back to NaN); fractional milliseconds are rejected since they would not survive.
 */
export function timestampMsColumn(name: string, ms: Float64Array): ArrowColumn {
  const type = new TimestampMillisecond('UTC');
  const data = new BigInt64Array(ms.length);
  const validity = new Uint8Array(Math.ceil(ms.length / 8));
  let nullCount = 0;
  for (let i = 0; i < ms.length; i++) {
    const v = ms[i];
    if (!Number.isFinite(v)) {
      nullCount++;
      continue;
    }
    if (!Number.isInteger(v)) throw new Error(`Column "${name}" row ${i}: timestamp ${v} is not a whole number of milliseconds`);
    data[i] = BigInt(v);
    validity[i >> 3] |= 1 << (i & 7);
  }
  return {
    field: new Field(name, type, nullCount > 0),
    data: makeData({ type, length: ms.length, data, nullCount, nullBitmap: nullCount > 0 ? validity : undefined }),
  };
}

/** An uncompressed Arrow IPC *file* (random-access, readable by pyarrow.ipc.open_file / Feather v2). */
export function writeArrowFile(columns: ArrowColumn[], metadata: Record<string, string>): Uint8Array {
  const length = columns[0]?.data.length ?? 0;
  const schema = new Schema(
    columns.map((c) => c.field),
    new Map(Object.entries(metadata)),
  );
  const struct = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: ownValueBuffers(columns.map((c) => c.data)) });
  return tableToIPC(new Table([new RecordBatch(schema, struct)]), 'file');
}

/**
 * apache-arrow's IPC writer produces a file it cannot read back ("Expected to read N bytes for message body") when
 * two columns hold the very same values array (e.g. one zero-filled array for several columns): such repeats get a copy.
 */
function ownValueBuffers(columns: Data[]): Data[] {
  const seen = new Set<unknown>();
  return columns.map((data) => {
    const values: unknown = data.values;
    if (!ArrayBuffer.isView(values)) return data;
    if (!seen.has(values)) {
      seen.add(values);
      return data;
    }
    const copy = (values as unknown as { slice(): typeof data.values }).slice();
    return data.clone(data.type, data.offset, data.length, data.nullCount, { ...data.buffers, [BufferType.DATA]: copy });
  });
}
