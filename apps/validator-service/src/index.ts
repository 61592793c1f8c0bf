export * from './stages/walk-forward.stage';
