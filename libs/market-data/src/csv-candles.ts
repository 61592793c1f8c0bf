import { Candles, CANDLE_VALUE_COLUMNS } from './candles';
import { MarketDataError } from './market-data-error';

/** Spellings of non-finite values kept as data (the quality checks report them); anything else unparsable is an error. */
const NON_FINITE = new Map<string, number>([
  ['nan', NaN],
  ['NaN', NaN],
  ['inf', Infinity],
  ['+inf', Infinity],
  ['-inf', -Infinity],
  ['Infinity', Infinity],
  ['+Infinity', Infinity],
  ['-Infinity', -Infinity],
]);

/** The field's value, or undefined when it is neither a number nor a known non-finite spelling. */
function parseField(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (NON_FINITE.has(t)) return NON_FINITE.get(t);
  const v = Number(t);
  return Number.isNaN(v) ? undefined : v;
}

/**
 * Parses candle CSV: a header naming `open_time` (ms UTC) and `open, high, low, close, volume`, in any order;
 * extra columns are ignored. Blank lines are skipped. Errors name the file line (1-based).
 */
export function parseCsvCandles(text: string, source: string): Candles {
  const [timestamps, open, high, low, close, volume] = parseCsvColumns(text, source, CANDLE_VALUE_COLUMNS);
  return { timestamps, open, high, low, close, volume, length: timestamps.length };
}

/**
 * Parses `open_time` (ms UTC) and the named numeric columns of a CSV with a header, in any column order; other
 * columns are ignored, blank lines skipped, spelled-out non-finite values kept. Returns `open_time` first, then the
 * named columns in the order asked. Errors name the file line (1-based).
 */
export function parseCsvColumns(text: string, source: string, valueColumns: readonly string[]): Float64Array[] {
  const required = ['open_time', ...valueColumns];
  const lines = text.split(/\r?\n/);
  const header =
    lines[0]
      ?.replace(/^\uFEFF/, '')
      .split(',')
      .map((h) => h.trim()) ?? [];
  const index = required.map((name) => {
    const i = header.indexOf(name);
    if (i < 0) {
      throw new MarketDataError('schema-error', `${source}: column "${name}" is missing from the header (found: ${header.join(', ') || 'nothing'})`);
    }
    return i;
  });

  let rows = 0;
  for (let l = 1; l < lines.length; l++) if (lines[l].trim() !== '') rows++;
  const columns = required.map(() => new Float64Array(rows));

  let row = 0;
  for (let l = 1; l < lines.length; l++) {
    const line = lines[l];
    if (line.trim() === '') continue;
    const fields = line.split(',');
    if (fields.length !== header.length) {
      throw new MarketDataError('parse-error', `${source}:${l + 1}: expected ${header.length} fields, found ${fields.length}: "${line}"`);
    }
    for (let c = 0; c < index.length; c++) {
      const raw = fields[index[c]];
      const value = parseField(raw);
      if (value === undefined) {
        throw new MarketDataError('parse-error', `${source}:${l + 1}: column "${required[c]}" is not a number: "${raw}"`);
      }
      columns[c][row] = value;
    }
    row++;
  }
  return columns;
}
