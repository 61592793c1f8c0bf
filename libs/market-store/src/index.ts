export * from './time-ranges';
export * from './month-partition';
export * from './market-store-buckets';
export * from './market-store-error';
export * from './series-manifest';
export * from './series-summary';
export * from './market-data-store';
