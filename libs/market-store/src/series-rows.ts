import { lowerBound } from '@ares/market-data';
import type { SeriesChunk } from '@ares/market-data';
import { rangeContains, TimeRange } from './time-ranges';

/**
 * Row operations on SeriesChunk (column-major Float64Arrays): selecting, sorting, merging and slicing by time.
 * They work on row-index lists and gather each column once, so no per-row objects are made.
 */

export function emptyRows(columns: readonly string[]): SeriesChunk {
  return { timestamps: new Float64Array(0), columns: Object.fromEntries(columns.map((c) => [c, new Float64Array(0)])) };
}

/** Throws unless every column is a Float64Array as long as the timestamps. */
export function checkRows(chunk: SeriesChunk, context: string): void {
  if (!(chunk.timestamps instanceof Float64Array)) throw new Error(`${context}: timestamps must be a Float64Array`);
  for (const [name, values] of Object.entries(chunk.columns)) {
    if (!(values instanceof Float64Array) || values.length !== chunk.timestamps.length) {
      throw new Error(`${context}: column "${name}" must be a Float64Array of ${chunk.timestamps.length} values`);
    }
  }
}

function gather(chunk: SeriesChunk, rows: readonly number[], columns: readonly string[]): SeriesChunk {
  const timestamps = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) timestamps[i] = chunk.timestamps[rows[i]];
  const out: Record<string, Float64Array> = {};
  for (const name of columns) {
    const source = chunk.columns[name];
    const target = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) target[i] = source[rows[i]];
    out[name] = target;
  }
  return { timestamps, columns: out };
}

/**
 * The rows whose timestamp lies in `ranges`, sorted, one row per timestamp (the last one given wins),
 * with exactly `columns`. A fetcher may return rows outside what was asked; they are not covered, so they are dropped.
 */
export function selectRows(chunk: SeriesChunk, ranges: readonly TimeRange[], columns: readonly string[]): SeriesChunk {
  const ts = chunk.timestamps;
  const rows: number[] = [];
  let increasing = true;
  for (let i = 0; i < ts.length; i++) {
    if (!Number.isFinite(ts[i]) || !rangeContains(ranges, ts[i])) continue;
    if (rows.length > 0 && ts[i] <= ts[rows[rows.length - 1]]) increasing = false;
    rows.push(i);
  }
  if (increasing) return gather(chunk, rows, columns);
  // Unsorted or duplicated input: a stable sort by time, then keep the last row of each timestamp.
  rows.sort((x, y) => ts[x] - ts[y] || x - y);
  const unique = rows.filter((row, k) => k === rows.length - 1 || ts[rows[k + 1]] !== ts[row]);
  return gather(chunk, unique, columns);
}

/** Merges two sorted, deduplicated chunks with the same columns; on equal timestamps the incoming row wins. */
export function mergeRows(existing: SeriesChunk, incoming: SeriesChunk, columns: readonly string[]): SeriesChunk {
  const a = existing.timestamps;
  const b = incoming.timestamps;
  // Plan the merge as (source, row) pairs in two typed arrays, then gather each column once.
  const fromIncoming = new Uint8Array(a.length + b.length);
  const rowOf = new Int32Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) {
      rowOf[n++] = i++;
    } else {
      if (i < a.length && a[i] === b[j]) i++;
      fromIncoming[n] = 1;
      rowOf[n++] = j++;
    }
  }
  const pick = (left: Float64Array, right: Float64Array): Float64Array => {
    const target = new Float64Array(n);
    for (let k = 0; k < n; k++) target[k] = fromIncoming[k] ? right[rowOf[k]] : left[rowOf[k]];
    return target;
  };
  const out: Record<string, Float64Array> = {};
  for (const name of columns) out[name] = pick(existing.columns[name], incoming.columns[name]);
  return { timestamps: pick(a, b), columns: out };
}

/** Rows of a sorted chunk in [fromMs, toMs), as copies. */
export function sliceRows(chunk: SeriesChunk, fromMs: number, toMs: number): SeriesChunk {
  const start = lowerBound(chunk.timestamps, fromMs);
  const end = Math.max(start, lowerBound(chunk.timestamps, toMs));
  const columns: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(chunk.columns)) columns[name] = values.slice(start, end);
  return { timestamps: chunk.timestamps.slice(start, end), columns };
}

/** Concatenates chunks that are already in time order and do not overlap. */
export function concatRows(chunks: readonly SeriesChunk[], columns: readonly string[]): SeriesChunk {
  const total = chunks.reduce((n, c) => n + c.timestamps.length, 0);
  const timestamps = new Float64Array(total);
  const out: Record<string, Float64Array> = Object.fromEntries(columns.map((c) => [c, new Float64Array(total)]));
  let offset = 0;
  for (const chunk of chunks) {
    timestamps.set(chunk.timestamps, offset);
    for (const name of columns) out[name].set(chunk.columns[name], offset);
    offset += chunk.timestamps.length;
  }
  return { timestamps, columns: out };
}
