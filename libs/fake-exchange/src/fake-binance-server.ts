import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { BinanceApiError, BinanceQuery } from './binance-format';
import { FaultInjector, FaultsByPath } from './fault-injection';
import { fakeBinanceRoutes } from './fake-binance-routes';
import { DEFAULT_SAMPLE_DIR, SampleCandleBook } from './sample-candles';
import { DEFAULT_FUNDING_SCHEDULE, FundingStretch } from './synthetic-funding';

export interface FakeBinanceOptions {
  /** Directory of freqtrade-style sample candles (default: the project's vendored Binance 2023 data). */
  dataDir?: string;
  /** Seed for everything synthesised (trades, funding, open interest). Default 1. */
  seed?: number;
  /** Bar length the synthetic aggregate trades are cut from. Default '5m'. */
  tradesTimeframe?: string;
  fundingSchedule?: readonly FundingStretch[];
  faults?: FaultsByPath;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

export interface FakeBinance {
  /** Origin to point ccxt at, e.g. 'http://127.0.0.1:41234'. */
  url: string;
  /** Every request received, in order (including the ones a fault answered). */
  readonly requests: RecordedRequest[];
  /** Requests received for one path. */
  count(path: string): number;
  /** Forgets recorded requests and all faults. */
  reset(): void;
  /** Sets the fault plans of the given paths (restarting their counters). */
  setFaults(faults: FaultsByPath): void;
  stop(): Promise<void>;
}

/**
 * A local HTTP server that answers like Binance's public REST API (spot `/api/v3`, USDT-M `/fapi/v1`, `/futures/data`)
 * from the project's sample candles, with per-path fault injection. Binds 127.0.0.1 on a free port.
 */
export async function startFakeBinance(options: FakeBinanceOptions = {}): Promise<FakeBinance> {
  const book = await SampleCandleBook.open(options.dataDir ?? DEFAULT_SAMPLE_DIR);
  const routes = fakeBinanceRoutes(book, {
    seed: options.seed ?? 1,
    tradesTimeframe: options.tradesTimeframe ?? '5m',
    fundingSchedule: options.fundingSchedule ?? DEFAULT_FUNDING_SCHEDULE,
  });
  const faults = new FaultInjector();
  if (options.faults) faults.set(options.faults);
  const requests: RecordedRequest[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    requests.push({ method: req.method ?? 'GET', path, query: Object.fromEntries(url.searchParams) });
    const decision = faults.next(path);
    if (decision.delayMs > 0) await new Promise((r) => setTimeout(r, decision.delayMs).unref());
    if (res.destroyed) return; // the client gave up (timed out) while we waited
    const { outcome } = decision;
    if (outcome.kind === 'status') return send(res, outcome.status, outcome.body, outcome.headers);

    const route = routes.get(path);
    if (!route) return send(res, 404, '<html><body><h1>404 Not Found</h1></body></html>', { 'Content-Type': 'text/html' });
    let status = 200;
    let body: string;
    try {
      const value = await route(new BinanceQuery(url.searchParams));
      body = outcome.kind === 'empty' && Array.isArray(value) ? '[]' : JSON.stringify(value);
    } catch (err) {
      if (!(err instanceof BinanceApiError)) throw err;
      status = err.status;
      body = err.body();
    }
    if (outcome.kind === 'malformed') body = body.slice(0, Math.floor(body.length / 2));
    send(res, status, body, {});
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the fake itself: answer like an overloaded gateway so the test sees a failure, and say why.
      if (!res.headersSent) send(res, 500, JSON.stringify({ code: -1000, msg: `fake-binance: ${(err as Error).message}` }), {});
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (path) => requests.filter((r) => r.path === path).length,
    reset: () => {
      requests.length = 0;
      faults.clear();
    },
    setFaults: (f) => faults.set(f),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // ccxt keeps connections alive, and a delayed answer may still be pending: drop them so close() returns now.
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(body);
}
