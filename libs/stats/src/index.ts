/** Ares statistics: pure numeric code on typed arrays (no I/O, no clock). */
export * from './normal-distribution';
export * from './sample-moments';
export * from './probabilistic-sharpe-ratio';
