export * from './stages/train.stage';
