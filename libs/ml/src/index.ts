export * from './features';
export * from './data-quality';
