export * from './stage-artifacts';
