import { SampleMarket } from './sample-candles';

/** Filters ccxt reads for precision and limits; values are Binance's for BTCUSDT, plausible for the rest. */
function filters(): object[] {
  return [
    { filterType: 'PRICE_FILTER', minPrice: '0.01000000', maxPrice: '1000000.00000000', tickSize: '0.01000000' },
    { filterType: 'LOT_SIZE', minQty: '0.00001000', maxQty: '9000.00000000', stepSize: '0.00001000' },
    { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: '100.00000000', stepSize: '0.00000000' },
    { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000' },
  ];
}

const RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
];

/** `/api/v3/exchangeInfo`: one TRADING spot symbol per sample market. */
export function spotExchangeInfo(markets: SampleMarket[], serverTime: number): object {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: RATE_LIMITS,
    exchangeFilters: [],
    symbols: markets.map((m) => ({
      symbol: m.id,
      status: 'TRADING',
      baseAsset: m.base,
      baseAssetPrecision: 8,
      quoteAsset: m.quote,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
      icebergAllowed: true,
      ocoAllowed: true,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: true,
      filters: filters(),
      permissions: [],
      permissionSets: [['SPOT', 'MARGIN']],
      defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
    })),
  };
}

/** `/fapi/v1/exchangeInfo`: a USDT-margined PERPETUAL per sample market (ccxt names it BASE/USDT:USDT). */
export function usdmExchangeInfo(markets: SampleMarket[], serverTime: number): object {
  return {
    timezone: 'UTC',
    serverTime,
    futuresType: 'U_MARGINED',
    rateLimits: RATE_LIMITS,
    exchangeFilters: [],
    assets: [{ asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' }],
    symbols: markets.map((m) => ({
      symbol: m.id,
      pair: m.id,
      contractType: 'PERPETUAL',
      deliveryDate: 4133404800000,
      onboardDate: 1569398400000,
      status: 'TRADING',
      baseAsset: m.base,
      quoteAsset: m.quote,
      marginAsset: m.quote,
      pricePrecision: 2,
      quantityPrecision: 3,
      baseAssetPrecision: 8,
      quotePrecision: 8,
      underlyingType: 'COIN',
      underlyingSubType: [],
      settlePlan: 0,
      triggerProtect: '0.0500',
      liquidationFee: '0.012500',
      marketTakeBound: '0.05',
      filters: filters(),
      orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
      timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
    })),
  };
}

/** `/dapi/v1/exchangeInfo` (coin-margined): no markets here, but ccxt's default loadMarkets asks for it. */
export function coinmExchangeInfo(serverTime: number): object {
  return { timezone: 'UTC', serverTime, rateLimits: RATE_LIMITS, exchangeFilters: [], symbols: [] };
}

/** `/eapi/v1/exchangeInfo` (options): empty; ccxt asks only with `fetchMarkets.types` including 'option'. */
export function optionsExchangeInfo(serverTime: number): object {
  return { timezone: 'UTC', serverTime, optionContracts: [], optionAssets: [], optionSymbols: [], rateLimits: RATE_LIMITS };
}
