import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Candles, sliceByTime } from './candles';
import { parseCsvCandles } from './csv-candles';
import { parseFeatherCandles } from './feather-candles';
import { parseCsvFunding, parseFeatherFunding, sliceFundingByTime } from './funding';
import { MarketDataError } from './market-data-error';
import { perpetualOf } from './market-series';
import { CandleRequest, FundingEvents, FundingSource, MarketDataSource } from './market-data-source';
import { parseTimeframe } from './timeframe';

export interface FileMarketDataSourceOptions {
  /**
   * Directory holding freqtrade-style files of one exchange: spot `BTC_USDT-1h.feather` / `.csv`; perpetual
   * `BTC_USDT_USDT-1h-futures.*` and `BTC_USDT_USDT-1h-funding_rate.*`, here or in its `futures/` subdirectory.
   */
  directory: string;
  /** When set, requests for another exchange are rejected instead of silently served from this directory. */
  exchange?: string;
}

interface ResolvedFile {
  path: string;
  /** The path relative to the directory, as fingerprints and messages name it (e.g. `futures/BTC_USDT_USDT-1h-futures.feather`). */
  name: string;
  format: 'feather' | 'csv';
  size: number;
  mtimeMs: number;
}

const SYMBOL = /^[A-Za-z0-9]+\/[A-Za-z0-9]+(:[A-Za-z0-9]+)?$/;
/** freqtrade keeps futures data under `<datadir>/futures/`. */
const FUTURES_SUBDIRECTORY = 'futures';
/**
 * Timeframes in funding-rate file names, tried in this order before the run's own: freqtrade names the file by its
 * `funding_fee_timeframe`, 1h today and 8h in older versions, not by the strategy's timeframe. Whatever the name says,
 * the file holds one row per funding time.
 */
const FUNDING_FILE_TIMEFRAMES = ['1h', '8h'];

/** freqtrade's file stem for a spot pair: 'BTC/USDT' → 'BTC_USDT'. */
export function pairFileStem(symbol: string): string {
  return symbol.replace(/[/:]/g, '_');
}

/** freqtrade's file stem for a symbol's perpetual (settled in the quote unless it says otherwise): 'BTC/USDT' and 'BTC/USDT:USDT' → 'BTC_USDT_USDT'. */
export function perpetualFileStem(symbol: string): string {
  return pairFileStem(perpetualOf(symbol));
}

/** What a request looks for: file names in preference order, in which directories, and how errors call it. */
interface FileSearch {
  what: string;
  stem: string;
  /** Whose files the error lists: the symbol for spot, the perpetual's stem otherwise. */
  owner: string;
  names: string[];
  directories: string[];
}

/**
 * Candles (and perpetual funding) from freqtrade-style files in one directory. Spot: `<BASE>_<QUOTE>-<tf>.feather`,
 * else `.csv`. Perpetual (`market: 'perpetual'`): candles from `<BASE>_<QUOTE>_<SETTLE>-<tf>-futures.feather|.csv`,
 * funding from `<BASE>_<QUOTE>_<SETTLE>-<1h|8h|tf>-funding_rate.feather|.csv` (the rate in `open`), each looked for
 * in the directory and then in its `futures/` subdirectory. Rows come back as the file has them (no sorting, no dedupe)
 * within [fromMs, toMs).
 */
export class FileMarketDataSource implements MarketDataSource, FundingSource {
  readonly kind = 'file';
  private readonly hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();

  constructor(private readonly options: FileMarketDataSourceOptions) {}

  async fetchCandles(request: CandleRequest, signal?: AbortSignal): Promise<Candles> {
    signal?.throwIfAborted();
    const file = await this.resolve(request, this.candleSearch(request));
    const bytes = await readFile(file.path, { signal });
    const candles = file.format === 'feather' ? parseFeatherCandles(bytes, file.path) : parseCsvCandles(bytes.toString('utf8'), file.path);
    signal?.throwIfAborted();
    return sliceByTime(candles, request.fromMs, request.toMs);
  }

  async fetchFunding(request: CandleRequest, signal?: AbortSignal): Promise<FundingEvents> {
    signal?.throwIfAborted();
    const file = await this.resolve(request, this.fundingSearch(request));
    const bytes = await readFile(file.path, { signal });
    const events = file.format === 'feather' ? parseFeatherFunding(bytes, file.path) : parseCsvFunding(bytes.toString('utf8'), file.path);
    signal?.throwIfAborted();
    return sliceFundingByTime(events, request.fromMs, request.toMs);
  }

