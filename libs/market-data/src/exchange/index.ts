export * from './ccxt-exchange';
export * from './retry';
export * from './time-pagination';
export * from './agg-trade-bars';
export * from './abortable';
export * from './ccxt-market-data-source';
export * from './ccxt-module';
