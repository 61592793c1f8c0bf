export * from './walk-forward-splits';
export * from './purge';