  /**
   * `file|<exchange>|<symbol>|<timeframe>|<fromMs>|<toMs>|<file name>|sha256:<hex>`, and for a perpetual request
   * `|<funding file name>|sha256:<hex>` after it (file names relative to the directory, e.g. `futures/…`).
   * Content hash rather than path/mtime so replicas on other machines agree; the hash is cached per path+size+mtime.
   */
  async fingerprint(request: CandleRequest): Promise<string> {
    const file = await this.resolve(request, this.candleSearch(request));
    const { exchange, symbol, timeframe, fromMs, toMs } = request;
    const parts: (string | number)[] = ['file', exchange, symbol, timeframe, fromMs, toMs, file.name, `sha256:${await this.hashOf(file)}`];
    if (request.market === 'perpetual') {
      const funding = await this.resolve(request, this.fundingSearch(request));
      parts.push(funding.name, `sha256:${await this.hashOf(funding)}`);
    }
    return parts.join('|');
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

  private candleSearch(request: CandleRequest): FileSearch {
    if (request.market === 'perpetual') {
      const stem = perpetualFileStem(request.symbol);
      return {
        what: `perpetual candle file for ${request.symbol} ${request.timeframe}`,
        stem,
        owner: stem,
        names: withFormats(`${stem}-${request.timeframe}-futures`),
        directories: ['', FUTURES_SUBDIRECTORY],
      };
    }
    const stem = pairFileStem(request.symbol);
    return {
      what: `candle file for ${request.symbol} ${request.timeframe}`,
      stem,
      owner: request.symbol,
      names: withFormats(`${stem}-${request.timeframe}`),
      directories: [''],
    };
  }

  private fundingSearch(request: CandleRequest): FileSearch {
    const stem = perpetualFileStem(request.symbol);
    const timeframes = [...new Set([...FUNDING_FILE_TIMEFRAMES, request.timeframe])];
    return {
      what: `funding-rate file for ${request.symbol} (perpetual ${stem})`,
      stem,
      owner: stem,
      names: timeframes.flatMap((tf) => withFormats(`${stem}-${tf}-funding_rate`)),
      directories: ['', FUTURES_SUBDIRECTORY],
    };
  }

  /** Validates the request and finds its file; every error says what is wrong and what is there instead. */
  private async resolve(request: CandleRequest, search: FileSearch): Promise<ResolvedFile> {
    this.validate(request);
    const { directory } = this.options;
    const dirStat = await stat(directory).catch(() => undefined);
    if (!dirStat) throw new MarketDataError('directory-missing', `Market data directory does not exist: ${directory}`);
    if (!dirStat.isDirectory()) throw new MarketDataError('directory-missing', `Market data path is not a directory: ${directory}`);

    for (const subdirectory of search.directories) {
      for (const fileName of search.names) {
        const name = subdirectory ? `${subdirectory}/${fileName}` : fileName;
        const path = join(directory, name);
        const s = await stat(path).catch(() => undefined);
        if (s?.isFile()) return { path, name, format: fileName.endsWith('.csv') ? 'csv' : 'feather', size: s.size, mtimeMs: s.mtimeMs };
      }
    }
    const prefix = `${search.stem}-`;
    const available: string[] = [];
    for (const subdirectory of search.directories) {
      const names = await readdir(join(directory, subdirectory)).catch(() => [] as string[]);
      available.push(...names.filter((f) => f.startsWith(prefix)).map((f) => (subdirectory ? `${subdirectory}/${f}` : f)));
    }
    available.sort();
    const where = search.directories.map((d) => (d ? join(directory, d) : directory)).join(' or ');
    throw new MarketDataError(
      'file-missing',
      `No ${search.what} in ${where} (looked for ${search.names.join(', ')}); ` +
        (available.length ? `files for ${search.owner}: ${available.join(', ')}` : `there are no files for ${search.owner}`),
    );
  }
  private validate(request: CandleRequest): void {
    const bad = (msg: string) => new MarketDataError('invalid-request', msg);
    if (this.options.exchange !== undefined && request.exchange !== this.options.exchange) {
      throw bad(`This file source serves exchange "${this.options.exchange}", not "${request.exchange}"`);
    }
    if (request.market !== undefined && request.market !== 'spot' && request.market !== 'perpetual') {
      throw bad(`Market ${JSON.stringify(request.market)} is neither "spot" nor "perpetual"`);
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

/** A file stem's names in preference order: Feather, then CSV. */
function withFormats(stem: string): string[] {
  return [`${stem}.feather`, `${stem}.csv`];
}
