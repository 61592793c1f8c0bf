/** Ares statistics: pure numeric code on typed arrays (no I/O, no clock). */
export * from './normal-distribution';
export * from './sample-moments';
export * from './probabilistic-sharpe-ratio';
export * from './expected-max-sharpe';
export * from './deflated-sharpe-ratio';
export * from './backtest-overfitting';
export * from './combinatorial-purged-splits';
export * from './purged-k-fold';
export * from './optimal-block-length';
export * from './stationary-bootstrap';
export * from './sharpe-difference-test';
export * from './array-split';
export * from './mixture-sprt';
export * from './sharpe-sample-size';
