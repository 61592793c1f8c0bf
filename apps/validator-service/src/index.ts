export * from './stages/walk-forward.stage';
export * from './stages/cross-validation.stage';
export * from './stages/monte-carlo.stage';
