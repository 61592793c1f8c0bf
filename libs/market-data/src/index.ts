export * from './candles';
export * from './timeframe';
export * from './market-data-source';
export * from './market-data-error';
export * from './file-market-data-source';
export { parseCsvCandles } from './csv-candles';
export { parseFeatherCandles } from './feather-candles';
export * from './candles-arrow-codec';
export * from './feature-matrix-arrow-codec';
