export * from './fake-series-fetcher';
