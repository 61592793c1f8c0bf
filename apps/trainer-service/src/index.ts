export * from './stages/train.stage';
export * from './stages/ensemble.stage';
export * from './stages/meta-learner.stage';
export * from './stages/stored-model';
export * from './stages/save-model.stage';
