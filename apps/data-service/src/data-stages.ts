import type { NatsConnection } from '@nats-io/transport-node';
import { FileMarketDataSource, MarketDataSource, SeriesFetcher } from '@ares/market-data';
import { MarketDataStore } from '@ares/market-store';
import { Stage } from '@ares/stage-runtime';
import { marketDataDir } from './default-data-dir';
import { StoredExchangeSource } from './exchange/stored-exchange-source';
import { CollectStage } from './stages/collect.stage';
import { PreprocessStage } from './stages/preprocess.stage';
import { ValidateDataStage } from './stages/validate-data.stage';

/**
 * The data-service's stages with their market-data sources: files always; the exchange (ccxt, through the
 * local incremental store) when the service has a NATS connection for the store.
 */
export async function dataStages(env: NodeJS.ProcessEnv = process.env, nc?: NatsConnection): Promise<Stage[]> {
  const sources: Record<string, MarketDataSource> = { file: new FileMarketDataSource({ directory: marketDataDir(env) }) };
  if (nc) sources.exchange = new StoredExchangeSource(await MarketDataStore.open(nc), exchangeFetchers(env));
  return [new CollectStage(sources), new PreprocessStage(), new ValidateDataStage()];
}

/** One ccxt source per exchange id, loaded only when an exchange run needs it (ccxt is large). */
function exchangeFetchers(env: NodeJS.ProcessEnv): (exchangeId: string) => SeriesFetcher {
  const fetchers = new Map<string, SeriesFetcher>();
  return (exchangeId) => {
    let fetcher = fetchers.get(exchangeId);
    if (!fetcher) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { CcxtMarketDataSource } = require('@ares/market-data') as typeof import('@ares/market-data');
      const rateLimitMs = env.ARES_EXCHANGE_RATE_LIMIT_MS ? Number(env.ARES_EXCHANGE_RATE_LIMIT_MS) : undefined;
      fetcher = new CcxtMarketDataSource({ exchangeId, apiUrl: env.ARES_EXCHANGE_API_URL, rateLimitMs, env });
      fetchers.set(exchangeId, fetcher);
    }
    return fetcher;
  };
}
