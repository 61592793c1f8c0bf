import { createWriteStream } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a freqtrade-style CSV of `bars` seeded random-walk 1m candles for `symbol` into `dir`.
 * Big enough that collecting it takes seconds, which gives crash tests a stage to kill mid-way.
 */
export async function writeSyntheticMinuteCsv(
  dir: string,
  symbol: string,
  bars: number,
  startMs = Date.UTC(2020, 0, 1),
  seed = 7,
): Promise<{ fromMs: number; toMs: number }> {
  const file = join(dir, `${symbol.replace('/', '_')}-1m.csv`);
  const out = createWriteStream(file);
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  let price = 30_000;
  const lines: string[] = ['open_time,open,high,low,close,volume'];
  for (let i = 0; i < bars; i++) {
    const open = price;
    const close = open * Math.exp((random() - 0.5) * 0.002);
    const high = Math.max(open, close) * (1 + random() * 0.0005);
    const low = Math.min(open, close) * (1 - random() * 0.0005);
    lines.push(`${startMs + i * 60_000},${open.toFixed(2)},${high.toFixed(2)},${low.toFixed(2)},${close.toFixed(2)},${(random() * 10).toFixed(5)}`);
    price = close;
    if (lines.length >= 50_000) {
      if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      lines.length = 0;
    }
  }
  out.write(lines.length ? `${lines.join('\n')}\n` : '');
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { fromMs: startMs, toMs: startMs + bars * 60_000 };
}
