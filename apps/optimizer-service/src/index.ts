export * from './stages/target-params.stage';
export * from './stages/coarse-optimization.stage';
export * from './stages/hpo.stage';
