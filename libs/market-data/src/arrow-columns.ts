import { DataType, Precision, Table, TimeUnit, Vector } from 'apache-arrow';
import { MarketDataError } from './market-data-error';

/**
 * Reading Arrow columns into owned, contiguous typed arrays.
 * Copies on purpose: the result outlives the IPC buffer and is one array even when the table has many batches.
 */

function schemaError(context: string, message: string): MarketDataError {
  return new MarketDataError('schema-error', `${context}: ${message}`);
}

export function columnNames(table: Table): string[] {
  return table.schema.fields.map((f) => f.name);
}

/** The named column; the error lists the columns that are there. */
export function requireColumn(table: Table, name: string, context: string): Vector {
  const column = table.getChild(name);
  if (!column) throw schemaError(context, `column "${name}" is missing (columns: ${columnNames(table).join(', ') || 'none'})`);
  return column;
}

/**
 * A numeric column as Float64Array; nulls become NaN (the quality checks report them).
 * `strict` accepts only Float64 (our own formats); otherwise any Int/Float column is converted.
 */
export function readFloat64Column(table: Table, name: string, context: string, strict: boolean): Float64Array {
  const column = requireColumn(table, name, context);
  const type = column.type;
  const isDouble = DataType.isFloat(type) && type.precision === Precision.DOUBLE;
  const isNumeric = DataType.isFloat(type) || DataType.isInt(type);
  if (strict ? !isDouble : !isNumeric) {
    throw schemaError(context, `column "${name}" has type ${String(type)}, expected ${strict ? 'Float64' : 'a numeric type'}`);
  }
  const out = new Float64Array(column.length);
  if (column.nullCount > 0) {
    for (let i = 0; i < column.length; i++) {
      const v = column.get(i);
      out[i] = v === null ? NaN : Number(v);
    }
    return out;
  }
  let offset = 0;
  for (const chunk of column.data) {
    const values = chunk.values as ArrayLike<number | bigint>;
    if (values instanceof Float64Array) out.set(values.subarray(0, chunk.length), offset);
    else for (let k = 0; k < chunk.length; k++) out[offset + k] = Number(values[k]);
    offset += chunk.length;
  }
  return out;
}

/** A Timestamp column (any unit) as ms since the epoch in a Float64Array; nulls become NaN. */
export function readTimestampMsColumn(table: Table, name: string, context: string): Float64Array {
  const column = requireColumn(table, name, context);
  const type = column.type;
  if (!DataType.isTimestamp(type)) throw schemaError(context, `column "${name}" has type ${String(type)}, expected a Timestamp`);
  const out = new Float64Array(column.length);
  const toMs = bigintToMs(type.unit);
  let offset = 0;
  for (const chunk of column.data) {
    const values = chunk.values as BigInt64Array;
    for (let k = 0; k < chunk.length; k++) {
      out[offset + k] = chunk.nullCount > 0 && !chunk.getValid(k) ? NaN : toMs(values[k]);
    }
    offset += chunk.length;
  }
  return out;
}

/** Exact conversion: divides as bigint first so ns values above 2^53 lose nothing at ms resolution. */
function bigintToMs(unit: TimeUnit): (v: bigint) => number {
  switch (unit) {
    case TimeUnit.SECOND:
      return (v) => Number(v) * 1000;
    case TimeUnit.MILLISECOND:
      return (v) => Number(v);
    case TimeUnit.MICROSECOND:
      return (v) => Number(v / 1000n) + Number(v % 1000n) / 1000;
    case TimeUnit.NANOSECOND:
      return (v) => Number(v / 1_000_000n) + Number(v % 1_000_000n) / 1_000_000;
  }
}

/** A UInt8 column as Uint8Array (strict: our mask column). */
export function readUint8Column(table: Table, name: string, context: string): Uint8Array {
  const column = requireColumn(table, name, context);
  const type = column.type;
  if (!(DataType.isInt(type) && type.bitWidth === 8 && !type.isSigned)) {
    throw schemaError(context, `column "${name}" has type ${String(type)}, expected Uint8`);
  }
  if (column.nullCount > 0) throw schemaError(context, `column "${name}" has ${column.nullCount} nulls, expected none`);
  const out = new Uint8Array(column.length);
  let offset = 0;
  for (const chunk of column.data) {
    out.set((chunk.values as Uint8Array).subarray(0, chunk.length), offset);
    offset += chunk.length;
  }
  return out;
}
