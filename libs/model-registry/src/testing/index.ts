export * from './model-index-store.contract';
export * from './sample-card-draft';
