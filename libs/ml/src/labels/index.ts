export * from './triple-barrier';
