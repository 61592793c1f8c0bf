import type { NatsConnection } from '@nats-io/transport-node';
import { Command, Option } from 'commander';
import { isTimeframe } from '@ares/market-data';
import type { SeriesFetcher, SeriesKey, SeriesKind } from '@ares/market-data';
import { seriesKeyId, SERIES_KINDS } from '@ares/market-data';
import { MarketDataStore, SeriesSummary, TimeRange } from '@ares/market-store';
import { connectNats } from '@ares/messaging';

/** Where the commands write; a test passes its own sinks (and may claim a TTY). */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface DataCommandDeps {
  connect?: (url: string) => Promise<NatsConnection>;
  makeFetcher?: (exchangeId: string) => SeriesFetcher | Promise<SeriesFetcher>;
  stdout?: TextSink;
  stderr?: TextSink;
}

const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/**
 * `ares data sync` and `ares data ls`: the local market-data store (NATS KV manifest + Object Store
 * partitions). They talk to NATS directly, not to the orchestrator: syncing data needs no run.
 */
export function registerDataCommands(program: Command, deps: DataCommandDeps = {}): Command {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const data = program.command('data').description('the local market-data store (NATS_URL, default ' + DEFAULT_NATS_URL + ')');

  data
    .command('sync')
    .description('fetch the parts of a date range not stored yet, month by month; a re-run continues where a failed one stopped')
    .option('--exchange <id>', 'ccxt exchange id', 'binance')
    .requiredOption('--symbol <symbol>', 'spot symbol, e.g. BTC/USDT')
    .option('--timeframe <tf>', 'bar length, e.g. 1h', '1h')
    .requiredOption('--from <date>', 'inclusive start, YYYY-MM-DD or ISO 8601 (UTC)')
    .requiredOption('--to <date>', 'exclusive end, YYYY-MM-DD or ISO 8601 (UTC)')
    .option('--futures', 'also funding and open interest of the USDT-M perpetual, and spot aggregated trades')
    .addOption(new Option('--kinds <list>', `comma-separated series kinds instead of the defaults (${SERIES_KINDS.join(', ')})`))
    .action(async (options: SyncFlags) => {
      const fromMs = parseDate(options.from, '--from');
      const toMs = parseDate(options.to, '--to');
      if (fromMs >= toMs) throw new Error(`--from (${options.from}) must be before --to (${options.to})`);
      if (!isTimeframe(options.timeframe)) throw new Error(`Unknown timeframe "${options.timeframe}"`);
      const keys = seriesToSync(options);
      const fetcher = await (deps.makeFetcher ?? loadCcxtFetcher)(options.exchange);
      const abort = new AbortController();
      const onSigint = () => abort.abort(new Error('interrupted'));
      process.once('SIGINT', onSigint);
      try {
        await withStore(deps, async (store) => {
          stdout.write(`syncing ${formatRange([fromMs, toMs])} (end exclusive)\n`);
          for (const key of keys) {
            const id = seriesKeyId(key);
            const progress = progressReporter(stderr);
            try {
              const result = await store.sync(fetcher, key, fromMs, toMs, { signal: abort.signal, onProgress: progress.update });
              progress.end();
              stdout.write(
                result.requestedRanges.length === 0
                  ? `${id}: up to date\n`
                  : `${id}: fetched ${result.fetchedRows} rows in ${result.requestedRanges.length} request(s)\n`,
              );
            } catch (error) {
              progress.end();
              throw new Error(
                `sync of ${id} failed: ${(error as Error).message}. Months already stored are kept; run the same command again to continue.`,
                { cause: error },
              );
            }
          }
        });
      } finally {
        process.removeListener('SIGINT', onSigint);
        await (fetcher as { close?: () => unknown }).close?.();
      }
    });

  data
    .command('ls')
    .description('stored series: covered ranges, gaps between them, rows')
    .option('--json', 'print the summaries as JSON')
    .action(async (options: { json?: boolean }) => {
      const summaries = await withStore(deps, (store) => store.list());
      stdout.write(options.json ? `${JSON.stringify(summaries, null, 2)}\n` : renderSeriesTable(summaries));
    });
  return data;
}

interface SyncFlags {
  exchange: string;
  symbol: string;
  timeframe: string;
  from: string;
  to: string;
  futures?: boolean;
  kinds?: string;
}

