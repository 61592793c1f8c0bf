import { modelIndexStoreContract } from './testing';
import { InMemoryModelIndexStore } from './in-memory-model-index-store';

modelIndexStoreContract('in memory', async () => ({ store: new InMemoryModelIndexStore() }));
