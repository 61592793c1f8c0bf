export * from './stages/target-params.stage';
