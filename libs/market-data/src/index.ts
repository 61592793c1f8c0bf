export * from './candles';
export * from './lower-bound';
export * from './timeframe';
export * from './market-data-source';
export * from './market-data-error';
export * from './file-market-data-source';
export * from './funding';
export { parseCsvCandles, parseCsvColumns } from './csv-candles';
export { parseFeatherCandles, parseFeatherColumns } from './feather-candles';
export * from './candles-arrow-codec';
export * from './feature-matrix-arrow-codec';
export * from './market-series';
export * from './exchange';
export * from './forward-fill';
// Arrow building blocks, for other libs that store their own series (e.g. market-store's partitions).
export * from './arrow-columns';
export * from './arrow-format';
export * from './arrow-writer';