/** ohlcv always; --futures adds funding + open interest on the USDT-M perpetual and aggregated trades on spot. */
export function seriesToSync(flags: Pick<SyncFlags, 'exchange' | 'symbol' | 'timeframe' | 'futures' | 'kinds'>): SeriesKey[] {
  const spot = flags.symbol.split(':')[0];
  const quote = spot.split('/')[1];
  if (!quote) throw new Error(`--symbol must look like BASE/QUOTE (e.g. BTC/USDT), got "${flags.symbol}"`);
  const perpetual = `${spot}:${quote}`;
  const kinds: SeriesKind[] = flags.kinds
    ? flags.kinds.split(',').map((k) => parseKind(k.trim()))
    : flags.futures
      ? ['ohlcv', 'funding', 'open-interest', 'agg-trades']
      : ['ohlcv'];
  return [...new Set(kinds)].map((kind): SeriesKey => {
    const usdm = kind === 'funding' || kind === 'open-interest';
    return {
      exchange: flags.exchange,
      marketType: usdm ? 'usdm' : 'spot',
      symbol: usdm ? perpetual : spot,
      timeframe: kind === 'funding' ? '-' : flags.timeframe,
      kind,
    };
  });
}

function parseKind(value: string): SeriesKind {
  if (!(SERIES_KINDS as readonly string[]).includes(value)) throw new Error(`Unknown series kind "${value}": expected ${SERIES_KINDS.join(', ')}`);
  return value as SeriesKind;
}

/** YYYY-MM-DD is midnight UTC; anything else must be ISO 8601 (a missing zone means UTC). */
export function parseDate(value: string, flag: string): number {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new Error(`${flag}: "${value}" is not a date (use YYYY-MM-DD or ISO 8601)`);
  return ms;
}

async function withStore<T>(deps: DataCommandDeps, use: (store: MarketDataStore) => Promise<T>): Promise<T> {
  const url = process.env.NATS_URL ?? DEFAULT_NATS_URL;
  const nc = await (deps.connect ?? ((u: string) => connectNats(u, 'ares-cli', { attempts: 2 })))(url);
  try {
    return await use(await MarketDataStore.open(nc));
  } finally {
    await nc.close();
  }
}

type ModuleLoader = () => Record<string, unknown>;

/**
 * The ccxt-backed fetcher, loaded only when needed: it lives in libs/market-data, and a lazy `require`
 * keeps this file compiling (and `ares data ls` working) in a build that does not have it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose: ccxt loads only for `data sync`
export function loadCcxtFetcher(exchangeId: string, load: ModuleLoader = () => require('@ares/market-data')): SeriesFetcher {
  const Source = load().CcxtMarketDataSource as (new (options: { exchangeId: string; apiUrl?: string }) => SeriesFetcher) | undefined;
  if (typeof Source !== 'function') {
    throw new Error(
      'the exchange source (CcxtMarketDataSource) is missing from libs/market-data in this build, so `ares data sync` cannot fetch; rebuild with it',
    );
  }
  return new Source({ exchangeId, apiUrl: process.env.ARES_EXCHANGE_API_URL });
}

/** A redrawn bar on a terminal; one line per month otherwise (logs, CI). */
function progressReporter(sink: TextSink): { update: (done: number, total: number, message: string) => void; end: () => void } {
  let drawn = false;
  return {
    update(done, total, message) {
      if (!sink.isTTY) {
        sink.write(`${done}/${total} ${message}\n`);
        return;
      }
      const width = 24;
      const filled = Math.round((done / Math.max(1, total)) * width);
      // \x1b[K clears what a longer previous message left on the line.
      sink.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${message}\x1b[K`);
      drawn = true;
    },
    end() {
      if (drawn) sink.write('\n');
      drawn = false;
    },
  };
}

/** Range ends at midnight print as dates, others with the time (UTC). */
export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

export function formatRange([from, to]: TimeRange): string {
  return `${formatTime(from)} → ${formatTime(to)}`;
}

export function renderSeriesTable(summaries: readonly SeriesSummary[]): string {
  if (summaries.length === 0) return 'no series stored\n';
  const rows = summaries.map((s) => [s.id, s.covered.map(formatRange).join(', ') || '-', s.gaps.map(formatRange).join(', ') || '-', String(s.rows)]);
  const table = [['SERIES', 'COVERED', 'GAPS', 'ROWS'], ...rows];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  return (
    table
      .map((row) =>
        row
          .map((cell, c) => (c === 3 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}
