import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Candles, sliceByTime } from './candles';
import { parseCsvCandles } from './csv-candles';
import { parseFeatherCandles } from './feather-candles';
import { MarketDataError } from './market-data-error';
import { CandleRequest, MarketDataSource } from './market-data-source';
import { parseTimeframe } from './timeframe';

export interface FileMarketDataSourceOptions {
  /** Directory holding freqtrade-style files (`BTC_USDT-1h.feather` / `.csv`) of one exchange. */
  directory: string;
  /** When set, requests for another exchange are rejected instead of silently served from this directory. */
  exchange?: string;
}

interface ResolvedFile {
  path: string;
  format: 'feather' | 'csv';
  size: number;
  mtimeMs: number;
}

const SYMBOL = /^[A-Za-z0-9]+\/[A-Za-z0-9]+(:[A-Za-z0-9]+)?$/;

/** freqtrade's file stem for a pair: 'BTC/USDT' → 'BTC_USDT'. */
export function pairFileStem(symbol: string): string {
  return symbol.replace(/[/:]/g, '_');
}

/**
 * Candles from freqtrade-style files in one directory: `<BASE>_<QUOTE>-<timeframe>.feather`, else `.csv`.
 * Rows come back as the file has them (no sorting, no dedupe) within [fromMs, toMs).
 */
export class FileMarketDataSource implements MarketDataSource {
  readonly kind = 'file';
  private readonly hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

  constructor(private readonly options: FileMarketDataSourceOptions) {}

  async fetchCandles(request: CandleRequest, signal?: AbortSignal): Promise<Candles> {
    signal?.throwIfAborted();
    const file = await this.resolve(request);
    const bytes = await readFile(file.path, { signal });
    const candles = file.format === 'feather' ? parseFeatherCandles(bytes, file.path) : parseCsvCandles(bytes.toString('utf8'), file.path);
    signal?.throwIfAborted();
    return sliceByTime(candles, request.fromMs, request.toMs);
  }

  /**
   * `file|<exchange>|<symbol>|<timeframe>|<fromMs>|<toMs>|<file name>|sha256:<hex>`.
   * Content hash rather than path/mtime so replicas on other machines agree; the hash is cached per path+size+mtime.
   */
  async fingerprint(request: CandleRequest): Promise<string> {
    const file = await this.resolve(request);
    const sha256 = await this.hashOf(file);
    const { exchange, symbol, timeframe, fromMs, toMs } = request;
    return ['file', exchange, symbol, timeframe, fromMs, toMs, basename(file.path), `sha256:${sha256}`].join('|');
  }

  private async hashOf(file: ResolvedFile): Promise<string> {
    const cached = this.hashes.get(file.path);
    if (cached && cached.size === file.size && cached.mtimeMs === file.mtimeMs) return cached.sha256;
    const sha256 = createHash('sha256')
      .update(await readFile(file.path))
      .digest('hex');
    this.hashes.set(file.path, { size: file.size, mtimeMs: file.mtimeMs, sha256 });
    return sha256;
  }

  /** Validates the request and finds its file; every error says what is wrong and what is there instead. */
  private async resolve(request: CandleRequest): Promise<ResolvedFile> {
    this.validate(request);
    const { directory } = this.options;
    const dirStat = await stat(directory).catch(() => undefined);
    if (!dirStat) throw new MarketDataError('directory-missing', `Market data directory does not exist: ${directory}`);
    if (!dirStat.isDirectory()) throw new MarketDataError('directory-missing', `Market data path is not a directory: ${directory}`);

    const stem = `${pairFileStem(request.symbol)}-${request.timeframe}`;
    for (const format of ['feather', 'csv'] as const) {
      const path = join(directory, `${stem}.${format}`);
      const s = await stat(path).catch(() => undefined);
      if (s?.isFile()) return { path, format, size: s.size, mtimeMs: s.mtimeMs };
    }
    const prefix = `${pairFileStem(request.symbol)}-`;
    const available = (await readdir(directory)).filter((f) => f.startsWith(prefix)).sort();
    throw new MarketDataError(
      'file-missing',
      `No candle file for ${request.symbol} ${request.timeframe} in ${directory} (looked for ${stem}.feather, ${stem}.csv); ` +
        (available.length ? `files for ${request.symbol}: ${available.join(', ')}` : `there are no files for ${request.symbol}`),
    );
  }

  private validate(request: CandleRequest): void {
    const bad = (msg: string) => new MarketDataError('invalid-request', msg);
    if (this.options.exchange !== undefined && request.exchange !== this.options.exchange) {
      throw bad(`This file source serves exchange "${this.options.exchange}", not "${request.exchange}"`);
    }
    if (!SYMBOL.test(request.symbol)) throw bad(`Symbol ${JSON.stringify(request.symbol)} is not of the form BASE/QUOTE, e.g. BTC/USDT`);
    try {
      parseTimeframe(request.timeframe);
    } catch (err) {
      throw bad((err as Error).message);
    }
    if (!Number.isFinite(request.fromMs) || !Number.isFinite(request.toMs) || request.fromMs > request.toMs) {
      throw bad(`Time range [${request.fromMs}, ${request.toMs}) is not a finite range with fromMs <= toMs`);
    }
  }
}
