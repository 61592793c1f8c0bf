export * from './contiguous-runs';
export * from './rolling-window';
export * from './returns';
export * from './rolling-volatility';
export * from './atr';
export * from './rsi';
export * from './volume-zscore';
export * from './feature-set';
