export * from './finite-rows';
export * from './cholesky';
export * from './standardizer';
export * from './logistic-regression';
