export * from './stages/walk-forward.stage';
export * from './stages/cross-validation.stage';
export * from './stages/monte-carlo.stage';
export * from './stages/ab-setup.stage';
export * from './stages/report.stage';
